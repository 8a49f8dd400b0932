import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { boundsText, textOf, valuesOf, type ParamField } from './paramsSchema.ts';

interface Props {
  fields: ParamField[];
  /** the parameters as stored (empty for a component that is off) */
  stored: Record<string, unknown>;
  /** messages per parameter from the model facts */
  issues: Record<string, string>;
  submitLabel: string;
  busy: boolean;
  focusFirst: boolean;
  onSubmit: (values: Record<string, unknown>) => void;
}

/** A form generated from a component's parameter schema; values are checked against its bounds before they are sent. */
export function ParamsForm({ fields, stored, issues, submitLabel, busy, focusFirst, onSubmit }: Props) {
  const id = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, textOf(f, stored[f.name])])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const firstRef = useRef<HTMLInputElement & HTMLSelectElement>(null);

  useEffect(() => {
    if (focusFirst) firstRef.current?.focus();
  }, [focusFirst]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const { values, errors: found } = valuesOf(fields, texts);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(values);
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="params-form">
      {fields.length === 0 && <p className="muted">No parameters.</p>}
      {fields.map((f, i) => {
        const inputId = `${id}-${f.name}`;
        const message = errors[f.name] ?? issues[f.name];
        const describedBy = `${inputId}-hint${message ? ` ${inputId}-error` : ''}`;
        const common = {
          id: inputId,
          name: f.name,
          'aria-describedby': describedBy,
          'aria-invalid': message ? true : undefined,
          'aria-required': f.required && f.default === undefined ? true : undefined,
          disabled: busy,
          ref: i === 0 ? firstRef : undefined,
          'data-testid': `param-${f.name}`,
        };
        const set = (value: string): void => setTexts({ ...texts, [f.name]: value });
        return (
          <div key={f.name} className={`field${message ? ' has-error' : ''}`}>
            {f.kind === 'boolean' ? (
              <label className="check" htmlFor={inputId}>
                <input type="checkbox" {...common} checked={texts[f.name] === 'true'} onChange={(e) => set(String(e.target.checked))} />
                {f.name}
              </label>
            ) : (
              <label htmlFor={inputId}>
                {f.name}
                {f.required && f.default === undefined && <span aria-hidden="true"> *</span>}
              </label>
            )}
            {f.kind === 'enum' ? (
              <select {...common} value={texts[f.name] ?? ''} onChange={(e) => set(e.target.value)}>
                {!f.required && <option value="">—</option>}
                {f.options.map((o) => (
                  <option key={String(o)} value={String(o)}>
                    {String(o)}
                  </option>
                ))}
              </select>
            ) : f.kind === 'number' || f.kind === 'integer' ? (
              <input
                type="number"
                {...common}
                inputMode="decimal"
                step={f.kind === 'integer' ? 1 : 'any'}
                min={f.min ?? f.exclusiveMin}
                max={f.max ?? f.exclusiveMax}
                value={texts[f.name] ?? ''}
                onChange={(e) => set(e.target.value)}
              />
            ) : f.kind !== 'boolean' ? (
              <input type="text" {...common} value={texts[f.name] ?? ''} onChange={(e) => set(e.target.value)} />
            ) : null}
            <span id={`${inputId}-hint`} className="hint">
              {boundsText(f)}
              {f.default !== undefined ? ` · default ${textOf(f, f.default) || '(empty)'}` : ''}
              {f.description ? ` · ${f.description}` : ''}
            </span>
            {message && (
              <span id={`${inputId}-error`} className="field-error" role="alert">
                {message}
              </span>
            )}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="params-submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
