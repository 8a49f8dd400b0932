import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { comparisonCsv } from './comparisonCsv.ts';
import { compareEntry, compareResult } from './compareFixture.ts';

describe('comparisonCsv', () => {
  it('writes comparison.csv’s columns, one row per run, figures that read back exactly (seconds to the millisecond) and blanks for unknowns', () => {
    const result = compareResult({
      runId: 12,
      entries: [
        compareEntry({ solver: 'highs', objective: 7.459312345678901e-4, bound: 7.1e-4, gap: 0.04817, seconds: 3.00417, nodes: 128, iterations: 20517, trackingError: 0.018734, names: 15 }),
        compareEntry({ solver: 'cbc', start: 'none', status: 'time-limit', objective: null, bound: 2e-4, gap: null, seconds: 3.1, nodes: 0, iterations: null, trackingError: null, names: null }),
      ],
    });
    const file = comparisonCsv(result);
    expect(file.fileName).toBe('comparison-run-12.csv');
    expect(file.csv.split('\n')[0]).toBe('solver,start,status,objective,bound,gap,seconds,nodes,iterations,tracking_error,names');
    const rows = parse(file.csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      solver: 'highs',
      start: 'heuristic',
      status: 'optimal',
      objective: '0.0007459312345678901',
      bound: '0.00071',
      gap: '0.04817',
      seconds: '3.004',
      nodes: '128',
      iterations: '20517',
      tracking_error: '0.018734',
      names: '15',
    });
    expect(Number(rows[0]!.objective)).toBe(7.459312345678901e-4);
    expect(rows[1]).toMatchObject({ solver: 'cbc', start: 'none', status: 'time-limit', objective: '', gap: '', nodes: '0', iterations: '', tracking_error: '', names: '' });
  });

  it('quotes a status with a comma or a quote so the row keeps its columns', () => {
    const file = comparisonCsv(compareResult({ entries: [compareEntry({ status: 'error, "killed"' })] }));
    const rows = parse(file.csv) as string[][];
    expect(rows[1]).toHaveLength(11);
    expect(rows[1]![2]).toBe('error, "killed"');
  });

  it('refuses a number that is not finite, naming the file, the run and the column', () => {
    expect(() => comparisonCsv(compareResult({ runId: 3, entries: [compareEntry({ solver: 'highs', seconds: Number.NaN })] }))).toThrow(
      'comparison-run-3.csv row 1 (highs, heuristic) column seconds: NaN is not a finite number',
    );
  });
});
