import { describe, expect, it } from 'vitest';
import { firstNames, orLibraryProblem, trackingModel } from '../../heuristics/fixtures/orLibraryModels.ts';
import { createCbcBackend } from './cbcBackend.ts';

describe('CBC with threads', () => {
  it('passes `threads N`, which Debian’s cbc takes and runs with (one Cbc0030I line per thread)', async () => {
    // 6 names of indtrack2, at most 2 held: a MILP CBC proves in about a second, with branching
    const ir = trackingModel(firstNames(orLibraryProblem('indtrack2'), 6), { maxNames: 2, minWeight: 0.05 });
    const cbc = createCbcBackend();
    const [one, two] = await Promise.all([cbc.solve(ir, { timeLimitSec: 30, keepLog: true }), cbc.solve(ir, { threads: 2, timeLimitSec: 30, keepLog: true })]);
    await cbc.close();
    expect(two.log).toContain('threads was changed from 0 to 2');
    expect(two.log!.filter((l) => /^Cbc0030I Thread \d+ used/.test(l))).toHaveLength(2);
    expect(one.log!.some((l) => l.startsWith('Cbc0030I'))).toBe(false);
    expect(one.status).toBe('optimal');
    expect(two.status).toBe('optimal');
    expect(two.objective!).toBeCloseTo(one.objective!, 8);
  });
});
