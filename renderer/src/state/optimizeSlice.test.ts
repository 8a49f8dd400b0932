import { describe, expect, it } from 'vitest';
import { optimizeArgsOf, type OptimizeForm } from './optimizeSlice.ts';

const form: OptimizeForm = { universe: 'demo', useCase: 'capped', asOf: '', lookback: '120', accountValue: '', solver: '', timeLimit: '5' };

describe('optimizeArgsOf', () => {
  it("leaves the solver out when the form keeps the use case's, so the core takes the one the matrix says", () => {
    const parsed = optimizeArgsOf(form);
    expect('args' in parsed && parsed.args).toEqual({ universe: 'demo', useCase: 'capped', lookback: 120, timeLimit: 5 });
  });

  it('sends a solver chosen on the form, race included', () => {
    const parsed = optimizeArgsOf({ ...form, solver: 'race' });
    expect('args' in parsed && parsed.args.solver).toBe('race');
  });
});
