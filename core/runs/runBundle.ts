import type { RunBundleSummary, StoredRun } from '../../api/runs.ts';
import type { CompareEntry } from '../../api/solvers.ts';
import type { FrontierPoint } from '../../api/book.ts';
import { modelExport } from '../../solver/diagnosis/modelExport.ts';
import { frontierCsv } from '../book/frontierCsv.ts';
import { comparisonCsv } from '../compare/comparisonCsv.ts';
import { StagedDirectory } from '../export/atomicOutput.ts';
import { checkOutputDirectory } from '../export/outputPaths.ts';
import { prepareModel } from '../portfolio/optimizationModel.ts';
import type { ModelArguments } from '../portfolio/optimizeArguments.ts';
import type { CoreServices } from '../services.ts';
import { readRunArtifacts } from '../store/runArtifacts.ts';
import { BUNDLE_FORMAT, INPUTS_ARTIFACT, REPLAYABLE, expectedFigures, type BundleManifest } from './bundleManifest.ts';
import { runPortfolioCsv } from './runPortfolioCsv.ts';
import { FILE_OPTIONS, fileFingerprint, runInputs, type FileOption, type InputFingerprint, type InputOptions } from './runInputs.ts';
import { RunRecorder } from './runRecorder.ts';
import { showRun } from './storedRun.ts';
import fs from 'node:fs';

/** The name a file input gets in the bundle: `holdingsFile` → `input.holdings.csv`. */
export const BUNDLE_INPUT_NAMES: Readonly<Record<FileOption, string>> = {
  holdingsFile: 'input.holdings.csv',
  recentSalesFile: 'input.recent-sales.csv',
  accountsFile: 'input.accounts.csv',
};


/**
 * `runs export ID --bundle DIR`: everything needed to run a stored run again and check it: bundle.json (the method and
 * its arguments with the as-of date pinned, the inputs' fingerprints, the figures to reproduce, the environment),
 * run.json (the stored run whole: result, spans, resource samples), the model file where the run had one, the solver
 * logs it kept, its output files, and copies of the files it read. Written whole into DIR or not at all.
 */
export async function exportRunBundle(services: CoreServices, id: number, dir: string): Promise<RunBundleSummary> {
  const { db } = services;
  const run = showRun(db, id);
  checkOutputDirectory(dir, { option: '--bundle', field: 'dir' });
  const options = (run.options ?? {}) as Record<string, unknown> & InputOptions;
  const result = (run.result ?? null) as Record<string, unknown> | null;
  const asOf = typeof result?.asOf === 'string' ? result.asOf : (options.asOf ?? null);
  const lookback = typeof options.lookback === 'number' ? options.lookback : null;
  const artifacts = readRunArtifacts(db, id);
  const missing: string[] = [];

  const recorded = artifacts.find((a) => a.name === INPUTS_ARTIFACT);
  const inputs: InputFingerprint[] = recorded ? (JSON.parse(recorded.text) as InputFingerprint[]) : safeInputs(services, options, asOf, lookback, missing);
  const method = REPLAYABLE[run.kind] ?? null;
  const notReplayable = replayRefusal(run, method, asOf);

  const staged = StagedDirectory.open(dir, '--bundle');
  try {
    const files: string[] = [];
    const write = (name: string, text: string): void => {
      staged.write(name, text);
      files.push(name);
    };
    write('run.json', `${JSON.stringify(run, null, 2)}\n`);

    const args = method && !notReplayable ? replayArguments(options, asOf) : null;
    for (const option of FILE_OPTIONS) {
      const file = options[option];
      if (typeof file !== 'string') continue;
      if (!fs.existsSync(file)) {
        missing.push(`${option} ${file}: no longer there, so the bundle has no copy of it`);
        continue;
      }
      const copy = fs.readFileSync(file, 'utf8');
      const now = fileFingerprint(option, file);
      const then = inputs.find((x) => x.name === option);
      if (then && then.sha256 !== now.sha256) missing.push(`${option} ${file}: changed since the run (the copy is the file as it is now)`);
      write(BUNDLE_INPUT_NAMES[option], copy);
      if (args) args[option] = BUNDLE_INPUT_NAMES[option];
    }

    if (run.kind === 'optimize' || run.kind === 'compare') {
      const model = await modelText(services, options, asOf, inputs, missing);
      if (model) {
        write('model.mps', model.text);
        write('model.names.json', model.names);
      }
    }
    for (const log of artifacts.filter((a) => a.name.endsWith('.log'))) write(log.name, log.text);
    if ((run.kind === 'optimize' || run.kind === 'compare') && !artifacts.some((a) => a.name.endsWith('.log'))) {
      missing.push('solver log: the run kept none (runs stored before logs were kept)');
    }
    for (const output of outputFiles(services, run)) write(output.name, output.text);

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      exportedAt: new Date().toISOString(),
      run: { id: run.id, kind: run.kind, status: run.status, createdAt: run.createdAt, universe: run.universe, useCase: run.useCase, solver: run.solver, durationMs: run.durationMs },
      method: notReplayable ? null : method,
      args,
      notReplayable,
      inputs,
      inputsTakenAt: recorded ? 'run' : 'export',
      modelClass: typeof result?.modelClass === 'string' ? result.modelClass : null,
      mipGap: typeof options.mipGap === 'number' ? options.mipGap : null,
      expected: expectedFigures(run.kind, result),
      environment: run.machine,
      files: ['bundle.json', ...files],
      missing,
    };
    staged.write('bundle.json', `${JSON.stringify(manifest, null, 2)}\n`);
    staged.commit();
    return { runId: id, dir, files: manifest.files };
  } catch (error) {
    staged.discard();
    throw error;
  }
}

