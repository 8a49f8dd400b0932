import type { RaceEntrant } from '../../../../api/domain.ts';
import { decimal } from '../../components/figures.ts';

const OUTCOME_WORDS: Record<RaceEntrant['outcome'], string> = {
  won: 'won',
  cancelled: 'stopped when another won',
  finished: 'ended without winning',
  failed: 'failed',
  skipped: 'cannot take the model',
};

/** The solvers of a race (`solver: race`) and how each ended, the winner first as the core lists them. */
export function RaceEntrants({ entrants }: { entrants: readonly RaceEntrant[] }) {
  return (
    <table className="table compact" data-testid="race-entrants">
      <caption>The race: every installed solver on the model at once</caption>
      <thead>
        <tr>
          <th scope="col">Solver</th>
          <th scope="col">Outcome</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Objective
          </th>
          <th scope="col" className="num">
            Bound
          </th>
          <th scope="col" className="num">
            Seconds
          </th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {entrants.map((e) => (
          <tr key={e.solver} data-outcome={e.outcome}>
            <th scope="row">{e.solver}</th>
            <td>{OUTCOME_WORDS[e.outcome]}</td>
            <td>{e.status}</td>
            <td className="num">{decimal(e.objective, 6)}</td>
            <td className="num">{decimal(e.bound, 6)}</td>
            <td className="num">{e.seconds.toFixed(2)}</td>
            <td className="muted small">{e.message ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
