/**
 * The largest dollar amount Jessica takes for real: an account value, its cash, a withdrawal, a book's account,
 * a lot's cost. Above it a figure is a typo or a unit slip (cents for dollars, a market cap for an account), and
 * the arithmetic stops being trustworthy: at 1e308 a sum of positions overflows to Infinity, and from about 1e14
 * dollars a double no longer holds whole cents. $1 trillion is above any single account (the largest managers run
 * a few trillion across all their clients) and keeps cents exact with room to spare (1e12 × 100 ≪ 2^53).
 * The command line's options and the CSV imports refuse figures above it, each naming the option or the cell.
 */
export const MAX_PLAUSIBLE_DOLLARS = 1e12;

/** Why `dollars` cannot be an account's figure, in words that follow the option or cell it came from; undefined when it can. */
export function implausibleDollars(dollars: number): string | undefined {
  if (!Number.isFinite(dollars)) return `${dollars} is not a finite number of dollars`;
  if (Math.abs(dollars) > MAX_PLAUSIBLE_DOLLARS) {
    return `$${dollars.toExponential(3)} is above $1,000,000,000,000 (1e12), the most Jessica takes for one account: is it in cents, or a typo?`;
  }
  return undefined;
}
