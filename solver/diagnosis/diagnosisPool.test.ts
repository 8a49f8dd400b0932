import { afterAll, describe, expect, it } from 'vitest';
import { createHighsBackend } from '../highsPool/highsBackend.ts';
import { orLibraryProblem } from '../heuristics/fixtures/orLibraryModels.ts';
import { indexTracking } from '../usecases/indexTracking.ts';
import { applyOverrides } from '../usecases/overrides.ts';

const backend = createHighsBackend({ workers: 1 });
afterAll(() => backend.close());

describe('HiGHS pool: diagnoseInfeasibility', () => {
  it('names the conflict on a worker thread: exclusions leaving six names of at most 10 % each', async () => {
    const problem = orLibraryProblem('indtrack1');
    const useCase = applyOverrides(indexTracking, { exclude: problem.tickers.slice(0, 25), maxWeight: 0.1 });
    // six names left, at most 10 % each: 60 % of room for a fully invested budget
    const reply = await backend.diagnoseInfeasibility({ useCase, context: { problem } }, { timeLimitSec: 20 });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.diagnosis.components.map((c) => c.id).sort()).toEqual(['con.budget', 'con.exclusions', 'con.max-weight']);
    expect(reply.diagnosis.message).toContain(`the ${problem.tickers.length - 25} names left can hold at most 60%`);
  });
});
