import type { CompareEntry } from '../../../../api/solvers.ts';
import { count, percent } from '../../components/figures.ts';
import { runKey, runLabel, solverName, startName } from './compareRuns.ts';
import { significant } from './significant.ts';

/** One row per run of the comparison: how each solver ended, what it found, how far it proved it, and at what cost; then what each solver said of an ending that was not optimal. */
export function ComparisonTable({ entries, colourOf }: { entries: CompareEntry[]; colourOf: (key: string) => string }) {
  const messages = entries.filter((e) => e.message);
  return (
    <>
      <div className="scroll" role="region" aria-label="Comparison table" tabIndex={0}>
        <table className="table compact sticky" data-testid="comparison-table">
          <caption className="sr-only">Each solver’s run of the model</caption>
          <thead>
            <tr>
              <th scope="col">Solver</th>
              <th scope="col">Start</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Objective</th>
              <th scope="col" className="num">Bound</th>
              <th scope="col" className="num">Gap</th>
              <th scope="col" className="num">Seconds</th>
              <th scope="col" className="num">Nodes</th>
              <th scope="col" className="num">Iterations</th>
              <th scope="col" className="num">Tracking error</th>
              <th scope="col" className="num">Names</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={runKey(e)} data-testid="comparison-row" data-solver={e.solver} data-start={e.start} data-status={e.status} data-objective={e.objective ?? ''} data-names={e.names ?? ''}>
                <th scope="row" className="nowrap">
                  <span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 10, marginRight: 6, background: colourOf(runKey(e)) }} />
                  {solverName(e.solver)} <span className="muted small">{e.solverVersion}</span>
                </th>
                <td className="nowrap">{startName(e.start)}</td>
                <td className={`nowrap ${e.status === 'optimal' ? 'over' : e.status === 'error' || e.status.startsWith('infeasible') ? 'under' : ''}`}>{e.status}</td>
                <td className="num">{significant(e.objective)}</td>
                <td className="num">{significant(e.bound)}</td>
                <td className="num">{percent(e.gap)}</td>
                <td className="num">{e.seconds.toFixed(2)}</td>
                <td className="num">{count(e.nodes)}</td>
                <td className="num">{count(e.iterations)}</td>
                <td className="num">{percent(e.trackingError)}</td>
                <td className="num">{count(e.names)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {messages.length > 0 && (
        <ul className="warnings" aria-label="What each solver said of its ending" data-testid="solver-messages">
          {messages.map((e) => (
            <li key={runKey(e)}>
              <strong>{runLabel(e)}</strong>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
