import { describe, expect, it } from 'vitest';
import type { UseCaseDetail, UseCaseMatrix } from '../api/useCases.ts';
import { printMatrix, printUseCase } from './useCasePrinters.ts';

const matrix: UseCaseMatrix = {
  columns: [{ component: 'var.weights', kind: 'variables', title: 'Weights', doc: 'w ≥ 0' }],
  rows: [
    { useCase: 'index-tracking', title: 'Index tracking', origin: 'catalogue', version: 1, solver: 'highs', cells: [{ enabled: true, params: {} }] },
    { useCase: 'capped', title: 'Capped', origin: 'user', version: 3, solver: 'race', cells: [{ enabled: true, params: {} }] },
  ],
};

const detail = (solver?: 'race'): UseCaseDetail => {
  const version = { version: 1, createdAt: '2026-01-02T03:04:05.000Z', note: 'copied', author: 'user' as const };
  const useCase = { id: 'capped', title: 'Capped', description: 'tracks with a cap', components: [{ id: 'var.weights', params: {} }], ...(solver ? { solver } : {}) };
  return { ...version, origin: 'user', useCase, history: [{ ...version, useCase }] };
};

describe('the use-case printers', () => {
  it("give the matrix's solver row first, one cell per use case", () => {
    const lines = printMatrix(matrix).split('\n');
    expect(lines[0]).toMatch(/^component\s+index-tracking\s+capped$/);
    expect(lines[1]).toMatch(/^solver\s+highs\s+race$/);
    expect(lines[2]).toBe('[variables]');
  });

  it("say a use case's solver, and that highs is the default when it chose none", () => {
    const kinds = new Map([['var.weights', 'variables']]);
    expect(printUseCase(detail('race'), kinds).split('\n')[2]).toBe('solver: race');
    expect(printUseCase(detail(), kinds).split('\n')[2]).toBe('solver: highs (the default)');
  });
});
