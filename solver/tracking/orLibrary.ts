import type { TrackingProblem } from './trackingProblem.ts';

/**
 * Beasley's OR-Library index-tracking instances (indtrack1..7) as a TrackingProblem.
 *
 * File format (whitespace-separated numbers): `N T`, then the index level for t = 0..T, then for each
 * stock i = 1..N its price for t = 0..T. Weekly observations, undated: dates are synthesized one
 * week apart from 2000-01-07 so that periodsPerYear is 52; tickers are S001..; the benchmark is the
 * index series itself (r^B_t = I_t/I_{t−1} − 1) and, as no weights are given, b_i = 1/N.
 *
 * `name` names the source in errors and becomes the universe name. A file whose numbers make whole
 * series but not N of them (indtrack7 declares 1318 and holds 1319) is read as it is, with a warning.
 */
export function parseOrLibrary(text: string, name: string): TrackingProblem {
  const tokens = numbersWithLines(text, name);
  let next = 0;
  const take = (what: string): number => {
    const tok = tokens[next++];
    if (!tok) throw new Error(`${name}: file ends early, expected ${what}`);
    return tok.value;
  };
  const countAt = (what: string): number => {
    const line = tokens[next]?.line;
    const v = take(what);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} line ${line}: ${what} must be a positive integer, got ${v}`);
    return v;
  };

  const declared = countAt('the number of stocks N');
  const periods = countAt('the number of periods T');
  const points = periods + 1;
  const expected = 2 + points * (declared + 1);
  const warnings: string[] = [];
  let n = declared;
  if (tokens.length !== expected) {
    // indtrack7 declares N = 1318 and holds 1319 whole price series: read what the file holds, and say so
    const series = (tokens.length - 2) / points;
    if (!Number.isInteger(series) || series < 2) {
      throw new Error(
        `${name}: N = ${declared} and T = ${periods} call for ${expected} numbers (N T, then ${declared + 1} series of ${points}), found ${tokens.length}`,
      );
    }
    n = series - 1;
    warnings.push(`${name} declares N = ${declared} stocks but holds ${n} whole price series of ${points} points; all ${n} were read`);
  }

  const level = (series: string): Float64Array => {
    const out = new Float64Array(points);
    for (let t = 0; t < points; t++) {
      const line = tokens[next]!.line;
      const v = take(`${series} at t = ${t}`);
      if (!(v > 0)) throw new Error(`${name} line ${line}: ${series} at t = ${t} is ${v}; prices must be positive`);
      out[t] = v;
    }
    return out;
  };

  const index = level('the index level');
  const width = Math.max(3, String(n).length);
  const tickers = Array.from({ length: n }, (_, i) => `S${String(i + 1).padStart(width, '0')}`);
  const returns = new Float64Array(periods * n);
  const prices = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = level(`the price of stock ${i + 1} (${tickers[i]})`);
    for (let t = 1; t < points; t++) returns[(t - 1) * n + i] = p[t]! / p[t - 1]! - 1;
    prices[i] = p[periods]!;
  }
  const benchmarkReturns = new Float64Array(periods);
  for (let t = 1; t < points; t++) benchmarkReturns[t - 1] = index[t]! / index[t - 1]! - 1;

  const dates = weeklyDates('2000-01-07', points);
  return {
    universe: name,
    asOf: dates[periods]!,
    dates,
    tickers,
    sectors: tickers.map(() => ''),
    returns,
    benchmarkReturns,
    benchmarkWeights: new Float64Array(n).fill(1 / n),
    prices,
    periodsPerYear: 52,
    benchmark: 'index',
    warnings,
  };
}

function numbersWithLines(text: string, name: string): { value: number; line: number }[] {
  const out: { value: number; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let l = 0; l < lines.length; l++) {
    for (const tok of lines[l]!.split(/\s+/)) {
      if (tok === '') continue;
      const value = Number(tok);
      if (!Number.isFinite(value)) throw new Error(`${name} line ${l + 1}: "${tok}" is not a number`);
      out.push({ value, line: l + 1 });
    }
  }
  return out;
}

function weeklyDates(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, t) => new Date(start + t * 7 * 86_400_000).toISOString().slice(0, 10));
}
