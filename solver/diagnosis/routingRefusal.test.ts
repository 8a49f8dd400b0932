import { describe, expect, it } from 'vitest';
import { routingRefusal } from './routingRefusal.ts';

const highs = { id: 'highs', classes: ['LP', 'MILP', 'QP'] as const };
const cbc = { id: 'cbc', classes: ['LP', 'MILP'] as const };
const gurobi = { id: 'gurobi', classes: ['LP', 'MILP', 'QP', 'MIQP'] as const };
const all = [highs, cbc, gurobi];

describe('routingRefusal', () => {
  it('refuses an MIQP on HiGHS, offering the MAD form, continuous weights and Gurobi', () => {
    const reason = routingRefusal('MIQP', highs, all, ['var.weights', 'var.whole-shares', 'obj.tracking-variance', 'con.budget']);
    expect(reason).toBe(
      'solver highs cannot solve a MIQP model (it takes LP, MILP, QP): use obj.tracking-mad instead of obj.tracking-variance, ' +
        'or drop the integer requirements of var.whole-shares (e.g. --fractional for whole shares), or --solver gurobi',
    );
  });

  it('refuses a QP on CBC, naming both solvers that take it', () => {
    const reason = routingRefusal('QP', cbc, all, ['var.weights', 'obj.tracking-variance']);
    expect(reason).toContain('use obj.tracking-mad instead of obj.tracking-variance');
    expect(reason).toContain('--solver highs or --solver gurobi');
  });

  it('routes a class the backend takes', () => {
    expect(routingRefusal('MILP', highs, all, ['var.weights', 'var.whole-shares'])).toBeUndefined();
  });
});
