import { useState } from 'react';
import type { CompareResult } from '../../../../api/solvers.ts';
import { colourAt } from '../../charts/palette.ts';
import { GapChart } from '../../charts/GapChart.tsx';
import { RunBarChart } from '../../charts/RunBarChart.tsx';
import { count, decimal } from '../../components/figures.ts';
import { useApp } from '../../state/useApp.ts';
import { downloadCsv } from '../portfolio/downloadCsv.ts';
import { comparisonCsv } from './comparisonCsv.ts';
import { ComparisonTable } from './ComparisonTable.tsx';
import { runKey, runLabel } from './compareRuns.ts';
import { gapSeries } from './gapSeries.ts';
import { PortfolioDifferencesView } from './PortfolioDifferencesView.tsx';
import { significant } from './significant.ts';

/** A finished comparison: how it ran, the table, the charts, two portfolios side by side, the warnings. */
export function CompareResultView({ result }: { result: CompareResult }) {
  const pair = useApp((s) => s.comparePair);
  const choosePair = useApp((s) => s.chooseComparePair);
  const [saved, setSaved] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const keys = result.entries.map(runKey);
  const colourOf = (key: string): string => colourAt(Math.max(keys.indexOf(key), 0));
  const bars = (value: (e: CompareResult['entries'][number]) => number | null) =>
    result.entries.map((e) => ({ label: runLabel(e), value: value(e), colour: colourOf(runKey(e)) }));
  const gaps = gapSeries(result.entries).map((s) => ({ ...s, colour: colourOf(s.key) }));
  const { disagreements, compared, tolerance } = result.agreement;

  const onExport = (): void => {
    try {
      const file = comparisonCsv(result);
      downloadCsv(file);
      setSaved(file.fileName);
      setExportError(null);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby="compare-table-heading" data-testid="compare-result">
        <div className="panel-head">
          <h2 id="compare-table-heading">
            Run <span data-testid="compare-run-id">{result.runId}</span>: {result.useCase} on {result.universe} as of {result.asOf}
          </h2>
          <div className="actions">
            <button type="button" className="primary" onClick={onExport} data-testid="compare-export">
              Export CSV
            </button>
          </div>
        </div>
        {saved && (
          <p className="notice notice-ok" role="status" data-testid="compare-export-status">
            Saved {saved}.
          </p>
        )}
        {exportError && (
          <p className="notice notice-error" role="alert">
            Export failed: {exportError}
          </p>
        )}
        <dl className="facts-inline">
          <div>
            <dt>Model</dt>
            <dd>
              {result.modelClass}, {count(result.modelSize.columns)} columns ({count(result.modelSize.integerColumns)} integer), {count(result.modelSize.rows)} rows
            </dd>
          </div>
          <div>
            <dt>Schedule</dt>
            <dd data-testid="compare-schedule">{result.schedule.words}</dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd data-testid="compare-start" data-objective={result.start?.objective ?? ''}>
              {result.start
                ? `${result.start.heuristic}: objective ${significant(result.start.objective)}, found in ${result.start.seconds.toFixed(2)} s`
                : `none: ${result.noStartReason ?? 'the comparison gave no reason'}`}
            </dd>
          </div>
          {disagreements.length === 0 && (
            <div>
              <dt>Agreement</dt>
              <dd data-testid="compare-agreement">
                {compared >= 2 ? `all ${compared} proven optima agree within ${decimal(tolerance, 8)}` : `${compared === 1 ? 'one proven optimum' : 'no proven optimum'}: nothing to compare`}
              </dd>
            </div>
          )}
        </dl>
        <ComparisonTable entries={result.entries} colourOf={colourOf} />
      </section>
      <div className="sector-layout">
        <section className="panel" aria-labelledby="compare-time-heading">
          <h2 id="compare-time-heading">Time</h2>
          <RunBarChart bars={bars((e) => e.seconds)} measure="Seconds" format={(v) => `${v.toFixed(1)} s`} testId="compare-time-chart" caption="Each solver’s wall-clock time: handing it the model, and its solve." />
        </section>
        <section className="panel" aria-labelledby="compare-objective-heading">
          <h2 id="compare-objective-heading">Objective</h2>
          <RunBarChart
            bars={bars((e) => e.objective)}
            measure="Objective"
            format={(v) => decimal(v, 6)}
            testId="compare-objective-chart"
            caption="The objective of each solver’s point (lower is better); a run without a point has no bar."
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="compare-gap-heading">
        <h2 id="compare-gap-heading">Gap over time</h2>
        {gaps.length > 0 ? (
          <GapChart lines={gaps} />
        ) : (
          <p className="status-line empty" data-testid="no-gap-series">
            No solver’s log reported a gap during its solve.
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="compare-diff-heading">
        <h2 id="compare-diff-heading">Portfolio differences</h2>
        <PortfolioDifferencesView entries={result.entries} pair={pair} onChoose={choosePair} />
      </section>
      {result.warnings.length > 0 && (
        <section className="panel" aria-labelledby="compare-warnings-heading">
          <h2 id="compare-warnings-heading">Warnings ({result.warnings.length})</h2>
          <ul className="warnings" data-testid="compare-warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
