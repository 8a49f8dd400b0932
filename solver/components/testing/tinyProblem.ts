import { ModelBuilder } from '../../model/builder.ts';
import type { ModelIR } from '../../model/ir.ts';
import type { TrackingProblem } from '../../tracking/trackingProblem.ts';
import type { Component, ModelContext } from '../component.ts';

/**
 * A tracking problem small enough to check a component's rows by hand: 3 names (two Tech, one
 * Energy), 4 daily returns, benchmark weights b = (0.5, 0.3, 0.2) and r^B_t = Σ b_i r_{t,i}.
 */
export const TINY_RETURNS = [
  [0.01, -0.02, 0.03],
  [0.02, 0.01, -0.01],
  [-0.01, 0.0, 0.02],
  [0.0, 0.03, -0.02],
] as const;
export const TINY_BENCHMARK_WEIGHTS = [0.5, 0.3, 0.2] as const;
export const TINY_PRICES = [120, 310, 45] as const;

export function tinyProblem(): TrackingProblem {
  const benchmarkReturns = TINY_RETURNS.map((row) => {
    let s = 0;
    row.forEach((r, i) => (s += TINY_BENCHMARK_WEIGHTS[i]! * r));
    return s;
  });
  return {
    universe: 'tiny',
    asOf: '2024-01-08',
    dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'],
    tickers: ['AAA', 'BBB', 'CCC'],
    sectors: ['Tech', 'Tech', 'Energy'],
    returns: Float64Array.from(TINY_RETURNS.flat()),
    benchmarkReturns: Float64Array.from(benchmarkReturns),
    benchmarkWeights: Float64Array.from(TINY_BENCHMARK_WEIGHTS),
    prices: Float64Array.from(TINY_PRICES),
    periodsPerYear: 252,
    benchmark: 'cap',
    warnings: [],
  };
}

/** Applies components in the given order with their parameters parsed, as the assembler would. */
export function applyInOrder(steps: [Component, Record<string, unknown>][], context: ModelContext, builder = new ModelBuilder('test')): ModelIR {
  for (const [component, raw] of steps) {
    builder.beginComponent(component.id, raw);
    component.apply(builder, component.params.parse(raw), context);
    builder.endComponent();
  }
  return builder.build();
}

/** Coefficients of row `name` by column name, for expectations written in the model's own words. */
export function rowByName(ir: ModelIR, name: string): { coefficients: Record<string, number>; lower: number; upper: number } {
  const i = ir.rows.names.indexOf(name);
  if (i < 0) throw new Error(`no row ${name} (rows: ${ir.rows.names.join(', ')})`);
  const coefficients: Record<string, number> = {};
  for (let k = ir.matrix.starts[i]!; k < ir.matrix.starts[i + 1]!; k++) coefficients[ir.cols.names[ir.matrix.index[k]!]!] = ir.matrix.value[k]!;
  return { coefficients, lower: ir.rows.lower[i]!, upper: ir.rows.upper[i]! };
}

export function boundsByName(ir: ModelIR, name: string): [number, number] {
  const j = ir.cols.names.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return [ir.cols.lower[j]!, ir.cols.upper[j]!];
}
