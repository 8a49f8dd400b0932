import type { InputFingerprint } from './runInputs.ts';

/** What a bundle's bundle.json says: the run, how to run it again, what it read and what it answered. */
export const BUNDLE_FORMAT = 'jessica-run-bundle/1';

/** The name of the artifact in which a job keeps the fingerprints of what it read (recordedJob.ts). */
export const INPUTS_ARTIFACT = 'inputs.json';

/** The job kinds a bundle can run again, and the method each is. */
export const REPLAYABLE: Readonly<Record<string, ReplayMethod>> = {
  optimize: 'portfolio/optimize',
  compare: 'solvers/compare',
  batch: 'book/batch',
  minimums: 'book/minimums',
};
export type ReplayMethod = 'portfolio/optimize' | 'solvers/compare' | 'book/batch' | 'book/minimums';

/**
 * A figure of the run that a replay must reproduce. `kind` says how close is close enough: an `objective` within
 * the solver's optimality tolerance (relative mipGap on a MILP, 1e-6 on an LP), a `trackingError` or `value`
 * within 1e-6 relative, a `count` exactly.
 */
export interface ExpectedFigure {
  /** `objective`, `highs from no start.objective`, `cluster c003.trackingError`, `minimum` */
  label: string;
  kind: 'objective' | 'trackingError' | 'value' | 'count';
  value: number | null;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  exportedAt: string;
  run: { id: number; kind: string; status: string; createdAt: string; universe: string | null; useCase: string | null; solver: string | null; durationMs: number };
  /** the method a replay calls, with the run's arguments: the as-of date pinned, outputs dropped, files pointing into the bundle */
  method: ReplayMethod | null;
  args: Record<string, unknown> | null;
  /** why the run cannot be replayed (an import, a sync, a run that stored no result) */
  notReplayable: string | null;
  inputs: InputFingerprint[];
  /** `run`: fingerprinted when the run ran; `export`: the run kept none (stored before issue 17), so they are the store's now */
  inputsTakenAt: 'run' | 'export';
  /** the model's class and the relative gap it was solved to, for the objective's tolerance */
  modelClass: string | null;
  mipGap: number | null;
  /** the headline figure first */
  expected: ExpectedFigure[];
  environment: unknown;
  /** every file of the bundle, bundle.json first */
  files: string[];
  /** what could not be put in the bundle, and why (a model whose holdings file is gone, no log kept) */
  missing: string[];
}

type Loose = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The figures of a stored run's result that its replay must reproduce, headline first. */
export function expectedFigures(kind: string, result: unknown): ExpectedFigure[] {
  const r = (result ?? {}) as Loose;
  switch (kind) {
    case 'optimize':
      return [
        { label: 'objective', kind: 'objective', value: num(r.objective) },
        { label: 'trackingError', kind: 'trackingError', value: num(r.trackingError) },
        { label: 'names', kind: 'count', value: num(r.names) },
      ];
    case 'compare':
      return ((r.entries as Loose[] | undefined) ?? []).map((e) => ({
        label: `${String(e.solver)} from ${e.start === 'none' ? 'no start' : 'the heuristic start'}.objective`,
        kind: 'objective' as const,
        value: num(e.objective),
      }));
    case 'minimums':
      return [
        { label: 'minimum', kind: 'value', value: num(r.minimum) },
        ...((r.points as Loose[] | undefined) ?? []).map((p) => ({
          label: `$${String(p.accountValue)}${p.fractional ? ' fractional' : ''}.trackingError`,
          kind: 'trackingError' as const,
          value: num(p.trackingError),
        })),
      ];
    case 'batch': {
      const te = (r.trackingError ?? {}) as Loose;
      return [
        { label: 'trackingError.median', kind: 'trackingError', value: num(te.median) },
        { label: 'trackingError.max', kind: 'trackingError', value: num(te.max) },
        { label: 'unallocated', kind: 'count', value: num(r.unallocated) },
        ...((r.clusters as Loose[] | undefined) ?? []).map((c) => ({
          label: `cluster ${String(c.clusterId)}.trackingError`,
          kind: 'trackingError' as const,
          value: num(c.trackingError),
        })),
      ];
    }
    default:
      return [];
  }
}

/**
 * How far a replayed figure may be from the stored one. An objective: a MILP's optimum is proven only to the relative
 * gap it was solved to (default 1e-4), an LP's to HiGHS's and CBC's feasibility tolerances (1e-6 relative); a
 * tracking error or a dollar value computed from the same solution to 1e-6 relative; a count exactly.
 */
export function figureTolerance(figure: ExpectedFigure, modelClass: string | null, mipGap: number | null): number {
  const scale = Math.max(1e-12, Math.abs(figure.value ?? 0));
  switch (figure.kind) {
    case 'count':
      return 0;
    case 'objective':
      return modelClass === 'LP' || modelClass === 'QP' ? 1e-6 * scale + 1e-9 : (mipGap ?? 1e-4) * scale + 1e-9;
    default:
      return 1e-6 * scale + 1e-9;
  }
}
