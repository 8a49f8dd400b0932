import { quoted } from '../quotedText.ts';

/** Longest ticker taken: real ones are at most 6 characters (BRK.B, NYLD.A), vendor forms a few more. */
export const MAX_TICKER_LENGTH = 32;

/**
 * The characters a ticker may hold: letters, digits and the separators real symbols use: BRK.B, BF-B,
 * ^GSPC, ES=F, BRK/B, BRK_B. Never a comma, semicolon or colon, which separate the entries of an
 * exclusion list (and `sector:NAME`), nor spaces, quotes or control characters: a ticker that cannot be
 * written in an exclusion list could never be excluded.
 */
const tickerPattern = /^[A-Za-z0-9^][A-Za-z0-9.^=/_-]*$/;

/** Why `text` is not a ticker, or null when it is one. */
export function tickerProblem(text: string): string | null {
  if (text.length > MAX_TICKER_LENGTH) return `${quoted(text)} is not a ticker: longer than ${MAX_TICKER_LENGTH} characters`;
  if (!tickerPattern.test(text)) return `${quoted(text)} is not a ticker (letters, digits and . - ^ = / _ only)`;
  return null;
}
