import { solverIds } from '../../../../api/methods.ts';
import type { SolverAvailability } from '../../../../api/solvers.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/StatusLine.tsx';
import type { SolverId } from '../../state/compareSlice.ts';
import type { Loadable } from '../../state/loadable.ts';
import { solverName } from './compareRuns.ts';

interface Props {
  list: Loadable<SolverAvailability[]>;
  chosen: readonly SolverId[];
  onChange: (solver: SolverId, chosen: boolean) => void;
  onRetry: () => void;
  disabled: boolean;
}

/**
 * The solvers to compare, one box each: a solver this machine cannot run (not installed, no licence) cannot be
 * ticked, and says why. If the list cannot be had, every solver can be ticked and the core refuses what it lacks.
 */
export function SolverChoice({ list, chosen, onChange, onRetry, disabled }: Props) {
  const known = 'value' in list && list.value ? list.value : null;
  const rows: { id: SolverId; name: string; available: boolean; detail: string | null; reason: string | null }[] = known
    ? known.map((s) => ({ id: s.id, name: s.name, available: s.available, detail: [s.version, licenceWords(s)].filter(Boolean).join(' · ') || null, reason: s.reason }))
    : solverIds.map((id) => ({ id, name: solverName(id), available: true, detail: null, reason: null }));
  return (
    <fieldset className="radio-group" data-testid="compare-solvers" aria-describedby="solvers-hint">
      <legend>Solvers</legend>
      {list.status === 'loading' && !known && <Loading label="Asking which solvers this machine has…" />}
      {list.status === 'error' && (
        <>
          <ErrorNotice error={list.error} context="Listing the solvers" />
          <button type="button" className="link" onClick={onRetry}>
            Ask again
          </button>
        </>
      )}
      {(known || list.status === 'error') &&
        rows.map((s) => (
          <div key={s.id} className="solver-choice">
            <label className="check" data-testid={`compare-solver-${s.id}`} data-available={s.available}>
              <input
                type="checkbox"
                checked={chosen.includes(s.id)}
                onChange={(e) => onChange(s.id, e.target.checked)}
                disabled={disabled || !s.available}
                aria-describedby={`solver-${s.id}-about`}
              />
              <span>{s.name}</span>
            </label>
            <span id={`solver-${s.id}-about`} className={s.available ? 'hint' : 'field-error'} data-testid={`compare-solver-${s.id}-about`}>
              {s.available ? (s.detail ?? '') : (s.reason ?? 'not available on this machine')}
            </span>
          </div>
        ))}
      <span id="solvers-hint" className="hint">
        each solves the same model, assembled once
      </span>
    </fieldset>
  );
}

function licenceWords(s: SolverAvailability): string | null {
  if (s.licence.state === 'not-needed') return null;
  return s.licence.words ? `licence ${s.licence.state}: ${s.licence.words}` : `licence ${s.licence.state}`;
}
