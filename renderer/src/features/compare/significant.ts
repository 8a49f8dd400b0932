/** An objective or bound to 7 significant digits: two solvers' optima agree to about that, so fewer would hide a difference. */
export function significant(value: number | null): string {
  return value == null || !Number.isFinite(value) ? '—' : Number(value.toPrecision(7)).toString();
}
