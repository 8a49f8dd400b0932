import type { UniverseSummary } from '../../../../api/domain.ts';
import { count } from '../../components/figures.ts';
import { useApp } from '../../state/useApp.ts';

/** Universes with their size and date range; a universe's name selects it for the panels beside. */
export function UniverseList({ universes }: { universes: UniverseSummary[] }) {
  const selected = useApp((s) => s.universe);
  const select = useApp((s) => s.selectUniverse);
  return (
    <table className="table compact" data-testid="universe-list">
      <caption className="sr-only">Universes in the store</caption>
      <thead>
        <tr>
          <th scope="col">Universe</th>
          <th scope="col" className="num">Members</th>
          <th scope="col" className="num">Days</th>
          <th scope="col">Dates</th>
        </tr>
      </thead>
      <tbody>
        {universes.map((u) => (
          <tr key={u.name} className={u.name === selected ? 'selected' : undefined}>
            <th scope="row">
              <button type="button" className="link" aria-pressed={u.name === selected} onClick={() => void select(u.name)} data-testid={`universe-${u.name}`}>
                {u.name}
              </button>
              {u.hasIndex && <span className="badge subtle" title="has an index series">index</span>}
            </th>
            <td className="num">{count(u.members)}</td>
            <td className="num">{count(u.tradingDays)}</td>
            <td className="small">
              {u.firstDate ?? '—'}
              <br />
              {u.lastDate ?? '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
