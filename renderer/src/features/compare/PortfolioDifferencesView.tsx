import { useId } from 'react';
import type { CompareEntry } from '../../../../api/solvers.ts';
import { activePoints, percent } from '../../components/figures.ts';
import { runKey, runLabel } from './compareRuns.ts';
import { portfolioDifferences, TOP_DIFFERENCES } from './portfolioDifferences.ts';

interface Props {
  entries: CompareEntry[];
  /** the chosen runs' keys; null: the first two runs */
  pair: [string | null, string | null];
  onChoose: (side: 0 | 1, key: string) => void;
}

/** Two runs' portfolios set side by side: the names one holds and the other does not, and the 15 largest weight differences. */
export function PortfolioDifferencesView({ entries, pair, onChoose }: Props) {
  const id = useId();
  if (entries.length < 2) return <p className="status-line empty">One run only: nothing to set it against.</p>;
  const keys = entries.map(runKey);
  const keyA = pair[0] && keys.includes(pair[0]) ? pair[0] : keys[0]!;
  const keyB = pair[1] && keys.includes(pair[1]) ? pair[1] : keys[1]!;
  const a = entries[keys.indexOf(keyA)]!;
  const b = entries[keys.indexOf(keyB)]!;
  const d = portfolioDifferences(a.holdings, b.holdings);
  const select = (side: 0 | 1, value: string, label: string, testId: string) => (
    <label className="field inline">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChoose(side, e.target.value)} data-testid={testId}>
        {entries.map((e) => (
          <option key={runKey(e)} value={runKey(e)}>
            {runLabel(e)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div data-testid="portfolio-differences">
      <div className="toolbar">
        {select(0, keyA, 'Portfolio A', 'diff-a')}
        {select(1, keyB, 'Portfolio B', 'diff-b')}
      </div>
      {keyA === keyB && <p className="status-line empty">The same run twice: choose two different runs.</p>}
      <div className="sector-layout">
        <section aria-labelledby={`${id}-only-a`}>
          <h3 id={`${id}-only-a`}>
            Held by A only ({d.onlyA.length})
          </h3>
          <p className="small" data-testid="only-a">
            {d.onlyA.length ? d.onlyA.join(', ') : 'none'}
          </p>
        </section>
        <section aria-labelledby={`${id}-only-b`}>
          <h3 id={`${id}-only-b`}>
            Held by B only ({d.onlyB.length})
          </h3>
          <p className="small" data-testid="only-b">
            {d.onlyB.length ? d.onlyB.join(', ') : 'none'}
          </p>
        </section>
      </div>
      {d.largest.length === 0 ? (
        <p className="status-line empty" data-testid="no-differences">
          A and B hold the same weights (within a millionth of the portfolio).
        </p>
      ) : (
        <table className="table compact" data-testid="differences-table">
          <caption>Largest weight differences, A − B{d.largest.length === TOP_DIFFERENCES ? ` (top ${TOP_DIFFERENCES})` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Ticker</th>
              <th scope="col" className="num">Weight A</th>
              <th scope="col" className="num">Weight B</th>
              <th scope="col" className="num">Difference</th>
            </tr>
          </thead>
          <tbody>
            {d.largest.map((x) => (
              <tr key={x.ticker} data-testid="difference-row">
                <th scope="row">{x.ticker}</th>
                <td className="num">{percent(x.weightA)}</td>
                <td className="num">{percent(x.weightB)}</td>
                <td className={`num ${x.difference >= 0 ? 'over' : 'under'}`}>{activePoints(x.difference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
