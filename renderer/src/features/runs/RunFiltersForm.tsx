import { runKinds } from '../../../../api/runs.ts';
import type { RunFilters } from '../../state/runsSlice.ts';

interface Props {
  filters: RunFilters;
  /** what the status and universe filters offer: the values of the runs listed so far */
  facets: { statuses: string[]; universes: string[] };
  onChange: <K extends keyof RunFilters>(field: K, value: RunFilters[K]) => void;
  onRefresh: () => void;
  busy: boolean;
}

/** Which runs the history lists: by kind, status, universe, and those made since a date; each change lists again. */
export function RunFiltersForm({ filters, facets, onChange, onRefresh, busy }: Props) {
  // a value chosen earlier stays offered even when no listed run has it now
  const statuses = withValue(facets.statuses, filters.status);
  const universes = withValue(facets.universes, filters.universe);
  return (
    <form
      className="form filters"
      aria-label="Run filters"
      onSubmit={(e) => {
        e.preventDefault();
        onRefresh();
      }}
      data-testid="runs-filters"
    >
      <label className="field inline">
        <span>Kind</span>
        <select value={filters.kind} onChange={(e) => onChange('kind', e.target.value)} data-testid="runs-filter-kind">
          <option value="">any</option>
          {withValue([...runKinds], filters.kind).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <span>Status</span>
        <select value={filters.status} onChange={(e) => onChange('status', e.target.value)} data-testid="runs-filter-status">
          <option value="">any</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <span>Universe</span>
        <select value={filters.universe} onChange={(e) => onChange('universe', e.target.value)} data-testid="runs-filter-universe">
          <option value="">any</option>
          {universes.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <span>Since</span>
        <input type="date" value={filters.since} onChange={(e) => onChange('since', e.target.value)} data-testid="runs-filter-since" />
      </label>
      <button type="submit" disabled={busy} data-testid="runs-refresh">
        {busy ? 'Listing…' : 'Refresh'}
      </button>
    </form>
  );
}

function withValue(values: string[], value: string): string[] {
  return !value || values.includes(value) ? values : [...values, value].sort();
}
