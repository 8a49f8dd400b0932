import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The seeded draws the demo market needs, on pure-rand's xoroshiro128+ (same seed, same sequence).
 * Normals come from Box–Muller; the fat-tailed shock is a Student t with 4 degrees of freedom
 * scaled to unit variance (t₄ has variance ν/(ν−2) = 2, so it is divided by √2).
 */
export class DemoRandom {
  private readonly rng: RandomGenerator;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** uniform on [0, 1) */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** uniform integer on [low, high] */
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.uniform() * items.length)]!;
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 − u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Student t₄ scaled to variance 1: z / √(χ²₄/4) / √2, with χ²₄ a sum of 4 squared normals. */
  fatTailed(): number {
    let chiSquare = 0;
    for (let k = 0; k < 4; k++) {
      const z = this.normal();
      chiSquare += z * z;
    }
    return this.normal() / Math.sqrt(chiSquare / 4) / Math.SQRT2;
  }
}
