import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolverBackend } from '../backends/backend.ts';
import { createCbcBackend } from '../backends/cli/cbcBackend.ts';
import { createHighsBackend, type HighsBackend } from '../highsPool/highsBackend.ts';
import { firstNames, madOf, orLibraryProblem, trackingModel } from '../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation, variableSet, type ModelIR } from '../model/ir.ts';
import { portfolioHoldings } from '../tracking/portfolioHoldings.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { completeTickers, loadSp500Window, windowProblem } from '../usecases/testing/sp500Window.ts';
import { objectiveDisagreements } from './objectiveAgreement.ts';

let highs: HighsBackend;
let cbc: SolverBackend;
let sp500: (count: number) => TrackingProblem;
beforeAll(async () => {
  highs = createHighsBackend({ workers: 1 });
  cbc = createCbcBackend();
  const window = await loadSp500Window(251);
  const complete = completeTickers(window, 251);
  // every k-th name of the complete ones, so a slice spreads over the alphabet (and so over sectors and prices)
  sp500 = (count) => windowProblem(window, complete.filter((_, i) => i % Math.floor(complete.length / count) === 0).slice(0, count), 250);
});
afterAll(async () => {
  await Promise.all([highs.close(), cbc.close()]);
});

const GAP = 1e-4;

/**
 * HiGHS and CBC on the same model from real data must prove the same optimum, within what "optimal" means
 * (objectiveAgreement.ts). Each point is also checked here against the model and the data: feasible, and
 * its objective the mean absolute active return of the portfolio it holds (tracking MAD, from the prices).
 */
describe.each([
  { name: 'the S&P 500 index-tracking LP (457 names, 250 days)', model: () => ({ p: sp500(457), value: undefined }) },
  { name: 'the OR-Library indtrack2 LP (85 names, 290 weeks)', model: () => ({ p: orLibraryProblem('indtrack2'), value: undefined }) },
  { name: 'indtrack1 in whole shares for a $20,000 account (31 names)', model: () => ({ p: firstNames(orLibraryProblem('indtrack1'), 31), value: 20_000 }) },
  { name: 'an S&P 500 slice in whole shares for a $25,000 account (20 names)', model: () => ({ p: sp500(20), value: 25_000 }) },
])('HiGHS and CBC agree on $name', ({ model }) => {
  it('both prove an optimum, the optima agree, and each point holds up against the data', async () => {
    const { p, value } = model();
    const ir = trackingModel(p, value === undefined ? {} : { accountValue: value });
    const [h, c] = await Promise.all([highs.solve(ir, { timeLimitSec: 60, mipRelGap: GAP }), cbc.solve(ir, { timeLimitSec: 60, mipRelGap: GAP })]);
    expect(h.status, h.message).toBe('optimal');
    expect(c.status, c.message).toBe('optimal');
    for (const r of [h, c]) {
      expect(maxViolation(ir, r.x!)).toBeLessThan(1e-6);
      expect(Math.abs(madFromData(p, ir, r.x!, value) - r.objective!)).toBeLessThan(1e-6 * r.objective! + 1e-9);
    }
    expect(objectiveDisagreements(ir, [{ label: 'highs', objective: h.objective!, x: h.x! }, { label: 'cbc', objective: c.objective!, x: c.x! }], GAP)).toEqual([]);
  }, 150_000);
});

/** The tracking MAD of the portfolio a point holds (whole shares re-priced at the close), from the returns alone. */
function madFromData(p: TrackingProblem, ir: ModelIR, x: readonly number[], accountValue: number | undefined): number {
  expect(variableSet(ir, 'weights')).toBeDefined();
  return madOf(p, portfolioHoldings(p, ir, x, accountValue).weights);
}
