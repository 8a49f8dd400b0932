/**
 * P in the annualized tracking error √P·stdev(a_t), inferred from the spacing of the dates:
 * the median gap in calendar days is ~1.4 for trading days (weekends), 7 for weeks, ~30 for months.
 */
export function periodsPerYear(dates: readonly string[]): number {
  if (dates.length < 2) return 252;
  const gaps: number[] = [];
  for (let t = 1; t < dates.length; t++) {
    gaps.push((Date.parse(dates[t]!) - Date.parse(dates[t - 1]!)) / 86_400_000);
  }
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  if (median <= 3) return 252;
  if (median <= 10) return 52;
  if (median <= 45) return 12;
  if (median <= 120) return 4;
  return 1;
}
