import type { Span } from '../../api/domain.ts';
import type { FieldDiff, RunDiff, RunSummary, StageDiff, StoredRun } from '../../api/runs.ts';
import type { Database } from '../store/database.ts';
import { runFields, type FieldValue } from './runFields.ts';
import { spanTree, walkSpans } from './spanTree.ts';
import { showRun } from './storedRun.ts';

/** runs/diff: run b against run a, both read from the store (a missing one is named by its id). */
export function diffStoredRuns(db: Database, a: number, b: number): RunDiff {
  return runDiff(showRun(db, a), showRun(db, b));
}

/**
 * What changed from run a to run b.
 *
 * Stages are matched by their path of names from the root (`solve / mip / root`), a name repeated under one
 * parent numbered in start order (`write`, `write #2`), so the same stage of two runs pairs up even when the
 * runs' span ids differ; deltaMs = b − a. A stage in one run only has the other side null.
 *
 * Fields: the options, the result's figures and the machine as dotted paths (runFields: an array compares by its
 * length), listed when their values differ, a field missing from a run as null; a's order, then b's new ones.
 */
export function runDiff(a: StoredRun, b: StoredRun): RunDiff {
  const aStages = stagePaths(a.spans);
  const bStages = stagePaths(b.spans);
  const stages: StageDiff[] = [];
  for (const [path, stage] of aStages) {
    const other = bStages.get(path);
    stages.push({ path, depth: stage.depth, aMs: stage.ms, bMs: other?.ms ?? null, deltaMs: other ? other.ms - stage.ms : null });
  }
  for (const [path, stage] of bStages) {
    if (!aStages.has(path)) stages.push({ path, depth: stage.depth, aMs: null, bMs: stage.ms, deltaMs: null });
  }

  const fields: FieldDiff[] = [];
  for (const part of ['options', 'result', 'machine'] as const) {
    const aFields = runFields(a[part], part);
    const bFields = runFields(b[part], part);
    for (const field of new Set([...aFields.keys(), ...bFields.keys()])) {
      const av = aFields.get(field) ?? null;
      const bv = bFields.get(field) ?? null;
      if (!sameValue(av, bv)) fields.push({ field, a: av, b: bv });
    }
  }
  return { a: summaryOf(a), b: summaryOf(b), stages, fields };
}

/** Every span's path of names (see runDiff) with its duration and depth, depth first in start order. */
export function stagePaths(spans: readonly Span[]): Map<string, { ms: number; depth: number }> {
  const tree = spanTree(spans);
  const paths = new Map<string, { ms: number; depth: number }>();
  // the count of each name among a parent's children so far, kept per parent path
  const seen = new Map<string, Map<string, number>>();
  walkSpans(tree, spans, '', (span, depth, parentPath) => {
    let names = seen.get(parentPath);
    if (!names) seen.set(parentPath, (names = new Map()));
    const count = (names.get(span.name) ?? 0) + 1;
    names.set(span.name, count);
    const own = count > 1 ? `${span.name} #${count}` : span.name;
    const path = parentPath === '' ? own : `${parentPath} / ${own}`;
    paths.set(path, { ms: span.durationMs, depth });
    return path;
  });
  return paths;
}

/**
 * The run without its spans and samples (the stages say them), and its result without its arrays: a batch's
 * thousands of outcomes are compared by their lengths in `fields`, not sent twice.
 */
function summaryOf(run: StoredRun): RunSummary {
  const { spans: _spans, samples: _samples, ...summary } = run;
  const result =
    run.result !== null && typeof run.result === 'object' && !Array.isArray(run.result)
      ? Object.fromEntries(Object.entries(run.result).filter(([, v]) => !Array.isArray(v)))
      : run.result;
  return { ...summary, result };
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}
