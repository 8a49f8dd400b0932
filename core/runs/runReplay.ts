import fs from 'node:fs';
import path from 'node:path';
import { methods } from '../../api/methods.ts';
import type { ReplayResult } from '../../api/runs.ts';
import { InputError } from '../errors.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import type { CoreServices } from '../services.ts';
import { BUNDLE_FORMAT, expectedFigures, figureTolerance, type BundleManifest, type ExpectedFigure, type ReplayMethod } from './bundleManifest.ts';
import { BUNDLE_INPUT_NAMES } from './runBundle.ts';
import { FILE_OPTIONS, runInputs, type InputFingerprint, type InputOptions } from './runInputs.ts';

/** Runs a job method with parsed arguments, as a job (createCore's job handlers). */
export type JobRerun = (method: ReplayMethod, args: never, control: JobControl) => Promise<unknown>;

/**
 * `runs replay DIR`: runs a bundle's job again on this store with the run's own arguments (its as-of date pinned, the
 * bundle's copies of the files it read) and checks the figures it answered against the stored ones, each within its
 * tolerance (bundleManifest.ts). Inputs whose fingerprint differs from the bundle's are named: a difference in the
 * figures then has its likely cause beside it. The replay stores a run of its own, like any job.
 */
export async function replayBundle(
  services: CoreServices,
  request: { dir: string; timeLimitSec?: number },
  rerun: JobRerun,
  control: JobControl,
): Promise<ReplayResult> {
  const manifest = readManifest(request.dir);
  if (manifest.notReplayable || !manifest.method || !manifest.args) {
    throw new InputError(`${bundleFile(request.dir)}: ${manifest.notReplayable ?? 'names no method to run again'}`, { file: bundleFile(request.dir) }, { placed: true });
  }
  const method = manifest.method;
  const args: Record<string, unknown> = { ...manifest.args };
  for (const option of FILE_OPTIONS) {
    if (typeof args[option] !== 'string') continue;
    const copy = path.join(request.dir, BUNDLE_INPUT_NAMES[option]);
    if (!fs.existsSync(copy)) throw new InputError(`${copy}: the bundle's copy of ${option} is missing`, { file: copy }, { placed: true });
    args[option] = copy;
  }
  if (request.timeLimitSec !== undefined) args.timeLimit = request.timeLimitSec;
  const parsed = methods[method].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${bundleFile(request.dir)}: args.${issue.path.join('.')}: ${issue.message}`, { file: bundleFile(request.dir), field: `args.${issue.path.join('.')}` }, { placed: true });
  }

  const changedInputs = inputChanges(services, manifest, args as InputOptions);
  const replayed = (await rerun(method, parsed.data as never, control)) as Record<string, unknown>;
  const now = expectedFigures(manifest.run.kind, replayed);
  const differences = figureDifferences(manifest.expected, now, manifest.modelClass, manifest.mipGap);
  if (differences.length > 0 && manifest.run.kind === 'batch') {
    differences.push(
      `a batch's cluster models stop their max-names heuristic at a wall-clock budget (timeLimit ${String(manifest.args.timeLimit)} s each), so a busier or quieter machine finds other targets`,
    );
  } else if (differences.length > 0 && manifest.run.status === 'time-limit') {
    differences.push(`the run stopped at its time limit (${String(manifest.args.timeLimit)} s): a solve cut off by time need not stop at the same point twice`);
  }
  const headline = manifest.expected[0];
  const replayedHeadline = headline ? now.find((f) => f.label === headline.label) : undefined;
  return {
    bundle: request.dir,
    kind: manifest.run.kind,
    runId: typeof replayed.runId === 'number' ? replayed.runId : 0,
    reproduced: differences.length === 0,
    objective: {
      stored: headline?.value ?? null,
      replayed: replayedHeadline?.value ?? null,
      tolerance: headline ? figureTolerance(headline, manifest.modelClass, manifest.mipGap) : 0,
    },
    changedInputs,
    differences,
  };
}

function bundleFile(dir: string): string {
  return path.join(dir, 'bundle.json');
}

/** bundle.json, checked for what replay relies on; a clear error naming the file and the field otherwise. */
export function readManifest(dir: string): BundleManifest {
  const file = bundleFile(dir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === 'ENOENT' ? 'not found: give a directory written by `jessica runs export`' : (error as Error).message}`, { file }, { placed: true });
  }
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(text) as BundleManifest;
  } catch (error) {
    throw new InputError(`${file}: not JSON (${(error as Error).message})`, { file }, { placed: true });
  }
  if (manifest?.format !== BUNDLE_FORMAT) {
    throw new InputError(`${file}: format ${JSON.stringify(manifest?.format)} is not ${BUNDLE_FORMAT}`, { file, field: 'format' }, { placed: true });
  }
  for (const field of ['run', 'inputs', 'expected'] as const) {
    if (manifest[field] === undefined || manifest[field] === null) throw new InputError(`${file}: ${field} is missing`, { file, field }, { placed: true });
  }
  return manifest;
}

/** The bundle's inputs that the store (or the bundle's file copies) no longer holds as the run read them. */
function inputChanges(services: CoreServices, manifest: BundleManifest, args: InputOptions): string[] {
  const asOf = typeof args.asOf === 'string' ? args.asOf : null;
  const lookback = typeof args.lookback === 'number' ? args.lookback : null;
  let now: InputFingerprint[];
  try {
    now = runInputs(services.db, args, asOf, lookback);
  } catch (error) {
    return [`the store cannot give the run's inputs: ${error instanceof Error ? error.message : String(error)}`];
  }
  const changes: string[] = [];
  for (const then of manifest.inputs) {
    const current = now.find((x) => x.name === then.name);
    if (!current) changes.push(`${then.name}: not in the store any more`);
    else if (current.sha256 !== then.sha256) changes.push(`${then.name}: ${then.detail} at the run, ${current.detail} now, and not the same data`);
  }
  return changes;
}

/** One line per figure the replay did not reproduce within its tolerance. */
export function figureDifferences(stored: readonly ExpectedFigure[], replayed: readonly ExpectedFigure[], modelClass: string | null, mipGap: number | null): string[] {
  const lines: string[] = [];
  for (const figure of stored) {
    const other = replayed.find((f) => f.label === figure.label);
    if (!other) {
      lines.push(`${figure.label}: ${show(figure.value)} stored, absent from the replay`);
      continue;
    }
    if (figure.value === null || other.value === null) {
      if (figure.value !== other.value) lines.push(`${figure.label}: ${show(figure.value)} stored, ${show(other.value)} replayed`);
      continue;
    }
    const tolerance = figureTolerance(figure, modelClass, mipGap);
    const difference = Math.abs(other.value - figure.value);
    if (difference > tolerance) {
      lines.push(`${figure.label}: ${show(figure.value)} stored, ${show(other.value)} replayed (apart by ${difference.toPrecision(3)}, tolerance ${tolerance.toPrecision(3)})`);
    }
  }
  for (const figure of replayed) {
    if (!stored.some((f) => f.label === figure.label)) lines.push(`${figure.label}: ${show(figure.value)} replayed, absent from the stored run`);
  }
  return lines;
}

function show(value: number | null): string {
  return value === null ? 'none' : String(value);
}
