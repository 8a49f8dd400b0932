/**
 * Index tracking worked out without the model IR, for checking the assembled models:
 * the MAD of given weights straight from prices, and a second LP formulation written as text.
 */

/** Simple returns P_{t+1}/P_t − 1 of the first `periods` periods of a price series. */
export function simpleReturns(prices: readonly number[], periods: number): number[] {
  return Array.from({ length: periods }, (_, t) => prices[t + 1]! / prices[t]! - 1);
}

/** (1/L) Σ_t |Σ_i w_i r_{t,i} − r^B_t| with each name's returns from its prices (cash earns 0). */
export function madFromPrices(prices: readonly (readonly number[])[], benchmark: readonly number[], weights: readonly number[]): number {
  const returns = prices.map((p) => simpleReturns(p, benchmark.length));
  let total = 0;
  for (let t = 0; t < benchmark.length; t++) {
    let active = -benchmark[t]!;
    weights.forEach((w, i) => (active += w * returns[i]![t]!));
    total += Math.abs(active);
  }
  return total / benchmark.length;
}

export interface EpigraphOptions {
  /** r_{t,i}: returns[t][i] */
  returns: readonly (readonly number[])[];
  benchmark: readonly number[];
  /** per name: its weight's upper bound (0 excludes it) */
  upper: readonly number[];
  /** rows lower ≤ Σ_{i∈members} w_i ≤ upper */
  groups?: { members: number[]; lower: number; upper: number }[];
}

/**
 * The MAD LP in epigraph form, a formulation independent of obj.tracking-mad's split deviations:
 *   minimize (1/L) Σ_t e_t  s.t.  e_t ≥ a_t,  e_t ≥ −a_t,  a_t = Σ_i r_{t,i} w_i − r^B_t,
 *   Σ_i w_i = 1,  0 ≤ w_i ≤ upper_i,  group rows.
 * Columns are w0.. and e0..; returns CPLEX LP text.
 */
export function epigraphMadLp({ returns, benchmark, upper, groups = [] }: EpigraphOptions): string {
  const L = returns.length;
  const n = upper.length;
  const term = (c: number, name: string): string => `${c < 0 ? '-' : '+'} ${Math.abs(c)} ${name}`;
  const lines = ['Minimize', ` obj: ${Array.from({ length: L }, (_, t) => term(1 / L, `e${t}`)).join(' ')}`, 'Subject To'];
  for (let t = 0; t < L; t++) {
    const wTerms = returns[t]!.map((r, i) => ({ r, i })).filter(({ r }) => r !== 0);
    lines.push(` above${t}: + 1 e${t} ${wTerms.map(({ r, i }) => term(-r, `w${i}`)).join(' ')} >= ${-benchmark[t]!}`);
    lines.push(` below${t}: + 1 e${t} ${wTerms.map(({ r, i }) => term(r, `w${i}`)).join(' ')} >= ${benchmark[t]!}`);
  }
  lines.push(` budget: ${Array.from({ length: n }, (_, i) => `+ 1 w${i}`).join(' ')} = 1`);
  groups.forEach((g, k) => {
    lines.push(` groupLo${k}: ${g.members.map((i) => `+ 1 w${i}`).join(' ')} >= ${g.lower}`);
    lines.push(` groupUp${k}: ${g.members.map((i) => `+ 1 w${i}`).join(' ')} <= ${g.upper}`);
  });
  lines.push('Bounds', ...upper.map((u, i) => ` 0 <= w${i} <= ${u}`), 'End', '');
  // one term per line keeps every line short whatever n is
  return lines.map((l) => l.replace(/ ([+-] )/g, '\n $1')).join('\n');
}
