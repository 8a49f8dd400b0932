import highsPackage from 'highs';
import type { Highs, InitOptions } from 'highs';

// typed as CommonJS while Node loads the ES module build: take whichever of the two is callable
type HighsLoader = (options?: InitOptions) => Promise<Highs>;
const loadHighs = ((highsPackage as unknown as { default?: HighsLoader }).default ?? (highsPackage as unknown as HighsLoader)) as HighsLoader;

/**
 * HiGHS (npm, WebAssembly) in this thread, for tests that check models end to end through the
 * LP and MPS text the writers produce. Not a backend: the worker-pool backend lives elsewhere.
 */
let runtime: Promise<Highs> | undefined;

export function highsRuntime(): Promise<Highs> {
  return (runtime ??= loadHighs());
}

export interface TextSolve {
  status: string;
  objective: number;
  /** column values in IR order */
  x: number[];
}

const EXACT = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 } as const;

/** Solves CPLEX LP text with the one-shot API; columns are read back by the writer's names. */
export async function solveLpText(text: string, columnNames: readonly string[]): Promise<TextSolve> {
  const highs = await highsRuntime();
  const result = highs.solve(text, EXACT);
  const columns = result.Columns as Record<string, { Primal?: number }>;
  return {
    status: result.Status,
    objective: result.ObjectiveValue,
    x: columnNames.map((name) => columns[name]?.Primal ?? NaN),
  };
}

/** Parses and solves model text through the persistent API (the only way in for MPS). */
export async function solveModelText(format: 'lp' | 'mps', text: string): Promise<TextSolve> {
  const highs = await highsRuntime();
  return highs.withModel({ format, data: text }, (model) => {
    model.options.set(EXACT);
    model.run();
    const status = model.getModelStatus();
    const name = Object.entries(highs.constants.modelStatus).find(([, code]) => code === status)?.[0] ?? String(status);
    return { status: name, objective: model.getObjectiveValue(), x: Array.from(model.getSolution().colValue) };
  });
}
