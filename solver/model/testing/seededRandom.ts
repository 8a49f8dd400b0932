/** A seeded generator for the random cases of tests (a linear congruential one is plenty there). */
export class Seeded {
  private s: number;
  constructor(seed: number) {
    this.s = seed;
  }
  uniform(): number {
    this.s = (this.s * 1103515245 + 12345) % 2147483648;
    return this.s / 2147483648;
  }
  /** a standard normal draw (Box-Muller) */
  normal(): number {
    const u = Math.max(1e-12, this.uniform());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }
}
