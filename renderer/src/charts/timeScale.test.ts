import { describe, expect, it } from 'vitest';
import { tickStep, timeScale } from './timeScale.ts';

describe('the waterfall’s time scale', () => {
  it('steps at 1, 2 or 5 × 10^k ms, the nearest at or above span / count', () => {
    expect(tickStep(1000, 8)).toBe(200);
    expect(tickStep(1000, 10)).toBe(100);
    expect(tickStep(2100, 8)).toBe(500);
    expect(tickStep(3.4, 4)).toBe(1);
    expect(tickStep(73_000, 6)).toBe(20_000);
    expect(tickStep(0, 5)).toBe(1);
  });

  it('maps ms linearly onto the plot and labels round instants from 0 to the end', () => {
    const s = timeScale(2100, 190, 800);
    expect(s.x(0)).toBe(190);
    expect(s.x(2100)).toBe(990);
    expect(s.x(1050)).toBe(590);
    expect(s.length(210)).toBeCloseTo(80, 10);
    expect(s.ticks).toEqual([0, 500, 1000, 1500, 2000]);
    // fewer labels on a narrow plot
    expect(timeScale(2100, 0, 200).ticks).toEqual([0, 2000]);
  });

  it('gives a run without time a 1 ms axis rather than dividing by zero', () => {
    const s = timeScale(0, 10, 100);
    expect(s.domainMs).toBe(1);
    expect(s.x(0)).toBe(10);
    expect(s.ticks[0]).toBe(0);
    expect(Number.isFinite(s.x(0.5))).toBe(true);
  });
});
