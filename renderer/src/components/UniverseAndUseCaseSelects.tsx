import type { UniverseSummary } from '../../../api/domain.ts';
import type { MatrixRow } from '../../../api/useCases.ts';
import { count } from './figures.ts';

interface SelectProps {
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  testId: string;
}

/** The universes the store holds; a value it does not list (typed in a form, or not loaded yet) stays choosable. */
export function UniverseSelect({ value, onChange, disabled, testId, universes }: SelectProps & { universes: readonly UniverseSummary[] }) {
  return (
    <label className="field">
      <span>Universe</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-testid={testId}>
        {!universes.some((u) => u.name === value) && <option value={value}>{value}</option>}
        {universes.map((u) => (
          <option key={u.name} value={u.name}>
            {u.name} ({count(u.members)} names)
          </option>
        ))}
      </select>
    </label>
  );
}

/** The use cases of the matrix, by title and id. */
export function UseCaseSelect({ value, onChange, disabled, testId, useCases }: SelectProps & { useCases: readonly MatrixRow[] }) {
  return (
    <label className="field">
      <span>Use case</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-testid={testId}>
        {!useCases.some((u) => u.useCase === value) && <option value={value}>{value}</option>}
        {useCases.map((u) => (
          <option key={u.useCase} value={u.useCase}>
            {u.title} ({u.useCase})
          </option>
        ))}
      </select>
    </label>
  );
}
