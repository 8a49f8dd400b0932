/**
 * A stored run's options, result or machine record as dotted fields with plain values (`options.maxNames`,
 * `result.modelSize.columns`, `machine.packages.highs`), for diffs and summaries. An array is not walked: it
 * becomes its length (`result.holdings.length`), since a portfolio's or a batch's thousands of rows are no figure to
 * compare, and how many there are is. Objects nested deeper than a run's records go (six levels) are cut there.
 */
export type FieldValue = string | number | boolean | null;

const MAX_DEPTH = 6;

export function runFields(value: unknown, prefix: string): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (Array.isArray(v)) fields.set(`${path}.length`, v.length);
    else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) fields.set(path, JSON.stringify(v));
      else for (const [key, inner] of Object.entries(v)) walk(inner, `${path}.${key}`, depth + 1);
    } else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields.set(path, v);
  };
  // a run without the record (an old run's machine) has none of its fields
  if (value !== null && value !== undefined) walk(value, prefix, 0);
  return fields;
}
