import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult, BenchRow, ParsedBenchMatrix } from '../../api/bench.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { RunEnvironment, StoredRun } from '../../api/runs.ts';
import { Cancelled, throwIfCancelled } from '../errors.ts';
import { StagedDirectory } from '../export/atomicOutput.ts';
import { finiteJson } from '../export/finiteNumbers.ts';
import { checkOutputDirectory } from '../export/outputPaths.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import { deleteRun, getRun, saveRun } from '../store/runStore.ts';
import { benchCsv } from './benchCsv.ts';
import { checkBenchRows, prepareBenchData, type BenchData } from './benchData.ts';
import { benchMarkdown } from './benchMarkdown.ts';
import { parseBenchMatrix, presetMatrixFile, readBenchMatrix } from './benchMatrixFile.ts';
import { rowMeasures } from './benchMeasures.ts';
import { planRows, type PlannedRow } from './benchPlan.ts';
import { runScreensRow } from './benchScreens.ts';
import { runWorkload, type WorkloadRow, type WorkloadRun } from './benchWorkload.ts';

const MIB = 2 ** 20;

/** Where a matrix came from, as messages and the table's title name it. */
interface MatrixSource {
  matrix: ParsedBenchMatrix;
  /** the file as given, or `matrix` for one given whole */
  source: string;
  /** how the command line names it */
  option: string;
}

/**
 * `bench/run` (`jessica bench`): the matrix's rows (benchPlan.ts) run one after another on this core's services.
 *
 * Before any row: the matrix is checked against the store (its universes and use cases), then the setup, untimed
 * and a span of its own (benchData.ts: universes imported, use cases with the other objective, books, the team
 * database synced). Each row is a top-level span of the bench run: one untimed warm-up run of its workload (its
 * stored run removed), then `repeats` timed runs, each through the workload's own handler and so stored as a run with
 * its spans and resource samples (benchWorkload.ts); a `screens` row visits its screen in a browser instead, through
 * the services' screen timer (benchScreens.ts). A row whose run fails is `failed` with the reason and the others go
 * on; a `store: postgres` row without a team database, and a `screens` row without a browser, are `skipped` with the
 * reason.
 *
 * The bench is stored as a run of kind `bench` whose result is the BenchResult (rows and environment), for the app
 * to list and chart; with `out`, bench.csv, bench.md and run.json are written there whole. A cancel stops it between
 * runs (and a running solve at once): the bench run is stored `cancelled` with the spans it got through.
 */
