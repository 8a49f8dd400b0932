/**
 * Text from a user's file, fit to be quoted in a message: between double quotes, its control characters
 * escaped and its length capped.
 *
 * A message is printed on a terminal, written to logs and shown in the app. Raw bytes from a file could
 * move the cursor, recolour or clear the screen (ESC sequences), hide or reorder what follows (bidi
 * overrides, zero-width characters), break the message's one line (newlines), or make it megabytes long.
 * Every message that quotes a header name or a cell goes through `quoted`, and shells may use it for
 * anything else they print from a file.
 */

/** Characters of a quoted text shown before the ellipsis: enough to recognize a value, never a whole line. */
export const MAX_QUOTED_CHARS = 80;

// C0 and C1 controls and DEL; zero-width and direction marks; line and paragraph separators; bidi
// embeddings, overrides and isolates; word joiner and invisible operators; BOM; lone surrogates. Also the
// quote and backslash, so the quoted text cannot be mistaken for its end or for an escape.
const unsafe =
  // eslint-disable-next-line no-control-regex -- finding control characters is what this file is for
  /["\\\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// The same characters less the quote and backslash, which may stand in a name.
// eslint-disable-next-line no-control-regex -- finding control characters is what this file is for
const control = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const controls =
  // eslint-disable-next-line no-control-regex -- finding control characters is what this file is for
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` whole, its control characters escaped (\n, \r, \t, \xNN, \uNNNN, or as `escape` writes one) and nothing
 * else: for a shell that prints a whole report.
 */
export function escapeControls(text: string, escape: (char: string) => string = escapeChar): string {
  return text.replace(controls, escape);
}

/** Whether `text` holds a character that `quoted` would escape other than a quote or a backslash. */
export function hasControlCharacters(text: string): boolean {
  return control.test(text);
}

const named: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` between double quotes, unsafe characters escaped (\n, \xNN, \uNNNN), cut at `max` characters with an ellipsis. */
export function quoted(text: string, max: number = MAX_QUOTED_CHARS): string {
  return `"${escapeText(text, max)}"`;
}

/** `text` with unsafe characters escaped and cut at `max` characters with an ellipsis, without quotes around it. */
export function escapeText(text: string, max: number = MAX_QUOTED_CHARS): string {
  // Cut on code points, so an emoji is never split into a lone surrogate; the slice first keeps a huge text cheap.
  const points = Array.from(text.length > 2 * max + 2 ? text.slice(0, 2 * max + 2) : text);
  const shown = points.length > max ? points.slice(0, max).join('') : text;
  const escaped = shown.replace(unsafe, escapeChar);
  return points.length > max ? `${escaped}…` : escaped;
}

function escapeChar(char: string): string {
  const name = named[char];
  if (name !== undefined) return name;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
