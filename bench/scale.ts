/**
 * bench/scale: the batch at scale on the real S&P 500, locally and distributed, and what more machines would give.
 *
 *   node --import tsx bench/scale.ts [--sizes 10000,100000] [--repeats 1] [--dist-accounts 100000] [--million 1000000]
 *                                    [--skip-million] [--out out/bench-scale.md] [--keep] [--pg postgres://…/test]
 *
 * Setup (untimed, its duration printed): the real S&P 500 imported into a scratch data directory, and for each size a
 * book of individually restricted accounts (`jessica accounts generate --restrictions individual`, seed 1, legacy
 * lots) generated and stored with `jessica accounts import`. Every figure comes from `jessica batch … --json` run as
 * its own process; its peak resident set is the largest VmHWM read from /proc every 250 ms (scaleProcess.ts).
 *
 * 1. Local batches, one per size (`--repeats` times: one number, or one per size; medians when more than one).
 * 2. The --dist-accounts book distributed (`--distributed --pg` on a scratch database jessica_bench_<random>) to one,
 *    then two `jessica worker --concurrency 1 --verbose` processes, each with a data directory of its own.
 * 3. --million accounts on two workers (unless --skip-million).
 * 4. The queue's cost per job on no-op jobs (scaleQueueCost.ts), and its share of each distributed run's work.
 * 5. The projection to N machines (scaleProjection.ts, scaleRunSplit.ts): computed, not measured.
 *
 * Any process that exits other than 0 stops the bench with its command and stderr; workers are stopped (SIGTERM,
 * then SIGKILL) whatever happens, the scratch database dropped, the scratch directory removed unless --keep.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHUNK_QUEUE, MODEL_QUEUE } from '../core/book/distributedBatch.ts';
import { CHUNK_ACCOUNTS } from '../core/book/mappedChunk.ts';
import { queryRows, TEST_PG_URL, withDatabase } from '../core/sync/testing/scratchDatabase.ts';
import { markdownTable, median } from './benchTable.ts';
import { type JessicaProcess, killAll, processFailure, ROOT, runJessica, startJessica, trackChild } from './scaleProcess.ts';
import { flattensAt, kneeMachines, parallelSeconds, projection, type RunSplit, scaledSplit, serialSeconds, speedupLimit } from './scaleProjection.ts';
import { jobTotals, measureNoOpJobCost, type NoOpJobCost, queueShare, type WorkerJobLine, workerJobLine } from './scaleQueueCost.ts';
import { type CpuSample, splitDistributedRun, type StageSpan, stageSpans } from './scaleRunSplit.ts';

/** A bad option stops the bench before any work, in one line. */
function refuse(message: string): never {
  process.stderr.write(`bench:scale: ${message}\n`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      options: {
        sizes: { type: 'string', default: '10000,100000' },
        repeats: { type: 'string', default: '1' },
        'dist-accounts': { type: 'string', default: '100000' },
        million: { type: 'string', default: '1000000' },
        'skip-million': { type: 'boolean', default: false },
        out: { type: 'string', default: 'out/bench-scale.md' },
        keep: { type: 'boolean', default: false },
        pg: { type: 'string', default: TEST_PG_URL },
      },
    }).values;
  } catch (e) {
    return refuse(e instanceof Error ? e.message : String(e));
  }
}
const values = options();

function count(option: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) refuse(`--${option}: "${text}" is not a positive whole number`);
  return n;
}
const sizes = values.sizes.split(',').map((s) => count('sizes', s.trim()));
const repeatList = values.repeats.split(',').map((s) => count('repeats', s.trim()));
if (repeatList.length !== 1 && repeatList.length !== sizes.length) refuse(`--repeats: give one number, or one per size (${sizes.length}), not ${repeatList.length}`);
const repeatsOf = (k: number) => repeatList[repeatList.length === 1 ? 0 : k]!;
const distAccounts = count('dist-accounts', values['dist-accounts']);
const million = count('million', values.million);
const skipMillion = values['skip-million'];
const outFile = path.resolve(values.out);
const pgBase = values.pg;

