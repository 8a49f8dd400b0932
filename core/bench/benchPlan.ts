import { benchFactorNames, type BenchScreen, type BenchWorkload, type ParsedBenchMatrix } from '../../api/bench.ts';

type OptimizeWorkload = Extract<BenchWorkload, { kind: 'optimize' }>;
type BatchWorkload = Extract<BenchWorkload, { kind: 'batch' }>;
type ScreensWorkload = Extract<BenchWorkload, { kind: 'screens' }>;

export interface OptimizeSetup {
  solver: 'highs' | 'cbc' | 'gurobi';
  universe: string;
  lookback: number;
  objective: 'mad' | 'variance';
  store: 'sqlite' | 'postgres';
}

export interface BatchSetup {
  workers: number;
  accounts: number;
  universe: string;
  lookback: number;
}

export interface ScreensSetup {
  screen: BenchScreen;
  accounts: number;
  universe: string;
}

/** The setup a factor left out of a workload keeps: HiGHS on the demo market, MAD, prices from the store; a pool of 2. */
export const DEFAULT_OPTIMIZE_SETUP: OptimizeSetup = { solver: 'highs', universe: 'demo', lookback: 252, objective: 'mad', store: 'sqlite' };
export const DEFAULT_BATCH_SETUP: BatchSetup = { workers: 2, accounts: 1000, universe: 'demo', lookback: 252 };
/** The Book screen from loading the page, on a batch of 1,000 demo accounts. */
export const DEFAULT_SCREENS_SETUP: ScreensSetup = { screen: 'book-load', accounts: 1000, universe: 'demo' };

interface PlannedRowBase {
  label: string;
  workload: string;
  /** the workload's place in the matrix's `workloads`, for messages naming its fields */
  workloadIndex: number;
  /** the workload's baseline, one factor changed, or a combination listed */
  role: 'baseline' | 'factor' | 'combination';
  factor: string | null;
  value: string | null;
  repeats: number;
}

/** One row to run: the workload's setup with one factor (or a combination) changed from its baseline. */
export type PlannedRow =
  | (PlannedRowBase & { kind: 'optimize'; setup: OptimizeSetup; settings: OptimizeWorkload['settings'] })
  | (PlannedRowBase & { kind: 'batch'; setup: BatchSetup; settings: BatchWorkload['settings'] })
  | (PlannedRowBase & { kind: 'screens'; setup: ScreensSetup; settings: ScreensWorkload['settings'] });

/**
 * The rows of a matrix, workload by workload: the baseline, then for each factor (in the order of
 * benchFactorNames) each of its values other than the baseline's, the other factors at the baseline, then the
 * combinations listed. One factor at a time, not the cartesian product: 1 + Σ(values − 1) rows per workload when
 * the baseline takes each factor's first value. A combination equal to a row already planned is not run twice.
 *
 * The baseline of a factor is the workload's `baseline` value, else the factor's first value, else the default.
 */
export function planRows(matrix: ParsedBenchMatrix, repeatsOverride?: number): PlannedRow[] {
  const rows: PlannedRow[] = [];
  const names = new Map<string, number>();
  for (const [workloadIndex, workload] of matrix.workloads.entries()) {
    const base = workload.name ?? workload.kind;
    const seen = (names.get(base) ?? 0) + 1;
    names.set(base, seen);
    const name = seen === 1 ? base : `${base} #${seen}`;
    const repeats = repeatsOverride ?? workload.repeats ?? matrix.repeats;
    if (workload.kind === 'optimize') {
      for (const r of variants(benchFactorNames.optimize, DEFAULT_OPTIMIZE_SETUP, workload.factors, workload.baseline, workload.combinations)) {
        rows.push({ ...r, label: `${name} · ${r.what}`, workload: name, workloadIndex, kind: 'optimize', settings: workload.settings, repeats });
      }
    } else if (workload.kind === 'batch') {
      for (const r of variants(benchFactorNames.batch, DEFAULT_BATCH_SETUP, workload.factors, workload.baseline, workload.combinations)) {
        rows.push({ ...r, label: `${name} · ${r.what}`, workload: name, workloadIndex, kind: 'batch', settings: workload.settings, repeats });
      }
    } else {
      for (const r of variants(benchFactorNames.screens, DEFAULT_SCREENS_SETUP, workload.factors, workload.baseline, workload.combinations)) {
        rows.push({ ...r, label: `${name} · ${r.what}`, workload: name, workloadIndex, kind: 'screens', settings: workload.settings, repeats });
      }
    }
  }
  return rows;
}

function variants<S extends object>(
  order: readonly (keyof S & string)[],
  defaults: S,
  factors: Partial<Record<keyof S, readonly unknown[]>>,
  baseline: Partial<S>,
  combinations: readonly Partial<S>[],
): { what: string; role: PlannedRow['role']; factor: string | null; value: string | null; setup: S }[] {
  const start = { ...defaults };
  for (const name of order) {
    const given = baseline[name];
    const first = factors[name]?.[0];
    if (given !== undefined) start[name] = given as S[typeof name];
    else if (first !== undefined) start[name] = first as S[typeof name];
  }
  const out: { what: string; role: PlannedRow['role']; factor: string | null; value: string | null; setup: S }[] = [
    { what: 'baseline', role: 'baseline', factor: null, value: null, setup: start },
  ];
  const keys = new Set([JSON.stringify(start)]);
  for (const name of order) {
    for (const value of factors[name] ?? []) {
      const setup = { ...start, [name]: value };
      const key = JSON.stringify(setup);
      if (keys.has(key)) continue;
      keys.add(key);
      out.push({ what: `${name}=${String(value)}`, role: 'factor', factor: name, value: String(value), setup });
    }
  }
  for (const combination of combinations) {
    const setup = { ...start, ...combination };
    const key = JSON.stringify(setup);
    if (keys.has(key)) continue;
    keys.add(key);
    const changed = order.filter((name) => combination[name] !== undefined && combination[name] !== start[name]);
    out.push({ what: changed.map((name) => `${name}=${String(setup[name])}`).join(', '), role: 'combination', factor: null, value: null, setup });
  }
  return out;
}
