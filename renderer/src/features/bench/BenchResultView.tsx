import type { BenchResult } from '../../../../api/bench.ts';
import { BenchBarChart } from '../../charts/BenchBarChart.tsx';
import { memoryBars, timeBars } from './benchBars.ts';
import { BenchRowsTable } from './BenchRowsTable.tsx';

const versions = (record: Record<string, string>): string =>
  Object.entries(record)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ') || 'none';

/** One bench: its command, the rows as a table, median time with its spread and peak memory as charts, the environment. */
export function BenchResultView({ result }: { result: BenchResult }) {
  const env = result.environment;
  const times = timeBars(result.rows);
  const memory = memoryBars(result.rows);
  return (
    <div className="bench-result" data-testid="bench-result" data-run={result.runId}>
      <p className="muted small">
        <code data-testid="bench-command">{result.command}</code> · {result.rows.length} rows, {result.repeats} timed runs each after a warm-up · setup{' '}
        {result.setupSeconds.toFixed(1)} s, whole bench {result.seconds.toFixed(1)} s
        {result.failed > 0 && ` · ${result.failed} failed`}
        {result.skipped > 0 && ` · ${result.skipped} skipped`}
      </p>
      <BenchRowsTable rows={result.rows} />
      {times.length > 0 && (
        <BenchBarChart
          bars={times}
          measure="Median seconds"
          format={(v) => `${v.toFixed(v < 10 ? 2 : 1)} s`}
          testId="bench-time-chart"
          caption="Median wall time of each row's timed runs; the whisker runs from the fastest to the slowest. Colour: the factor the row changes from its workload's baseline."
        />
      )}
      {memory.length > 0 && (
        <BenchBarChart
          bars={memory}
          measure="Peak RSS MiB"
          format={(v) => `${v.toFixed(0)} MiB`}
          testId="bench-memory-chart"
          caption="The process's largest resident set while the row's runs ran."
        />
      )}
      <h3>Environment</h3>
      <dl className="facts" data-testid="bench-environment">
        <dt>CPU</dt>
        <dd>
          {env.cpu}, {env.cores} cores ({env.arch})
        </dd>
        <dt>RAM</dt>
        <dd>{env.memoryGiB} GiB</dd>
        <dt>OS</dt>
        <dd>
          {env.platform} ({env.hostname})
        </dd>
        <dt>Node</dt>
        <dd>{env.node}</dd>
        <dt>Packages</dt>
        <dd>{versions(env.packages)}</dd>
        <dt>Solvers</dt>
        <dd>{versions(env.solvers)}</dd>
      </dl>
    </div>
  );
}