export async function runBench(services: CoreServices, args: ParsedArgs<'bench/run'>, control: JobControl = {}): Promise<BenchResult> {
  const started = performance.now();
  const { matrix, source, option } = matrixOf(args);
  if (args.out) checkOutputDirectory(args.out, { option: '--out', field: 'out' });
  const rows = planRows(matrix, args.repeats);
  checkBenchRows(services, rows, source);
  const name = matrix.name ?? path.basename(source);
  // a matrix given whole (the app, a test) has no command line: the method and its other arguments say what ran
  const command = [source === 'matrix' ? 'bench/run with the matrix given whole,' : 'jessica bench', option, ...(args.repeats ? [`--repeats ${args.repeats}`] : []), ...(args.out ? [`--out ${args.out}`] : [])]
    .filter((part) => part !== '')
    .join(' ');
  const solvers: Record<string, string> = {};
  const options = { matrix: source, ...(args.repeats ? { repeats: args.repeats } : {}), ...(args.out ? { out: args.out } : {}), rows: rows.length, plan: matrix };
  const job = {
    kind: 'bench',
    options,
    // each row is a top-level span of the bench, named by its label: the progress line as it starts
    stageMessages: {
      setup: "setting up: the data imported, the books, use cases and the screens' batches made, the team database synced (untimed)",
      ...Object.fromEntries(rows.map((row, k) => [row.label, `row ${k + 1} of ${rows.length}: ${row.label}`])),
    },
    solvers: () => solvers,
    storeFailures: true,
  };
  return recordedJob(services.db, job, control, async (rec) => {
    const setupStarted = performance.now();
    const data = await rec
      .span('setup', () => prepareBenchData(services, rows, rec, { ...(control.signal ? { signal: control.signal } : {}), ...(args.pgUrl ? { pgUrl: args.pgUrl } : {}) }))
      .catch((error: unknown) => {
        // an import cancelled midway stored its own run; the bench is stored as cancelled itself
        throw error instanceof Cancelled ? new Cancelled('the bench was cancelled while setting up') : error;
      });
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const done: BenchRow[] = [];
    try {
      for (const [k, row] of rows.entries()) {
        throwIfCancelled(control.signal);
        const report = (message: string, fraction: number) =>
          control.onProgress?.({ stage: row.label, fraction: (k + fraction) / rows.length, message: `row ${k + 1} of ${rows.length}: ${row.label}: ${message}` });
        done.push(await rec.span(row.label, () => runRow(services, row, data, rec, control, report)));
        Object.assign(solvers, solversOf(done.at(-1)!, services));
      }
    } finally {
      await data.close();
    }

    const staged = args.out ? StagedDirectory.open(args.out, '--out') : undefined;
    try {
      const environment: RunEnvironment = runEnvironment(solvers);
      const failed = done.filter((r) => r.status === 'failed').length;
      const result: BenchResult = {
        runId: 0,
        matrix: name,
        command,
        repeats: args.repeats ?? matrix.repeats,
        rows: done,
        files: staged ? ['bench.csv', 'bench.md', 'run.json'].map((file) => staged.final(file)) : [],
        environment,
        setupSeconds,
        seconds: (performance.now() - started) / 1000,
        failed,
        skipped: done.filter((r) => r.status === 'skipped').length,
      };
      const stored = { kind: 'bench', status: failed > 0 ? 'partial' : 'done', options, machine: environment, spans: rec.spans, samples: rec.samples };
      result.runId = saveRun(services.db, { ...stored, result });
      // again with its own id in it: the app and bench.md name the bench by its run
      saveRun(services.db, { ...stored, id: result.runId, result });
      if (staged) {
        staged.write('bench.csv', benchCsv(result.rows, staged.final('bench.csv')));
        staged.write('bench.md', benchMarkdown(result));
        staged.write('run.json', finiteJson(result, staged.final('run.json')));
        staged.commit();
      }
      return result;
    } finally {
      staged?.discard();
    }
  });
}

function matrixOf(args: ParsedArgs<'bench/run'>): MatrixSource {
  if (args.matrix) return { matrix: parseBenchMatrix(args.matrix, 'matrix'), source: 'matrix', option: '' };
  if (args.matrixFile) return { matrix: readBenchMatrix(args.matrixFile), source: args.matrixFile, option: `--matrix ${args.matrixFile}` };
  const preset = args.preset ?? 'default';
  const file = presetMatrixFile(preset);
  return { matrix: readBenchMatrix(file), source: path.relative(path.resolve(import.meta.dirname, '../..'), file), option: preset === 'default' ? '' : `--preset ${preset}` };
}