/** Why a run cannot be replayed, or null. */
function replayRefusal(run: StoredRun, method: string | null, asOf: string | null): string | null {
  if (!method) return `a ${run.kind} run is not replayed: replay runs optimize, compare, batch and minimums runs again`;
  if (run.result === null || run.status === 'cancelled' || run.status === 'running') return `run ${run.id} stored no result (status ${run.status}): there is nothing to reproduce`;
  if (!asOf) return `run ${run.id} does not say its as-of date, so it cannot be pinned`;
  return null;
}

/**
 * The run's arguments for running it again: the as-of date it used pinned (prices imported since would otherwise move
 * the window), and no output paths (a replay writes nothing but its own run).
 */
function replayArguments(options: Record<string, unknown>, asOf: string | null): Record<string, unknown> {
  const { out: _out, writeModel: _writeModel, ...rest } = options;
  return { ...rest, ...(asOf ? { asOf } : {}) };
}

/** The inputs as the store holds them now, for a run that kept none; a universe gone is named in `missing`. */
function safeInputs(services: CoreServices, options: InputOptions, asOf: string | null, lookback: number | null, missing: string[]): InputFingerprint[] {
  try {
    return runInputs(services.db, options, asOf, lookback);
  } catch (error) {
    missing.push(`inputs: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/**
 * The model the run solved, assembled again from its options and the store; only when the store still holds what the
 * run read (its fingerprints match), since otherwise the file would be another model under the run's name.
 */
async function modelText(
  services: CoreServices,
  options: Record<string, unknown> & InputOptions,
  asOf: string | null,
  inputs: readonly InputFingerprint[],
  missing: string[],
): Promise<{ text: string; names: string } | undefined> {
  const lookback = typeof options.lookback === 'number' ? options.lookback : null;
  let now: InputFingerprint[];
  try {
    now = runInputs(services.db, options, asOf, lookback);
  } catch (error) {
    missing.push(`model.mps: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const changed = inputs.filter((x) => now.find((y) => y.name === x.name)?.sha256 !== x.sha256).map((x) => x.name);
  if (changed.length > 0) {
    missing.push(`model.mps: ${changed.join(', ')} changed since the run, so its model cannot be assembled again`);
    return undefined;
  }
  const rec = new RunRecorder();
  const prepared = await prepareModel(services, { ...(options as unknown as ModelArguments), ...(asOf ? { asOf } : {}) }, rec, (name, work) => rec.span(name, work));
  return modelExport(prepared.assembled.ir, 'mps');
}

/** The run's own output files, written again from what it stored. */
function outputFiles(services: CoreServices, run: StoredRun): { name: string; text: string }[] {
  const result = (run.result ?? {}) as Record<string, unknown>;
  switch (run.kind) {
    case 'optimize':
      return Array.isArray(result.holdings) ? [{ name: 'portfolio.csv', text: runPortfolioCsv(services.db, run.id).csv }] : [];
    case 'compare':
      return Array.isArray(result.entries) ? [{ name: 'comparison.csv', text: comparisonCsv(result.entries as CompareEntry[]) }] : [];
    case 'minimums':
      return Array.isArray(result.points) ? [{ name: 'frontier.csv', text: frontierCsv(result.points as FrontierPoint[]) }] : [];
    default:
      return [];
  }
}
