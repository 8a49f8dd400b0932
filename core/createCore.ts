import { setMaxListeners } from 'node:events';
import type { Envelope } from '../api/envelope.ts';
import { fail, ok } from '../api/envelope.ts';
import { methods } from '../api/methods.ts';
import type { MethodName, MethodResults, ParsedArgs } from '../api/methods.ts';
import { importAccounts } from './accounts/accountsImport.ts';
import { listBookAccounts } from './accounts/bookStore.ts';
import { storeDemoBook } from './accounts/demoBookStore.ts';
import { generateAccounts } from './accounts/demoBookFiles.ts';
import { toApiError } from './apiError.ts';
import { accountDetail } from './book/accountDetail.ts';
import { bookBatch } from './book/batch.ts';
import { batchRun, listBatchRuns } from './book/batchRuns.ts';
import { bookAccounts } from './book/bookAccounts.ts';
import { clusterDetail } from './book/clusterDetail.ts';
import { bookMinimums } from './book/minimums.ts';
import { compareSolvers } from './compare/compareSolvers.ts';
import type { JobControl } from './jobs/jobControl.ts';
import { JobRunner, type JobHandlers } from './jobs/jobRunner.ts';
import { ensureDemoMarket } from './market/demoMarket.ts';
import { importUniverse, listUniverses } from './market/priceImport.ts';
import { priceSeries } from './market/priceSeries.ts';
import { universeMembers } from './market/universeMembers.ts';
import { optimizePortfolio } from './portfolio/optimizePortfolio.ts';
import { exportRunBundle } from './runs/runBundle.ts';
import { diffStoredRuns } from './runs/runDiff.ts';
import { runPortfolioCsv } from './runs/runPortfolioCsv.ts';
import { replayBundle } from './runs/runReplay.ts';
import { removeRun, showRun } from './runs/storedRun.ts';
import { waterfallFile } from './runs/waterfallFile.ts';
import { waterfallLayout } from './runs/waterfallLayout.ts';
import type { CoreServices } from './services.ts';
import { listSolvers } from './solvers/solverList.ts';
import { jobHandlersNamingTheStore, namingTheStore } from './storeErrorNames.ts';
import { listRuns } from './store/runStore.ts';
import { setTeamDatabaseUrl, teamDatabaseSettings } from './sync/teamDatabaseSettings.ts';
import { componentInfos } from './usecases/componentInfo.ts';
import { modelFacts } from './usecases/modelFacts.ts';
import { showUseCase } from './usecases/showUseCase.ts';
import { copyUseCase, disableComponent, enableComponent, setParameters } from './usecases/useCaseEdits.ts';
import { matrixTable } from './usecases/useCaseMatrix.ts';
import { listUseCases } from './usecases/useCaseStore.ts';

export { toApiError } from './apiError.ts';

