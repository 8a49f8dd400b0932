/**
 * PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"): one line per
 * row, columns separated by a tab, `\N` for NULL, and in a value a backslash, tab, newline or carriage return written
 * as `\\`, `\t`, `\n`, `\r`. Text rather than binary: the store's values are text and doubles already, and the server
 * parses a double's round-trip decimal (String(x) here, SQLite's own in copyTextSql.ts) back to the same bits.
 */

/** One column's value as SQLite or the runs' JSON gives it. */
export type CopyValue = string | number | bigint | boolean | null | undefined;

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY text: NULL as \N, booleans as t/f, numbers as their shortest exact decimal. */
export function copyField(value: CopyValue): string {
  switch (typeof value) {
    case 'string':
      return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
    case 'number':
      // NaN and ±Infinity read back as float8's own NaN and ±Infinity; an integer column never holds them
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 't' : 'f';
    default:
      return '\\N';
  }
}

/** One row's columns as a COPY text line, without its line break. */
export function copyRow(row: readonly CopyValue[]): string {
  let line = copyField(row[0]);
  for (let k = 1; k < row.length; k++) line += `\t${copyField(row[k])}`;
  return line;
}

/**
 * Lines of COPY text as chunks of about `chunkBytes`, each line after `prefix` (the store's id, the first column of
 * every team table) and a tab: a stream's write per chunk, not per row. `onRows` hears of every chunk's rows
 * (progress, counting); it may throw to stop (a cancelled job), which ends the COPY with that error.
 */
export function* copyChunks(prefix: string, lines: Iterable<string>, onRows: (rows: number) => void, chunkBytes = 1 << 16): Generator<string> {
  const lead = `${prefix}\t`;
  let chunk = '';
  let count = 0;
  for (const line of lines) {
    chunk += `${lead}${line}\n`;
    count++;
    if (chunk.length >= chunkBytes) {
      onRows(count);
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  onRows(count);
  if (chunk.length > 0) yield chunk;
}
