/** A lot that may be sold: its name, its gain per unit sold g_k and its size ub_k (fractions of V). */
export interface GainLot {
  name: number;
  gain: number;
  upper: number;
}

/**
 * The least net realized gain of sales that sell at least f_i of each name i and at least R in all:
 *   G* = min Σ_k g_k x_k   s.t.  Σ_{k∈i} x_k ≥ f_i,   Σ_k x_k ≥ R,   0 ≤ x_k ≤ ub_k.
 * A fractional knapsack, solved exactly by the greedy: sorted by g_k, the cost of selling y_i of a
 * name is convex in y_i, so the optimum sells every loss lot whole (each lowers the sum), covers each
 * f_i from the name's lowest-gain lots, and raises the rest of R from the lowest-gain lots left of
 * any name. Undefined when the lots cannot cover f_i or R.
 */
export function leastRealizedGain(lots: readonly GainLot[], floors: readonly number[], need: number): { gain: number; sold: number[] } | undefined {
  const sold = lots.map((l) => (l.gain < 0 ? Math.max(0, l.upper) : 0));
  const order = lots.map((_, k) => k).sort((a, b) => lots[a]!.gain - lots[b]!.gain);
  const soldOf = (name: number): number => lots.reduce((a, l, k) => a + (l.name === name ? sold[k]! : 0), 0);
  const eps = 1e-12;
  for (let name = 0; name < floors.length; name++) {
    let short = floors[name]! - soldOf(name);
    for (const k of order) {
      if (short <= eps) break;
      if (lots[k]!.name !== name) continue;
      const more = Math.min(short, Math.max(0, lots[k]!.upper) - sold[k]!);
      sold[k]! += more;
      short -= more;
    }
    if (short > 1e-9) return undefined;
  }
  let short = need - sold.reduce((a, x) => a + x, 0);
  for (const k of order) {
    if (short <= eps) break;
    const more = Math.min(short, Math.max(0, lots[k]!.upper) - sold[k]!);
    sold[k]! += more;
    short -= more;
  }
  if (short > 1e-9) return undefined;
  return { gain: lots.reduce((a, l, k) => a + l.gain * sold[k]!, 0), sold };
}
