import type { RunSummary } from '../../../../api/runs.ts';
import { milliseconds } from '../../components/figures.ts';

interface Props {
  runs: RunSummary[];
  chosen: number | null;
  second: number | null;
  onChoose: (id: number) => void;
}

/** When a run was made, to the second, in the store's own (UTC) clock. */
export function createdText(createdAt: string): string {
  return createdAt.replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, '').slice(0, 19);
}

/** The stored runs, newest first: what ran, how it ended, on what, and how long it took; a row's button shows its waterfall. */
export function RunHistoryTable({ runs, chosen, second, onChoose }: Props) {
  return (
    <div className="scroll runs-history">
      <table className="table compact sticky" data-testid="runs-table">
        <caption className="sr-only">Stored runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Created (UTC)</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Universe</th>
            <th scope="col">Use case</th>
            <th scope="col">Solver</th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr
              key={r.id}
              className={r.id === chosen ? 'selected' : r.id === second ? 'paired' : undefined}
              data-testid={`runs-row-${r.id}`}
              data-run={r.id}
              data-kind={r.kind}
              data-status={r.status}
            >
              <th scope="row">
                <button type="button" className="link" onClick={() => onChoose(r.id)} aria-current={r.id === chosen ? 'true' : undefined} aria-label={`Run ${r.id}`}>
                  #{r.id}
                </button>
                {r.id === second && <span className="badge">beside</span>}
              </th>
              <td className="nowrap">{createdText(r.createdAt)}</td>
              <td>{r.kind}</td>
              <td>{r.status}</td>
              <td>{r.universe ?? '—'}</td>
              <td>{r.useCase ?? '—'}</td>
              <td>{r.solver ?? '—'}</td>
              <td className="num">{milliseconds(r.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
