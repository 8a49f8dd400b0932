import type { MinimumsResult } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import { SECTOR_PREFIX } from '../../solver/tracking/accountExclusions.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
import { StagedDirectory } from '../export/atomicOutput.ts';
import { finiteJson } from '../export/finiteNumbers.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { checkBookJobArguments } from '../bookJobArguments.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import { saveRun } from '../store/runStore.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { frontierFromTargets, solveFrontierTargets, type ClusterMinimumInput } from './clusterMinimum.ts';
import { frontierCsv } from './frontierCsv.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { panelFingerprint } from '../runs/runInputs.ts';

const STAGE_MESSAGES: Readonly<Record<string, string>> = {
  load: 'reading prices',
  returns: 'computing returns and the benchmark',
  target: 'solving the fractional targets',
  frontier: 'whole shares at each account value',
  write: 'writing frontier.csv',
  persist: 'storing the run',
};

/**
 * `book/minimums` (`jessica minimums`): the account-minimum frontier of a use case on a universe,
 * stage by stage as spans of the run: load → returns → target (the fractional targets on the HiGHS pool)
 * → frontier (whole shares at every size, then the bisection for the minimum) → write (frontier.csv) →
 * persist; run.json last. As a job: every stage and every target and size is reported to
 * `control.onProgress`; `control.signal` is checked between stages and sizes and handed to the pool. A
 * cancelled job stores its run as `cancelled` and throws Cancelled.
 */
export async function bookMinimums(
  services: CoreServices,
  args: ParsedArgs<'book/minimums'>,
  control: JobControl = {},
): Promise<MinimumsResult> {
  // refused before any work: no run is stored for arguments that cannot make one
  checkBookJobArguments(services.db, args);
  const job = {
    kind: 'minimums',
    universe: args.universe,
    useCase: args.useCase,
    solver: 'highs',
    options: args,
    stageMessages: STAGE_MESSAGES,
    solvers: () => ({ highs: services.highs().version }),
  };
  return recordedJob(services.db, job, control, (rec) => minimumsStages(services, args, rec, control));
}

async function minimumsStages(
  services: CoreServices,
  args: ParsedArgs<'book/minimums'>,
  rec: RunRecorder,
  { signal, onProgress }: JobControl,
): Promise<MinimumsResult> {
  const started = performance.now();
  const stage = <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    throwIfCancelled(signal);
    return rec.span(name, work);
  };
  const { db } = services;
  const useCase = withExclusions(findUseCase(db, args.useCase), args.exclude ?? []);
  // before the data work, so that the pool's threads start while the prices load
  services.highs();

  const panel = await stage('load', () => {
    if (args.universe === 'demo') ensureDemoMarket(db);
    return readPricePanel(db, args.universe, { asOf: args.asOf, lookback: args.lookback });
  });
  rec.annotate('load', { dates: panel.dates.length, members: panel.tickers.length });
  rec.noteInput(panelFingerprint(panel));
  const problem = await stage('returns', () => buildTrackingProblem(panel));
  rec.annotate('returns', { names: problem.tickers.length, periods: problem.benchmarkReturns.length });

  const input: ClusterMinimumInput = {
    problem,
    useCase,
    teTarget: args.teTarget,
    sizes: args.sizes,
    fractional: args.fractional,
    timeLimitSec: args.timeLimit,
    ...(signal ? { signal } : {}),
    onProgress: (what, done, total) =>
      onProgress?.({
        stage: what,
        fraction: done / total,
        message: what === 'target' ? `${done} of ${total} targets solved` : `${done} of ${total} account values`,
      }),
  };
  const prepared = await stage('target', () => solveFrontierTargets(services, input));
  rec.annotate('target', { targets: prepared.targets.length });
  // each target's solve on the pool, at the time and on the lane it ran (the rungs run at once)
  const targetSpan = rec.spans.findLast((s) => s.name === 'target' && s.parent === null)!;
  for (const { label, timing } of [...prepared.tasks].sort((a, b) => a.timing.startedEpochMs - b.timing.startedEpochMs)) {
    rec.addTimedEpoch(targetSpan, { name: label, startedEpochMs: timing.startedEpochMs, endedEpochMs: timing.endedEpochMs, thread: timing.thread });
  }
  const found = await stage('frontier', () => frontierFromTargets(prepared, input));
  rec.annotate('frontier', { sizes: found.points.filter((p) => !p.fractional).length, minimum: found.minimum, probes: found.search?.probes ?? 0 });

  const result: MinimumsResult = {
    runId: 0,
    universe: args.universe,
    useCase: useCase.id,
    asOf: problem.asOf,
    teTarget: args.teTarget,
    points: found.points,
    minimum: found.minimum,
    search: found.search,
    targets: found.targets,
    seconds: 0,
    files: [],
    spans: rec.spans,
    warnings: [...problem.warnings, ...found.warnings],
  };

  // --out is written beside itself and put in place whole once run.json is in it, or discarded (atomicOutput.ts)
  const output = args.out ? StagedDirectory.open(args.out, '--out') : undefined;
  try {
    if (output) {
      await stage('write', () => {
        result.files.push(output.write('frontier.csv', frontierCsv(result.points, output.final('frontier.csv'))));
      });
    }
    result.seconds = (performance.now() - started) / 1000;
    result.runId = await stage('persist', () =>
      saveRun(db, {
        kind: 'minimums',
        status: result.minimum === null ? 'no-minimum' : 'optimal',
        universe: args.universe,
        useCase: useCase.id,
        solver: 'highs',
        options: args,
        result: { ...result, spans: undefined },
        machine: runEnvironment({ highs: services.highs().version }),
        spans: rec.spans,
        samples: rec.samples,
      }),
    );
    result.seconds = (performance.now() - started) / 1000;

    if (output) {
      const file = output.final('run.json');
      result.files.push(output.write('run.json', finiteJson({ ...result, files: [...result.files, file], machine: runEnvironment({ highs: services.highs().version }), options: args }, file)));
      output.commit();
    }
  } finally {
    output?.discard();
  }
  return result;
}

/**
 * `--exclude T1,sector:Energy`: tickers and `sector:NAME` entries added to the use case's con.exclusions
 * (whose check rejects a ticker or sector the universe does not have, naming it).
 */
function withExclusions(useCase: UseCase, exclude: readonly string[]): UseCase {
  if (exclude.length === 0) return useCase;
  const sectors = exclude.filter((e) => e.toLowerCase().startsWith(SECTOR_PREFIX)).map((e) => e.slice(SECTOR_PREFIX.length).trim());
  const tickers = exclude.filter((e) => !e.toLowerCase().startsWith(SECTOR_PREFIX)).map((e) => e.trim().toUpperCase());
  const components = useCase.components.map((c) => ({ id: c.id, params: structuredClone(c.params) }));
  let exclusions = components.find((c) => c.id === 'con.exclusions');
  if (!exclusions) {
    exclusions = { id: 'con.exclusions', params: {} };
    components.push(exclusions);
  }
  const list = (key: string): string[] => (Array.isArray(exclusions.params[key]) ? (exclusions.params[key] as string[]) : []);
  exclusions.params = {
    ...exclusions.params,
    tickers: [...new Set([...list('tickers'), ...tickers])],
    sectors: [...new Set([...list('sectors'), ...sectors])],
  };
  return { ...useCase, components };
}