/** Runs a row: the warm-up, then its timed repeats; what they measured. */
async function runRow(
  services: CoreServices,
  row: PlannedRow,
  data: BenchData,
  rec: RunRecorder,
  control: JobControl,
  report: (message: string, fraction: number) => void,
): Promise<BenchRow> {
  const { db } = services;
  const base: BenchRow = {
    label: row.label,
    workload: row.workload,
    kind: row.kind,
    factor: row.factor,
    value: row.value,
    setup: { ...row.setup },
    data: '',
    repeats: 0,
    medianMs: null,
    minMs: null,
    maxMs: null,
    stageMedianMs: {},
    peakRssMiB: null,
    peakHeapMiB: null,
    answer: null,
    status: 'ok',
    reason: null,
    runIds: [],
    environment: '',
  };
  if (row.kind === 'screens') return runScreensRow(services, row, base, data, rec, control, report);
  if (row.kind === 'optimize' && row.setup.store === 'postgres' && data.team && data.team.state !== 'ready') {
    return { ...base, status: data.team.state, reason: data.team.reason };
  }
  const workloadControl = (what: string, fraction: number): JobControl => ({
    ...(control.signal ? { signal: control.signal } : {}),
    onProgress: (p) => report(`${what}: ${p.message}`, fraction),
  });

  const runs: WorkloadRun[] = [];
  let peak = { rssMiB: 0, heapMiB: 0 };
  let failure: { reason: string; runId: number | null } | null = null;
  try {
    const warm = await rec.span('warm-up', () => runWorkload(services, row, data, workloadControl('warm-up', 0)));
    // the warm-up only readies caches and pools: its run is not one of the row's
    deleteRun(db, warm.runId);
    for (let r = 1; r <= row.repeats; r++) {
      throwIfCancelled(control.signal);
      runs.push(await rec.span(`repeat ${r}`, () => runWorkload(services, row, data, workloadControl(`run ${r} of ${row.repeats}`, r / (row.repeats + 1)))));
      const memory = process.memoryUsage();
      peak = { rssMiB: Math.max(peak.rssMiB, memory.rss / MIB), heapMiB: Math.max(peak.heapMiB, memory.heapUsed / MIB) };
    }
  } catch (error) {
    // the bench stops as a whole and is stored as cancelled itself, not as the cancelled run of its row
    if (error instanceof Cancelled) throw new Cancelled(`the bench was cancelled during ${row.label}`);
    const reason = error instanceof Error ? error.message : String(error);
    failure = { reason, runId: runIdIn(reason) };
  }

  const stored = runs.map((run) => getRun(db, run.runId)).filter((run): run is StoredRun => run !== undefined);
  const measures = rowMeasures(
    runs.map((run) => run.ms),
    stored,
    runs.length > 0 ? peak : null,
  );
  return {
    ...base,
    ...measures,
    repeats: runs.length,
    answer: runs.at(-1)?.answer ?? null,
    status: failure ? 'failed' : 'ok',
    reason: failure?.reason ?? null,
    runIds: [...runs.map((run) => run.runId), ...(failure?.runId ? [failure.runId] : [])],
    environment: rowEnvironment(row, stored[0], data, services),
  };
}

/** `… [run 12]`: the run a failed job stored, which its message names. */
function runIdIn(message: string): number | null {
  const found = /\[run (\d+)\]/.exec(message);
  return found ? Number(found[1]) : null;
}

/** The solvers a row ran on, with their versions as its first run stored them. */
function solversOf(row: BenchRow, services: CoreServices): Record<string, string> {
  const run = row.runIds[0] === undefined ? undefined : getRun(services.db, row.runIds[0]);
  const machine = run?.machine as Partial<RunEnvironment> | null | undefined;
  return machine?.solvers ?? {};
}

/** `highs 1.8.0 (pool of 2 threads)`, `cbc 2.10.8`, `…, prices from PostgreSQL 15.2`: what a row's runs ran on. */
function rowEnvironment(row: WorkloadRow, first: StoredRun | undefined, data: BenchData, services: CoreServices): string {
  const machine = first?.machine as Partial<RunEnvironment> | null | undefined;
  const solvers = Object.entries(machine?.solvers ?? {})
    .filter(([id]) => row.kind === 'batch' || id === row.setup.solver)
    .map(([id, version]) => `${id} ${version}`);
  const threads = row.kind === 'batch' ? row.setup.workers : row.setup.solver === 'highs' ? services.highs().workers : null;
  const pool = threads === null ? '' : ` (pool of ${threads} thread${threads === 1 ? '' : 's'})`;
  const parts = [`${solvers.join(', ') || (row.kind === 'batch' ? 'highs' : row.setup.solver)}${pool}`];
  if (row.kind === 'optimize' && row.setup.store === 'postgres' && data.team?.state === 'ready') parts.push(`prices from ${data.team.server}`);
  return parts.join(', ');
}
