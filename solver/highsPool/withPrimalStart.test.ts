import { afterAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { orLibraryProblem } from '../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation, objectiveValue } from '../model/ir.ts';
import { indexTracking } from '../usecases/indexTracking.ts';
import { applyOverrides } from '../usecases/overrides.ts';
import { createCbcBackend } from '../backends/cli/cbcBackend.ts';
import { createHighsBackend } from './highsBackend.ts';
import { withPrimalStart } from './withPrimalStart.ts';

const highs = createHighsBackend({ workers: 1 });
afterAll(() => highs.close());

// OR-Library indtrack2 (DAX 100, 85 stocks, 290 weeks), at most 8 names of at least 2 %
const problem = orLibraryProblem('indtrack2');
const { ir } = assembleModel(applyOverrides(indexTracking, { maxNames: 8, minWeight: 0.02 }), { problem });

describe('withPrimalStart', () => {
  it('hands CBC the HiGHS pool heuristic as its MIP start and returns a feasible point at least as good', async () => {
    const cbc = withPrimalStart(createCbcBackend(), highs);
    const r = await cbc.solve(ir, { timeLimitSec: 6 });
    expect(['optimal', 'time-limit']).toContain(r.status);
    expect(r.solver).toBe('cbc');
    expect(r.heuristicObjective).toBeGreaterThan(0);
    expect(r.phases[0]?.name).toBe('heuristic');
    expect(r.x).toBeDefined();
    // CBC writes 8 significant digits: feasibility and objective are checked at that precision, independently of CBC
    expect(maxViolation(ir, r.x!)).toBeLessThan(1e-6);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(r.objective!, 6);
    expect(r.objective!).toBeLessThanOrEqual(r.heuristicObjective! * (1 + 1e-6));
    const held = r.x!.slice(0, problem.tickers.length).filter((w) => w > 1e-6);
    expect(held.length).toBeLessThanOrEqual(8);
    expect(Math.min(...held)).toBeGreaterThanOrEqual(0.02 - 1e-6);
  });

  it('solves without a start, saying why, when the heuristic has none', async () => {
    const cbc = withPrimalStart(createCbcBackend(), { primalStart: async () => ({ ok: false, reason: 'no structure' }) });
    const r = await cbc.solve(ir, { timeLimitSec: 2 });
    expect(r.heuristicObjective).toBeUndefined();
    expect(r.message).toMatch(/no heuristic start: no structure/);
  });

  it('leaves LPs to the solver alone', async () => {
    const lp = assembleModel(indexTracking, { problem }).ir;
    let asked = false;
    const cbc = withPrimalStart(createCbcBackend(), {
      primalStart: async () => {
        asked = true;
        return { ok: false, reason: 'unused' };
      },
    });
    const r = await cbc.solve(lp, { timeLimitSec: 10 });
    expect(r.status).toBe('optimal');
    expect(asked).toBe(false);
  });
});