const QUEUE_COST = { workers: 2, slotsPerWorker: 1, jobs: 2000, runs: 3 };
const MACHINES = [1, 2, 4, 8, 16, 32];
const cores = os.availableParallelism();
const shared = path.resolve(ROOT, '../shared/data/sp500');

const say = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);
const thousands = (n: number) => n.toLocaleString('en-US');
const sec = (ms: number) => (ms / 1000).toFixed(2);
const mib = (x: number) => x.toFixed(0);
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : '–');

interface BatchJson {
  runId: number;
  accounts: number;
  seconds: number;
  spans: (StageSpan & { id?: number })[];
  trackingError: { median: number; p90: number; max: number };
  fallback: number;
  unallocated: number;
  failedModels: unknown[];
  clusters: unknown[];
}

function parseJson<T>(text: string, command: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`\`${command}\` printed no JSON (${e instanceof Error ? e.message : String(e)}); its output began: ${text.slice(0, 500)}`);
  }
}

/** Every stage's milliseconds, by name. */
function stageMs(r: BatchJson): Map<string, number> {
  return new Map(stageSpans(r.spans).map((s) => [s.name, s.durationMs]));
}

function mapAttrs(r: BatchJson): Record<string, number> {
  const map = stageSpans(r.spans).find((s) => s.name === 'map');
  return (map?.attrs ?? {}) as Record<string, number>;
}

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-scale-'));
const env = { JESSICA_HOME: home };
const setupLines: string[] = [];
const setup = async (what: string, args: string[]) => {
  say(`setup: ${what}`);
  const r = await runJessica(args, env);
  setupLines.push(`${what}: ${r.seconds.toFixed(1)} s`);
  say(`setup: ${what}: ${r.seconds.toFixed(1)} s`);
  return r;
};

const books = new Map<number, string>();
async function book(accounts: number): Promise<string> {
  const known = books.get(accounts);
  if (known) return known;
  const name = `scale-${accounts}`;
  const file = path.join(home, `${name}.csv`);
  const lots = path.join(home, `${name}-lots.csv`);
  await setup(`book of ${thousands(accounts)} accounts generated`, ['accounts', 'generate', '--count', String(accounts), '--seed', '1', '--universe', 'sp500', '--restrictions', 'individual', '--out', file, '--holdings-out', lots]);
  await setup(`book of ${thousands(accounts)} accounts imported`, ['accounts', 'import', file, '--holdings', lots, '--book', name]);
  if (!values.keep) {
    rmSync(file, { force: true });
    rmSync(lots, { force: true });
  }
  books.set(accounts, name);
  return name;
}

const batchArgs = (bookName: string, out: string) => ['batch', '--book', bookName, '--universe', 'sp500', '--use-case', 'index-tracking', '--out', out, '--allow-partial', '--json'];
let outputs = 0;
const outDir = () => path.join(home, `out-${++outputs}`);
const dropOutput = (dir: string) => {
  // a million accounts' CSV files are gigabytes: kept only when asked
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
};

interface LocalRun {
  result: BatchJson;
  peakMiB: number;
  command: string;
}

async function localBatch(accounts: number): Promise<LocalRun> {
  const out = outDir();
  const r = await runJessica(batchArgs(await book(accounts), out), env);
  dropOutput(out);
  return { result: parseJson<BatchJson>(r.stdout, r.command), peakMiB: r.peakMiB, command: r.command };
}

interface DistributedRun {
  workers: number;
  result: BatchJson;
  samples: CpuSample[];
  batchId: string;
  coordinatorPeakMiB: number;
  workerPeaksMiB: number[];
  wallSeconds: number;
  jobs: WorkerJobLine[];
  command: string;
  workerCommand: string;
}

/** Resolves at the first stdout line matching, rejects if the process ends or `timeoutMs` passes first. */
function lineFrom(p: JessicaProcess, match: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`\`${p.command}\` (pid ${p.pid}) printed no line matching ${match} within ${timeoutMs / 1000} s; stderr: ${p.stderr().slice(-2000)}`)), timeoutMs);
    p.onStdoutLine((line) => {
      if (match.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void p.closed.then((ended) => {
      clearTimeout(timer);
      reject(processFailure(p, ended, 'a worker ended before it was ready'));
    });
  });
}

