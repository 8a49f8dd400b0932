import type { RunDiff } from '../../../../api/runs.ts';
import { milliseconds } from '../../components/figures.ts';
import { shortValue } from '../../components/shortValue.ts';

/** A change of time with its sign: +120 ms is slower, −1.20 s faster. */
export function deltaText(deltaMs: number | null): string {
  if (deltaMs === null) return '—';
  const text = milliseconds(Math.abs(deltaMs));
  if (text === '0 ms') return '0 ms';
  return `${deltaMs > 0 ? '+' : '−'}${text}`;
}

function ms(value: number | null): string {
  return value === null ? '—' : milliseconds(value);
}

/** Run B against run A: every stage's time in each and the change, then the options, figures and machine facts that differ. */
export function RunDiffView({ diff }: { diff: RunDiff }) {
  const { a, b } = diff;
  return (
    <div data-testid="runs-diff">
      <p className="muted small">
        Run #{b.id} ({b.kind}, {milliseconds(b.durationMs)}) against run #{a.id} ({a.kind}, {milliseconds(a.durationMs)}): {deltaText(b.durationMs - a.durationMs)} in all.
      </p>
      <div className="scroll">
        <table className="table compact sticky" data-testid="runs-diff-stages">
          <caption className="sr-only">
            Stages of run {a.id} and run {b.id} and how their time changed
          </caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" className="num">
                #{a.id}
              </th>
              <th scope="col" className="num">
                #{b.id}
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {diff.stages.map((s) => (
              <tr key={s.path} data-testid="diff-stage-row" data-path={s.path} data-delta={s.deltaMs ?? ''}>
                <th scope="row" style={{ paddingLeft: `${0.45 + s.depth * 0.9}rem` }} title={s.path}>
                  {s.path.split(' / ').at(-1)}
                </th>
                <td className="num">{ms(s.aMs)}</td>
                <td className="num">{ms(s.bMs)}</td>
                <td className={`num ${s.deltaMs === null || Math.round(s.deltaMs) === 0 ? '' : s.deltaMs > 0 ? 'slower' : 'faster'}`}>{deltaText(s.deltaMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="diff-fields-heading">What differs</h3>
      {diff.fields.length === 0 ? (
        <p className="status-line empty" data-testid="runs-diff-no-fields">
          The options, figures and machine are the same.
        </p>
      ) : (
        <div className="scroll">
          <table className="table compact sticky" data-testid="runs-diff-fields">
            <caption className="sr-only">
              Fields that differ between run {a.id} and run {b.id}
            </caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">#{a.id}</th>
                <th scope="col">#{b.id}</th>
              </tr>
            </thead>
            <tbody>
              {diff.fields.map((f) => (
                <tr key={f.field} data-testid="diff-field-row" data-field={f.field}>
                  <th scope="row">
                    <code>{f.field}</code>
                  </th>
                  <td className="diff-value">{f.a === undefined ? '—' : shortValue(f.a)}</td>
                  <td className="diff-value">{f.b === undefined ? '—' : shortValue(f.b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
