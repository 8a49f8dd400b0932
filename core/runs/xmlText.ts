/**
 * Text from the store (span names, attribute values, universe and use-case names) as XML character data or an
 * attribute value: the five markup characters as entities, and the characters XML 1.0 does not allow at all
 * (controls but tab, CR and LF; unpaired surrogates; U+FFFE, U+FFFF) written as visible escapes such as `\x1b`,
 * since even as entities they would make the file ill-formed. Nothing read from a run can then open a tag or a
 * script in the waterfall file.
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(MARKUP, (c) => ENTITIES[c]!);
}

// eslint-disable-next-line no-control-regex -- the point is to find the control characters
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MARKUP = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
