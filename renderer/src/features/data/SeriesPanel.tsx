import { PriceChart } from '../../charts/PriceChart.tsx';
import { LoadableView } from '../../components/LoadableView.tsx';
import { useApp } from '../../state/useApp.ts';

/** Closes of the charted names against the index, each rebased to 100 on the first date it has a price. */
export function SeriesPanel() {
  const universe = useApp((s) => s.universe);
  const series = useApp((s) => s.series);
  const chartTickers = useApp((s) => s.chartTickers);
  const toggle = useApp((s) => s.toggleChartTicker);
  if (!universe) return null;
  return (
    <section className="panel" aria-labelledby="series-heading">
      <h2 id="series-heading">Prices and index</h2>
      <div className="chips" aria-label="Names on the chart">
        {chartTickers.map((t) => (
          <button key={t} type="button" className="chip" onClick={() => toggle(t)} aria-label={`Remove ${t} from the chart`}>
            {t} <span aria-hidden="true">×</span>
          </button>
        ))}
        {chartTickers.length === 0 && <span className="muted">Tick names in the members table to compare them with the index.</span>}
      </div>
      <LoadableView
        value={series}
        loadingLabel="Loading prices…"
        isEmpty={(s) => s.dates.length === 0 || (s.index === null && Object.keys(s.prices).length === 0)}
        empty="No prices to draw: this universe has no index series and no name is ticked."
      >
        {(s) => <PriceChart series={s} />}
      </LoadableView>
    </section>
  );
}
