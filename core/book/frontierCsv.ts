import { stringify } from 'csv-stringify/sync';
import type { FrontierPoint } from '../../api/book.ts';
import { finiteNumberCells } from '../export/finiteNumbers.ts';

/**
 * frontier.csv of `jessica minimums`: one row per account value, increasing:
 * `account_value,tracking_error,names,cash_weight` of the whole-share portfolio, and with fractional points
 * a `fractional` column, the tracking error of the same model in fractional shares (the lower bound line).
 * Tracking errors are annualized fractions (0.01 is 1 %). `file` names the file in the error that refuses a
 * non-finite number.
 */
export function frontierCsv(points: readonly FrontierPoint[], file = 'frontier.csv'): string {
  const whole = points.filter((p) => !p.fractional).sort((a, b) => a.accountValue - b.accountValue);
  const fractional = new Map(points.filter((p) => p.fractional).map((p) => [p.accountValue, p.trackingError]));
  const withFractional = fractional.size > 0;
  const rows = whole.map((p) => [
    round(p.accountValue, 2),
    round(p.trackingError, 8),
    p.names,
    round(p.cashWeight, 8),
    ...(withFractional ? [fractional.has(p.accountValue) ? round(fractional.get(p.accountValue)!, 8) : ''] : []),
  ]);
  const columns = ['account_value', 'tracking_error', 'names', 'cash_weight', ...(withFractional ? ['fractional'] : [])];
  return stringify(rows, { header: true, columns, cast: finiteNumberCells(file, columns) });
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
