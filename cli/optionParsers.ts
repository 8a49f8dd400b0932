import { InvalidArgumentError } from 'commander';
import { tickerProblem } from '../core/market/tickerSymbol.ts';
import { implausibleDollars } from '../core/plausibleValues.ts';

export function positiveNumber(value: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number.`);
  return v;
}

export function nonNegativeNumber(value: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative number.`);
  return v;
}

/** Dollars of an account (--account-value, --withdraw): positive, and no more than any account holds (plausibleValues.ts). */
export function positiveDollars(value: string): number {
  return plausibleDollars(positiveNumber(value));
}

/** Dollars that may be zero (--cash), within the same bound. */
export function nonNegativeDollars(value: string): number {
  return plausibleDollars(nonNegativeNumber(value));
}

function plausibleDollars(v: number): number {
  const problem = implausibleDollars(v);
  if (problem) throw new InvalidArgumentError(problem);
  return v;
}

export function positiveInteger(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v <= 0) throw new InvalidArgumentError(`"${value}" is not a positive integer.`);
  return v;
}

/** A weight or band given as a fraction (0.05) or a percentage (5%). */
export function fraction(value: string): number {
  const percent = value.endsWith('%');
  const v = Number(percent ? value.slice(0, -1) : value) / (percent ? 100 : 1);
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new InvalidArgumentError(`"${value}" is not a fraction between 0 and 1 (or a percentage).`);
  return v;
}

export function tickerList(value: string): string[] {
  const list = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (list.length === 0) throw new InvalidArgumentError(`"${value}" lists no ticker.`);
  // the rule imports hold tickers to, so a name that could never have been imported is a typo, said at once
  for (const ticker of list) {
    const problem = tickerProblem(ticker);
    if (problem) throw new InvalidArgumentError(problem);
  }
  return list;
}

export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`"${value}" is not a date as yyyy-mm-dd.`);
  }
  return value;
}