async function distributedBatch(accounts: number, workerCount: number, pgUrl: string): Promise<DistributedRun> {
  const bookName = await book(accounts);
  const workerArgs = ['worker', '--pg', pgUrl, '--concurrency', '1', '--verbose'];
  const workers: JessicaProcess[] = [];
  let coordinator: JessicaProcess | undefined;
  try {
    for (let k = 0; k < workerCount; k++) {
      // a data directory of its own, as on another machine: a worker reads nothing from the coordinator's disk
      const workerHome = path.join(home, `worker-${accounts}-${workerCount}-${k + 1}`);
      mkdirSync(workerHome, { recursive: true });
      workers.push(startJessica(workerArgs, { JESSICA_HOME: workerHome }));
    }
    await Promise.all(workers.map((w) => lineFrom(w, /^worker on /, 120_000)));
    const out = outDir();
    const c = startJessica([...batchArgs(bookName, out), '--distributed', '--pg', pgUrl], env);
    coordinator = c;
    const first = await Promise.race([c.closed.then((ended) => ({ who: -1, ended })), ...workers.map((w, k) => w.closed.then((ended) => ({ who: k, ended })))]);
    if (first.who >= 0) throw processFailure(workers[first.who]!, first.ended, `worker ${first.who + 1} of ${workerCount} ended during the batch`);
    if (first.ended.code !== 0) throw processFailure(c, first.ended);
    dropOutput(out);
    const stops = await Promise.all(workers.map((w) => w.stop()));
    stops.forEach((ended, k) => {
      if (ended.code !== 0) throw processFailure(workers[k]!, ended, `worker ${k + 1} of ${workerCount} did not stop cleanly on SIGTERM`);
    });
    const result = parseJson<BatchJson>(c.stdout(), c.command);
    const shown = await runJessica(['runs', 'show', String(result.runId), '--json'], env);
    const stored = parseJson<{ samples?: CpuSample[] }>(shown.stdout, shown.command);
    // the coordinator's gathering is read from these: without them the projection's serial part would lack it
    if ((stored.samples ?? []).length < 2) throw new Error(`run ${result.runId} (\`${c.command}\`) has ${stored.samples?.length ?? 0} resource samples in \`${shown.command}\`: the coordinator's CPU in the map stage cannot be read`);
    const jobs = workers.flatMap((w) => w.stdout().split('\n').map(workerJobLine).filter((j): j is WorkerJobLine => j !== null));
    // the projection and the queue's share rest on these lines: fewer than the batch's chunks means they were misread
    const chunks = Number(stageSpans(result.spans).find((s) => s.name === 'distribute')?.attrs?.chunks ?? Math.ceil(accounts / CHUNK_ACCOUNTS));
    const chunkLines = jobs.filter((j) => j.queue === CHUNK_QUEUE).length;
    if (chunkLines < chunks) throw new Error(`the workers of batch ${c.command} reported ${chunkLines} chunk jobs done (lines "${CHUNK_QUEUE} job <id> done in <ms> ms"), the batch has ${chunks}; first lines: ${workers[0]!.stdout().slice(0, 500)}`);
    return {
      workers: workerCount,
      result,
      samples: stored.samples ?? [],
      batchId: /distributed batch (\S+)/.exec(c.stderr())?.[1] ?? '?',
      coordinatorPeakMiB: c.peakMiB(),
      workerPeaksMiB: workers.map((w) => w.peakMiB()),
      wallSeconds: (await c.closed).seconds,
      jobs,
      command: c.command.replace(pgUrl, '$PG'),
      workerCommand: workers[0]!.command.replace(pgUrl, '$PG'),
    };
  } finally {
    await coordinator?.stop(5_000);
    await Promise.all(workers.map((w) => w.stop(15_000)));
  }
}

