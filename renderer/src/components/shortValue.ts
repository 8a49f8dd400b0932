/**
 * Any JSON value as one short line: a string as is, a fraction to six significant digits, anything else as JSON,
 * cut at 120 characters (a solver's log phases or a run's options can be long, and where this is shown is a glance).
 */
export function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' && !Number.isInteger(value) ? String(Number(value.toPrecision(6))) : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
