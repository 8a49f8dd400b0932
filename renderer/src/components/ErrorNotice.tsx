import type { ApiError } from '../../../api/envelope.ts';

interface Props {
  error: ApiError;
  /** what was being done, e.g. "Loading universes" */
  context?: string;
}

/** An error envelope as the user reads it: the message, then where it points (file, line, field, component). */
export function ErrorNotice({ error, context }: Props) {
  const where = error.where ?? {};
  const places: [string, string | number | undefined][] = [
    ['file', where.file],
    ['line', where.line],
    ['field', where.field],
    ['component', where.component],
  ];
  const issues = issuesOf(error.details);
  return (
    <div role="alert" className="notice notice-error" data-testid="error-notice" data-code={error.code}>
      <p className="notice-title">
        {context ? `${context} failed` : error.code === 'cancelled' ? 'Cancelled' : 'Error'}
        <span className="badge">{error.code}</span>
      </p>
      <p className="notice-message">{error.message}</p>
      {places.some(([, v]) => v !== undefined && v !== '') && (
        <dl className="where">
          {places
            .filter(([, v]) => v !== undefined && v !== '')
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
        </dl>
      )}
      {issues.length > 1 && (
        <ul className="issues">
          {issues.map((issue, i) => (
            <li key={i}>
              <code>{issue.component}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The `details` of an assembly error: every issue, each naming its component. */
export function issuesOf(details: unknown): { component: string; message: string }[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) =>
    d && typeof d === 'object' && 'component' in d && 'message' in d && typeof d.component === 'string'
      ? [{ component: d.component, message: String(d.message) }]
      : [],
  );
}
