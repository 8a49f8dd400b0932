/**
 * What Grafana does to a dashboard's SQL before the PostgreSQL data source sends it, for exactly the variable syntax
 * and macros the dashboards of this folder use, so a test can run their SQL against a real server. Anything else
 * (another macro, `${var:format}`, `[[var]]`, an undefined variable) is refused by name: a dashboard that starts
 * using it must extend this file first, or its SQL would go untested.
 *
 * Followed from Grafana's source: variables are replaced first, in the browser (sql datasources' interpolateVariable:
 * a multi-value or include-All variable becomes its values quoted as SQL literals and joined by commas, a single-value
 * one its raw value), then macros on the server (pkg/tsdb/grafana-postgresql-datasource/macros.go).
 */

/** The macros this expander knows: the ones the dashboards use. */
export const knownMacros = ['__time', '__timeFilter', '__timeGroupAlias'] as const;

export interface TimeRange {
  from: Date;
  to: Date;
}

export interface VariableValue {
  /** the selected values (for include-All: every option's value) */
  values: string[];
  /** multi-value or include-All: Grafana quotes the values */
  quoted: boolean;
}

const macroCall = /\$([_a-zA-Z0-9]+)\(([^)]*)\)/g;
const variableReference = /\$(\w+)/g;

/** `$name` references to dashboard variables in a query (Grafana's own `$__…` names excluded), in order of appearance. */
export function referencedVariables(sql: string): string[] {
  rejectOtherSyntax(sql);
  return [...sql.matchAll(variableReference)].map((m) => m[1]!).filter((name) => !name.startsWith('__'));
}

/** `$__name(…)` macros a query calls. */
export function calledMacros(sql: string): string[] {
  return [...sql.matchAll(macroCall)].map((m) => m[1]!);
}

export function interpolateVariables(sql: string, variables: ReadonlyMap<string, VariableValue>): string {
  rejectOtherSyntax(sql);
  return sql.replace(variableReference, (whole, name: string) => {
    if (name.startsWith('__')) return whole;
    const variable = variables.get(name);
    if (!variable) throw new Error(`$${name} is not a variable of this dashboard (known: ${[...variables.keys()].join(', ') || 'none'})`);
    if (!variable.quoted) {
      if (variable.values.length !== 1) throw new Error(`$${name} is single-valued but has ${variable.values.length} values`);
      return variable.values[0]!;
    }
    if (variable.values.length === 0) throw new Error(`$${name} has no value selected`);
    return variable.values.map(quoteLiteral).join(',');
  });
}

/** `timescaledb`: the data source's jsonData.timescaledb, which makes $__timeGroup a time_bucket() call. */
export function expandMacros(sql: string, range: TimeRange, options: { timescaledb: boolean }): string {
  return sql.replace(macroCall, (_whole, name: string, argumentText: string) => {
    const args = argumentText.split(',').map((a) => a.trim());
    const column = args[0] ?? '';
    switch (name) {
      case '__time':
        if (!column) throw new Error('$__time needs a column');
        return `${column} AS "time"`;
      case '__timeFilter':
        if (!column) throw new Error('$__timeFilter needs a column');
        return `${column} BETWEEN '${rfc3339Nano(range.from)}' AND '${rfc3339Nano(range.to)}'`;
      case '__timeGroupAlias': {
        if (args.length !== 2) throw new Error(`$__timeGroupAlias(${argumentText}): expected a column and an interval (no fill mode: the dashboards use none)`);
        const seconds = intervalSeconds(args[1]!.replace(/^'|'$/g, ''));
        const group = options.timescaledb
          ? `time_bucket('${seconds.toFixed(3)}s',${column})`
          : `floor(extract(epoch from ${column})/${seconds})*${seconds}`;
        return `${group} AS "time"`;
      }
      default:
        throw new Error(`$${name}(…) is not a macro this expander knows (${knownMacros.map((m) => '$' + m).join(', ')})`);
    }
  });
}

/** A dashboard's `time.from`/`time.to`: `now` or `now-<n><unit>`, units s m h d w M y (the forms the dashboards use). */
export function relativeTime(expression: string, now: Date): Date {
  if (expression === 'now') return new Date(now);
  const m = /^now-(\d+)([smhdwMy])$/.exec(expression);
  if (!m) throw new Error(`time "${expression}": only now and now-<n><unit> are understood`);
  const n = Number(m[1]);
  const t = new Date(now);
  switch (m[2]) {
    case 's': t.setUTCSeconds(t.getUTCSeconds() - n); break;
    case 'm': t.setUTCMinutes(t.getUTCMinutes() - n); break;
    case 'h': t.setUTCHours(t.getUTCHours() - n); break;
    case 'd': t.setUTCDate(t.getUTCDate() - n); break;
    case 'w': t.setUTCDate(t.getUTCDate() - 7 * n); break;
    case 'M': t.setUTCMonth(t.getUTCMonth() - n); break;
    case 'y': t.setUTCFullYear(t.getUTCFullYear() - n); break;
  }
  return t;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Go's time.RFC3339Nano in UTC: trailing zeros of the fraction dropped, `Z` for UTC. */
export function rfc3339Nano(t: Date): string {
  return t.toISOString().replace(/\.(\d*?)0+Z$/, (_m, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

/** Grafana's gtime.ParseInterval for the units a dashboard may give a group: s m h d w. */
function intervalSeconds(interval: string): number {
  const m = /^(\d+)(s|m|h|d|w)$/.exec(interval);
  if (!m) throw new Error(`interval '${interval}': expected <n>s, m, h, d or w`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

function rejectOtherSyntax(sql: string): void {
  const other = /\$\{[^}]*\}|\[\[[^\]]*\]\]/.exec(sql);
  if (other) throw new Error(`${other[0]}: only the $name form of a variable is interpolated here`);
}