type Handlers = { [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResults[M]> };

export interface Core {
  /** Validates `args` against the contract, runs the handler and answers with an envelope; never throws. */
  dispatch(method: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, handler: (payload: unknown) => void): () => void;
  services: CoreServices;
  /** Cancels the running jobs and direct calls (a shell closing); call before services.close(). */
  cancelJobs(): void;
}

export function createCore(services: CoreServices): Core {
  const { db, events } = services;

  // The methods that also run as jobs: the same handler, given the job's signal and progress.
  const jobHandlers: JobHandlers = {
    'data/import': (args, control) =>
      importUniverse(db, {
        ...args,
        ...(control.signal ? { signal: control.signal } : {}),
        onProgress: (rows: number) => {
          events.emit('data/progress', { universe: args.universe, rows });
          control.onProgress?.({ stage: 'prices', fraction: null, message: `${rows.toLocaleString('en-US')} price rows read` });
        },
      }),
    // yahoo-finance2 and pg are loaded on first use: every command and every app start would otherwise pay for them
    'data/yahoo': async (args, control) => (await import('./market/yahoo/yahooImport.ts')).importFromYahoo(services, args, control),
    'portfolio/optimize': (args, control) => optimizePortfolio(services, args, control),
    'book/minimums': (args, control) => bookMinimums(services, args, control),
    'book/batch': (args, control) => bookBatch(services, args, control),
    'sync/run': async ({ url }, control) => (await import('./sync/syncStore.ts')).syncStore(services, { url, signal: control.signal, onProgress: control.onProgress }),
    'solvers/compare': (args, control) => compareSolvers(services, args, control),
    // a replay runs the bundle's job through these same handlers: the same validation, spans and stored run
    'runs/replay': (args, control) => replayBundle(services, args, (method, parsed, c) => jobHandlers[method](parsed, c), control),
    // the bench loads its writers and (for its postgres rows) pg only when it runs
    'bench/run': async (args, control) => (await import('./bench/benchRun.ts')).runBench(services, args, control),
  };
  const jobs = new JobRunner(jobHandlersNamingTheStore(jobHandlers, db.name), events);
  // A shell closing stops its direct calls too (an import a page awaits without a job): cancelJobs aborts this.
  // Every solve of every direct call listens on it while it runs, so no count of listeners is a leak.
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);
  const direct: JobControl = { signal: closing.signal };

  const handlers: Handlers = {
    'data/import': (args) => jobHandlers['data/import'](args, direct),
    'data/yahoo': (args) => jobHandlers['data/yahoo'](args, direct),
    'data/list': async () => {
      ensureDemoMarket(db);
      return listUniverses(db);
    },
    'data/members': async ({ universe }) => universeMembers(db, universe),
    'data/series': async (args) => priceSeries(db, args),
    'components/list': async () => componentInfos(),
    'portfolio/optimize': (args) => jobHandlers['portfolio/optimize'](args, direct),
    'book/minimums': (args) => jobHandlers['book/minimums'](args, direct),
    'book/batch': (args) => jobHandlers['book/batch'](args, direct),
    'book/runs': async ({ limit }) => listBatchRuns(db, limit),
    'book/run': async ({ runId }) => batchRun(db, runId),
    'book/accounts': async (args) => bookAccounts(db, args),
    'book/cluster': async ({ runId, clusterId, limit }) => clusterDetail(db, runId, clusterId, limit),
    'book/account': ({ runId, accountId }) => accountDetail(db, runId, accountId),
    'usecases/list': async () => listUseCases(db),
    'usecases/show': async ({ id }) => showUseCase(db, id),
    'usecases/matrix': async () => matrixTable(db),
    'usecases/facts': async (args) => modelFacts(services, args),
    'usecases/set': async ({ id, values, note }) => setParameters(db, id, values, { note }),
    'usecases/enable': async ({ id, component, params, note }) => enableComponent(db, id, component, params, { note }),
    'usecases/disable': async ({ id, component, note }) => disableComponent(db, id, component, { note }),
    'usecases/copy': async ({ id, newId, title, note }) => copyUseCase(db, id, newId, { title, note }),
    'runs/list': async (filter) => listRuns(db, filter),
    'runs/show': async ({ id }) => showRun(db, id),
    'runs/delete': async ({ id }) => removeRun(db, id),
    'runs/diff': async ({ a, b }) => diffStoredRuns(db, a, b),
    'runs/layout': async ({ id }) => waterfallLayout(showRun(db, id)),
    'runs/waterfall': async (args) => waterfallFile(db, args),
    'runs/export': ({ id, dir }) => exportRunBundle(services, id, dir),
    'runs/replay': (args) => jobHandlers['runs/replay'](args, direct),
    'runs/portfolioCsv': async ({ id }) => runPortfolioCsv(db, id),
    'accounts/import': (args) => importAccounts(db, args),
    'accounts/generate': async (args) => generateAccounts(db, args),
    'accounts/demo': async (args) => storeDemoBook(db, args),
    'accounts/list': async ({ book, limit }) => listBookAccounts(db, book, limit),
    'jobs/start': async ({ method, args }) => jobs.start(method, args),
    'jobs/show': async ({ jobId }) => jobs.show(jobId),
    'jobs/cancel': async ({ jobId }) => jobs.cancel(jobId),
    'jobs/list': async () => jobs.list(),
    'sync/run': (args) => jobHandlers['sync/run'](args, direct),
    'sync/status': async ({ url }) => (await import('./sync/syncStatus.ts')).syncStatus(services, { url }),
    'sync/test': async ({ url }) => (await import('./sync/connectionTest.ts')).testConnection(services, { url }),
    'settings/get': async () => teamDatabaseSettings(db),
    'settings/set': async ({ pgUrl }) => setTeamDatabaseUrl(db, pgUrl),
    'solvers/compare': (args) => jobHandlers['solvers/compare'](args, direct),
    'solvers/list': async () => listSolvers(),
    'bench/run': (args) => jobHandlers['bench/run'](args, direct),
  };

  return {
    services,
    async dispatch(method, args) {
      if (!Object.hasOwn(methods, method)) {
        return fail({ code: 'unknown-method', message: `unknown method "${method}" (known: ${Object.keys(methods).join(', ')})` });
      }
      const name = method as MethodName;
      try {
        const parsed = methods[name].parse(args ?? {});
        const handler = handlers[name] as (a: typeof parsed) => Promise<unknown>;
        return ok(await handler(parsed));
      } catch (error) {
        return fail(toApiError(namingTheStore(error, db.name)));
      }
    },
    subscribe(event, handler) {
      events.on(event, handler);
      return () => events.off(event, handler);
    },
    cancelJobs: () => {
      jobs.cancelAll();
      closing.abort();
    },
  };
}
