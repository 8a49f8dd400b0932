import type { SolverRun } from '../../state/solverRunProgress.ts';
import { solverName, startName } from './compareRuns.ts';

const stateWords: Record<SolverRun['state'], string> = {
  waiting: 'waiting',
  running: 'running',
  done: 'done',
  'not-run': 'not run',
  stopped: 'stopped',
};

/** Each solve of the comparison as the job reports it: waiting, running, done, with the job's last words on it. */
export function SolverRunsTable({ runs }: { runs: SolverRun[] }) {
  if (runs.length === 0) return null;
  return (
    <table className="table compact" data-testid="solver-runs">
      <caption>Solves</caption>
      <thead>
        <tr>
          <th scope="col">Solver</th>
          <th scope="col">Start</th>
          <th scope="col">State</th>
          <th scope="col">Progress</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.stage} data-testid="solver-run" data-solver={r.solver} data-start={r.start} data-state={r.state}>
            <th scope="row">{solverName(r.solver)}</th>
            <td>{startName(r.start)}</td>
            <td>
              <span className={`stage stage-${r.state === 'running' ? 'current' : r.state === 'done' ? 'done' : 'pending'}`}>{stateWords[r.state]}</span>
            </td>
            <td className="muted small">{r.message ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