const loadAtStart = os.loadavg()[0]!;
if (loadAtStart > 1.5) say(`warning: load average ${loadAtStart.toFixed(2)} at the start: another heavy process shares the cores`);
const database = `jessica_bench_${randomBytes(6).toString('hex')}`;
let interrupted: NodeJS.Signals | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      // a second signal does not wait for the clean-up (a no-op job batch may wait a minute to see its workers gone)
      say(`${signal} again: exiting now; the scratch database ${database} and directory ${home} may be left`);
      process.exit(130);
    }
    interrupted = signal;
    say(`${signal}: stopping every process the bench started`);
    killAll();
  });
}

let databaseCreated = false;
const local = new Map<number, LocalRun[]>();
const distributed: DistributedRun[] = [];
let millionRun: DistributedRun | undefined;
let queueCost: NoOpJobCost | undefined;
let failed = false;
try {
  await setup('S&P 500 imported', ['data', 'import', '--universe', 'sp500', '--prices', `${shared}/prices.csv.gz`, '--constituents', `${shared}/constituents.csv`, '--index', `${shared}/index.csv`]);

  for (const [k, accounts] of sizes.entries()) {
    const runs: LocalRun[] = [];
    for (let r = 0; r < repeatsOf(k); r++) {
      await book(accounts);
      say(`local batch of ${thousands(accounts)} accounts, run ${r + 1} of ${repeatsOf(k)}`);
      const run = await localBatch(accounts);
      say(`  ${run.result.seconds.toFixed(1)} s, peak ${mib(run.peakMiB)} MiB`);
      runs.push(run);
    }
    local.set(accounts, runs);
  }

  await queryRows(pgBase, `CREATE DATABASE ${database}`);
  databaseCreated = true;
  const pgUrl = withDatabase(pgBase, database);

  say(`queue cost: ${thousands(QUEUE_COST.jobs)} no-op jobs × ${QUEUE_COST.runs} on ${QUEUE_COST.workers} toy workers × ${QUEUE_COST.slotsPerWorker} slot`);
  queueCost = await measureNoOpJobCost(pgUrl, { ...QUEUE_COST, track: trackChild });
  say(`  ${queueCost.slotMsPerJob.toFixed(2)} ms per job per slot`);

  for (const workerCount of [1, 2]) {
    await book(distAccounts);
    say(`distributed batch of ${thousands(distAccounts)} accounts on ${workerCount} worker${workerCount === 1 ? '' : 's'}`);
    const run = await distributedBatch(distAccounts, workerCount, pgUrl);
    say(`  ${run.result.seconds.toFixed(1)} s, coordinator peak ${mib(run.coordinatorPeakMiB)} MiB`);
    distributed.push(run);
  }

  if (!skipMillion) {
    await book(million);
    say(`distributed batch of ${thousands(million)} accounts on 2 workers`);
    millionRun = await distributedBatch(million, 2, pgUrl);
    say(`  ${millionRun.result.seconds.toFixed(1)} s, coordinator peak ${mib(millionRun.coordinatorPeakMiB)} MiB`);
  }
} catch (e) {
  failed = true;
  process.stderr.write(`bench:scale failed${interrupted ? ` (${interrupted})` : ''}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = interrupted ? 130 : 1;
} finally {
  killAll();
  if (databaseCreated) await queryRows(pgBase, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((e: unknown) => say(`could not drop the scratch database ${database}: ${e instanceof Error ? e.message : String(e)}`));
  if (values.keep) say(`scratch directory kept: ${home}`);
  else rmSync(home, { recursive: true, force: true });
}

if (!failed) {
  const report = renderReport();
  process.stdout.write(report);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, report);
  say(`written to ${path.relative(process.cwd(), outFile) || outFile}`);
}

function renderReport(): string {
  const parts: string[] = [];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  parts.push(
    `# bench:scale\n\n` +
      `machine: ${cores} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average ${loadAtStart.toFixed(2)} at the start; ` +
      `data: the real S&P 500 (../shared/data/sp500), books of individually restricted accounts (\`jessica accounts generate --restrictions individual --seed 1\`, legacy lots), use case index-tracking. ` +
      `Peak RSS: the largest VmHWM of the process, read every 250 ms (MiB). MB = 10^6 bytes.\n\n` +
      `setup (untimed): ${setupLines.join('; ')}\n`,
  );

  // 1. local batches
  const stageOrder = (runs: readonly BatchJson[]) => {
    const names: string[] = [];
    for (const r of runs) for (const s of stageSpans(r.spans)) if (!names.includes(s.name)) names.push(s.name);
    return names;
  };
  {
    const all = [...local.values()].flat().map((r) => r.result);
    const stages = stageOrder(all);
    const rows = sizes.map((accounts, k) => {
      const runs = local.get(accounts)!;
      const m = (f: (r: LocalRun) => number) => median(runs.map(f));
      const attrs = (r: LocalRun) => mapAttrs(r.result);
      const bytes = m((r) => attrs(r).bytes ?? 0);
      // the time the map stage's threads spent writing lines, per thread, plus the time the files waited for the disk
      const writeMs = m((r) => (attrs(r).formatMs ?? 0) / Math.max(1, attrs(r).threads ?? 1) + (attrs(r).diskWaitMs ?? 0));
      const mapMs = m((r) => stageMs(r.result).get('map') ?? 0);
      return [
        runs[0]!.command.replace(/--out \S+/, '--out DIR'),
        `${thousands(accounts)} accounts, restrictions individual, universe sp500 (real)${repeatsOf(k) > 1 ? `; median of ${repeatsOf(k)}` : ''}`,
        m((r) => r.result.seconds).toFixed(2),
        ...stages.map((name) => sec(m((r) => stageMs(r.result).get(name) ?? 0))),
        mib(m((r) => r.peakMiB)),
        thousands(Math.round(bytes)),
        writeMs > 0 ? (bytes / 1e6 / (writeMs / 1000)).toFixed(0) : '–',
        mapMs > 0 ? (bytes / 1e6 / (mapMs / 1000)).toFixed(0) : '–',
        pct(m((r) => r.result.trackingError.median)),
        pct(m((r) => r.result.trackingError.p90)),
      ];
    });
    parts.push(
      `\n## 1. Local batches\n\n` +
        markdownTable(['command', 'data', 'total s', ...stages.map((s) => `${s} s`), 'peak RSS MiB', 'CSV bytes', 'write MB/s (format/threads + disk wait)', 'write MB/s (map stage)', 'TE median', 'TE p90'], rows) +
        `\n\nwrite MB/s (format/threads + disk wait) = bytes / (formatMs / threads + diskWaitMs): the rate of the writing itself; ` +
        `write MB/s (map stage) = bytes / the map stage's seconds, mapping included. TE: the accounts' whole-share tracking error.\n`,
    );
  }

  // 2. and 3. distributed batches
  const workerPeaks = (r: DistributedRun) => r.workerPeaksMiB.map(mib).join(' / ');
  const distributedRows = (runs: readonly DistributedRun[], stages: readonly string[], speedups: boolean) =>
    runs.map((r) => {
      const ms = stageMs(r.result);
      const base = runs[0]!;
      const speed = (f: (x: DistributedRun) => number) => (r === base ? '1.00' : (f(base) / f(r)).toFixed(2));
      return [
        `${r.command.replace(/--out \S+/, '--out DIR')}; ${r.workers} × \`${r.workerCommand}\``,
        `${thousands(r.result.accounts)} accounts, restrictions individual, universe sp500 (real)`,
        String(r.workers),
        r.result.seconds.toFixed(2),
        ...stages.map((name) => sec(ms.get(name) ?? 0)),
        ...(speedups ? [speed((x) => x.result.seconds), speed((x) => stageMs(x.result).get('map') ?? Number.NaN)] : []),
        mib(r.coordinatorPeakMiB),
        workerPeaks(r),
        r.wallSeconds.toFixed(1),
      ];
    });
  {
    const stages = stageOrder(distributed.map((r) => r.result));
    parts.push(
      `\n## 2. Distributed batch, 1 vs 2 worker processes\n\n` +
        markdownTable(
          ['command', 'data', 'workers', 'total s', ...stages.map((s) => `${s} s`), 'speedup (total)', 'speedup (map)', 'peak RSS coordinator MiB', 'peak RSS workers MiB', 'coordinator process s'],
          distributedRows(distributed, stages, true),
        ) +
        `\n\nworkers and coordinator on this one machine (${cores} cores): with 2 workers the coordinator's own work shares the cores with them. ` +
        `Speedup = the 1-worker time / the 2-worker time. $PG: a scratch database on ${new URL(pgBase).host}. ` +
        `Batches: ${distributed.map((r) => `${r.workers} worker${r.workers === 1 ? '' : 's'} ${r.batchId}`).join(', ')}.\n`,
    );
  }
  if (millionRun) {
    const stages = stageOrder([millionRun.result]);
    parts.push(
      `\n## 3. ${thousands(millionRun.result.accounts)} accounts on 2 workers\n\n` +
        markdownTable(['command', 'data', 'workers', 'total s', ...stages.map((s) => `${s} s`), 'peak RSS coordinator MiB', 'peak RSS workers MiB', 'coordinator process s'], distributedRows([millionRun], stages, false)) +
        `\n\nbatch ${millionRun.batchId}; tracking error median ${pct(millionRun.result.trackingError.median)}, p90 ${pct(millionRun.result.trackingError.p90)}; ` +
        `fallback ${thousands(millionRun.result.fallback)}, unallocated ${thousands(millionRun.result.unallocated)}, failed models ${millionRun.result.failedModels.length}\n`,
    );
  } else {
    parts.push(`\n## 3. ${thousands(million)} accounts on 2 workers\n\nnot run (--skip-million)\n`);
  }

  // 4. queue overhead
  const q = queueCost!;
  const qMs = q.slotMsPerJob;
  const shareRows = [...distributed, ...(millionRun ? [millionRun] : [])].map((r) => {
    const totals = jobTotals(r.jobs);
    const all = { jobs: r.jobs.length, ms: r.jobs.reduce((t, j) => t + j.ms, 0) };
    const chunks = totals.get(CHUNK_QUEUE) ?? { jobs: 0, ms: 0 };
    const models = totals.get(MODEL_QUEUE) ?? { jobs: 0, ms: 0 };
    const share = queueShare(qMs, all);
    return [
      `${thousands(r.result.accounts)} accounts on ${r.workers} worker${r.workers === 1 ? '' : 's'}`,
      `${thousands(chunks.jobs)} chunk + ${thousands(models.jobs)} model = ${thousands(all.jobs)}`,
      `${sec(chunks.ms)} + ${sec(models.ms)} = ${sec(all.ms)}`,
      qMs.toFixed(2),
      sec(qMs * all.jobs),
      pct(share),
      share <= 0.05 ? 'met (≤ 5 %)' : 'missed (> 5 %)',
    ];
  });
  parts.push(
    `\n## 4. Queue overhead\n\n` +
      `measured on no-op jobs (insert → fetch → run → putResult → complete; ${q.workers} toy worker processes × ${q.slotsPerWorker} slot, ` +
      `${thousands(q.jobs)} jobs, median of ${q.runs} batches after a warm-up): ${q.wallMsPerJob.toFixed(2)} ms of a batch's wall time per job, ` +
      `${qMs.toFixed(2)} ms of a slot's time per job (wall × slots / jobs), the figure used below.\n\n` +
      markdownTable(['distributed run', 'jobs (workers\' --verbose lines)', 'job time s (chunk + model)', 'overhead ms per job', 'overhead × jobs s', 'share of the work', 'target ≤ 5 %'], shareRows) +
      `\n\nshare = overhead per job × jobs / Σ the jobs' own times (\`done in <ms> ms\` of the workers' --verbose lines).\n`,
  );

  // 5. projection
  const oneWorker = distributed.find((r) => r.workers === 1)!;
  const twoWorkers = distributed.find((r) => r.workers === 2);
  const splitOf = (r: DistributedRun) => {
    const chunks = jobTotals(r.jobs).get(CHUNK_QUEUE) ?? { jobs: 0, ms: 0 };
    return splitDistributedRun({ accounts: r.result.accounts, seconds: r.result.seconds, spans: r.result.spans, samples: r.samples, chunkJobs: chunks.jobs, chunkMs: chunks.ms, queueMsPerJob: qMs });
  };
  const measured = splitOf(oneWorker);
  const blocks: { title: string; split: RunSplit }[] = [];
  for (const accounts of [...new Set([distAccounts, 100_000, 1_000_000, million])].sort((a, b) => a - b)) {
    blocks.push({
      title: accounts === measured.accounts ? `${thousands(accounts)} accounts, from the measured 1-worker run` : `${thousands(accounts)} accounts, from the measured 1-worker run of ${thousands(measured.accounts)} scaled by accounts`,
      split: accounts === measured.accounts ? measured : scaledSplit(measured, accounts),
    });
  }
  if (millionRun) blocks.push({ title: `${thousands(millionRun.result.accounts)} accounts, from the measured 2-worker run of that size (its own serial part and chunk times)`, split: splitOf(millionRun) });
  const projectionParts = blocks.map(({ title, split }) => {
    const rows = projection(split, MACHINES, cores);
    const flat = flattensAt(rows);
    const knee = kneeMachines(split, cores);
    const serialText = split.serial.map((p) => `${p.name} ${p.seconds.toFixed(2)}`).join(', ');
    return (
      `\n### ${title} (computed, not measured)\n\n` +
      `S = ${serialSeconds(split).toFixed(1)} s (${serialText}); P = ${parallelSeconds(split).toFixed(1)} s (${thousands(split.chunkJobs)} chunk jobs: ${split.chunkSeconds.toFixed(1)} s of their own time + ${(split.queueSecondsPerJob * 1000).toFixed(2)} ms of queue each)\n\n` +
      markdownTable(
        ['machines', 'cores', 'T(N) s', 'speedup', 'efficiency', ''],
        rows.map((r) => [String(r.machines), String(r.machines * cores), r.seconds.toFixed(1), r.speedup.toFixed(2), pct(r.efficiency), r.machines === flat ? 'flattens: doubling gains < 10 % from here' : '']),
      ) +
      `\n\nknee (parallel part = serial part) at N = P / (c · S) = ${knee.toFixed(1)} machines; no number of machines gives more than ${speedupLimit(split, cores).toFixed(2)}× over one machine\n`
    );
  });
  const check = twoWorkers
    ? `Check on this machine: the projection's T(1) for ${thousands(measured.accounts)} accounts (2 slots) is ${projection(measured, [1], cores)[0]!.seconds.toFixed(1)} s; the measured 2-worker run took ${twoWorkers.result.seconds.toFixed(1)} s, its coordinator sharing the same ${cores} cores.`
    : '';
  parts.push(
    `\n## 5. What N machines would give (computed, not measured)\n\n` +
      `T(N) = S + P / (N · c), c = ${cores} cores per machine (one worker slot each), Speedup(N) = T(1) / T(N). ` +
      `S, the coordinator's serial seconds: every stage but map (load, returns, cluster, distribute, optimize's wall time, write, persist), ` +
      `plus its gathering of the chunks (its CPU seconds inside the map stage, from the run's resource samples, plus the map stage's disk wait), plus the batch's seconds outside its stages; ` +
      `P, the parallel seconds: the chunk jobs' own times summed (the workers' --verbose lines) + the queue's cost per job (section 4) × chunk jobs. ` +
      `Scaled blocks: load, cluster, distribute, write, persist, gathering and the chunks' time in proportion to the accounts; returns and optimize as measured. ` +
      `A machine is taken to be this one, its cores as fast with ${cores} jobs at once as with one.\n` +
      projectionParts.join('') +
      (check ? `\n${check}\n` : ''),
  );
  return `${parts.join('')}`;
}
