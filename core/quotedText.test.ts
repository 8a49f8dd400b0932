import { describe, expect, it } from 'vitest';
import { escapeText, hasControlCharacters, MAX_QUOTED_CHARS, quoted } from './quotedText.ts';

describe('quoted', () => {
  it('quotes plain text as it is', () => {
    expect(quoted('BRK.B')).toBe('"BRK.B"');
    expect(quoted('Société Générale – 日本')).toBe('"Société Générale – 日本"');
  });

  it('escapes terminal escapes, other controls, DEL, C1 controls, quotes and backslashes', () => {
    expect(quoted('\u001b[2J\u001b]0;title\u0007x')).toBe('"\\x1b[2J\\x1b]0;title\\x07x"');
    expect(quoted('a\nb\rc\td\u0000e\u007ff\u009bg')).toBe('"a\\nb\\rc\\td\\x00e\\x7ff\\x9bg"');
    expect(quoted('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it('escapes what hides or reorders text: bidi overrides and isolates, zero-width characters, separators, BOM, lone surrogates', () => {
    expect(quoted('abc\u202edcb\u2066\u2069')).toBe('"abc\\u202edcb\\u2066\\u2069"');
    expect(quoted('a\u200bb\u2028c\ufeffd')).toBe('"a\\u200bb\\u2028c\\ufeffd"');
    expect(quoted('x\ud800y\udc00z')).toBe('"x\\ud800y\\udc00z"');
    expect(quoted('😀')).toBe('"😀"');
  });

  it(`cuts at ${MAX_QUOTED_CHARS} characters (never inside a surrogate pair) with an ellipsis`, () => {
    expect(quoted('x'.repeat(100_000))).toBe(`"${'x'.repeat(MAX_QUOTED_CHARS)}…"`);
    expect(quoted('x'.repeat(MAX_QUOTED_CHARS))).toBe(`"${'x'.repeat(MAX_QUOTED_CHARS)}"`);
    expect(quoted('😀'.repeat(100), 3)).toBe('"😀😀😀…"');
    expect(escapeText('\u001b'.repeat(100), 2)).toBe('\\x1b\\x1b…');
  });

  it('tells text with control characters from text with none', () => {
    expect(hasControlCharacters('Information Technology')).toBe(false);
    expect(hasControlCharacters('say "hi"')).toBe(false);
    expect(hasControlCharacters('a\u001bb')).toBe(true);
    expect(hasControlCharacters('a\u202eb')).toBe(true);
  });
});
