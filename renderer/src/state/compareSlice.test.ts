import { describe, expect, it } from 'vitest';
import { solversCompareArgs } from '../../../api/methods.ts';
import { compareArgsOf, type CompareForm } from './compareSlice.ts';

const form: CompareForm = {
  universe: 'demo',
  useCase: 'index-tracking',
  asOf: '',
  lookback: '60',
  maxNames: '15',
  accountValue: '',
  timeLimit: '3',
  threads: '',
  solvers: ['cbc', 'highs'],
  withoutStart: true,
};

describe('compareArgsOf', () => {
  it('sends the options the user set, the solvers in HiGHS, CBC, Gurobi order, both starts when asked, and the api accepts them', () => {
    const parsed = compareArgsOf(form);
    expect(parsed).toEqual({
      args: { universe: 'demo', useCase: 'index-tracking', lookback: 60, maxNames: 15, timeLimit: 3, solvers: ['highs', 'cbc'], starts: ['heuristic', 'none'] },
    });
    expect(solversCompareArgs.safeParse('args' in parsed && parsed.args).success).toBe(true);
    const full = compareArgsOf({ ...form, asOf: '2025-06-30', accountValue: '250000', threads: '2', solvers: ['gurobi', 'highs'], withoutStart: false });
    expect(full).toEqual({
      args: {
        universe: 'demo',
        useCase: 'index-tracking',
        asOf: '2025-06-30',
        lookback: 60,
        maxNames: 15,
        accountValue: 250_000,
        timeLimit: 3,
        threads: 2,
        solvers: ['highs', 'gurobi'],
        starts: ['heuristic'],
      },
    });
    expect(solversCompareArgs.safeParse('args' in full && full.args).success).toBe(true);
  });

  it.each([
    [{ maxNames: '2.5' }, 'maxNames', 'maxNames: expected a whole number, got "2.5"'],
    [{ maxNames: '0' }, 'maxNames', 'maxNames: expected at least 1, got "0"'],
    [{ timeLimit: '0' }, 'timeLimit', 'timeLimit: expected a positive number, got "0"'],
    [{ timeLimit: ' ' }, 'timeLimit', 'timeLimit: expected a number, got nothing'],
    [{ accountValue: '1e6x' }, 'accountValue', 'accountValue: expected a number, got "1e6x"'],
    [{ threads: '0' }, 'threads', 'threads: expected at least 1, got "0"'],
    [{ lookback: '1' }, 'lookback', 'lookback: expected at least 2, got "1"'],
    [{ solvers: [] }, 'solvers', 'solvers: choose at least one solver'],
    [{ universe: '' }, 'universe', 'universe: choose a universe'],
  ] as [Partial<CompareForm>, string, string][])('names the field that cannot be sent: %o', (change, field, message) => {
    const parsed = compareArgsOf({ ...form, ...change });
    expect('error' in parsed && parsed.error).toEqual({ code: 'bad-input', message, where: { field } });
  });
});
