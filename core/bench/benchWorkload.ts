import { performance } from 'node:perf_hooks';
import { bookBatchArgs, optimizeArgs } from '../../api/methods.ts';
import { bookBatch } from '../book/batch.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { optimizePortfolio } from '../portfolio/optimizePortfolio.ts';
import type { CoreServices } from '../services.ts';
import type { BenchData } from './benchData.ts';
import type { PlannedRow } from './benchPlan.ts';

/** A row whose workload is a job: one portfolio or a batch (a screens row is visits in a browser, benchScreens.ts). */
export type WorkloadRow = Extract<PlannedRow, { kind: 'optimize' | 'batch' }>;

/** One run of a row's workload: its stored run, its wall time and what it answered. */
export interface WorkloadRun {
  runId: number;
  ms: number;
  answer: string;
}

/**
 * Runs a row's workload once through the core's own handler (portfolio/optimize or book/batch, with the arguments
 * checked by their own schemas), so it is stored as a run with its spans and resource samples like any other job.
 * The time is the handler's wall time, from the call to its answer. A `store: postgres` row runs the same handler
 * on services whose price panels come from the team database (BenchData.team).
 */
export async function runWorkload(services: CoreServices, row: WorkloadRow, data: BenchData, control: JobControl): Promise<WorkloadRun> {
  if (row.kind === 'optimize') {
    const { setup, settings } = row;
    const args = optimizeArgs.parse({
      universe: setup.universe,
      useCase: data.useCaseFor(settings.useCase, setup.objective),
      lookback: setup.lookback,
      solver: setup.solver,
      timeLimit: settings.timeLimit,
      ...(settings.maxNames === undefined ? {} : { maxNames: settings.maxNames }),
      ...(settings.accountValue === undefined ? {} : { accountValue: settings.accountValue }),
    });
    const on = setup.store === 'postgres' && data.team?.state === 'ready' ? { ...services, pricePanels: data.team.pricePanels } : services;
    const started = performance.now();
    const result = await optimizePortfolio(on, args, control);
    const ms = performance.now() - started;
    const te = result.trackingError === null ? '' : `, tracking error ${(100 * result.trackingError).toFixed(3)} %`;
    return { runId: result.runId, ms, answer: `${result.status}, objective ${result.objective === null ? '–' : result.objective.toPrecision(4)}${te}, ${result.names} names` };
  }
  const { setup, settings } = row;
  const args = bookBatchArgs.parse({
    book: data.bookFor(setup, settings),
    universe: setup.universe,
    useCase: settings.useCase,
    lookback: setup.lookback,
    workers: setup.workers,
    timeLimit: settings.timeLimit,
    ...(settings.clusters === undefined ? {} : { clusters: settings.clusters }),
  });
  const started = performance.now();
  const result = await bookBatch(services, args, control);
  const ms = performance.now() - started;
  const te = result.trackingError;
  return {
    runId: result.runId,
    ms,
    answer:
      `${result.clusters.length} clusters, tracking error median ${(100 * te.median).toFixed(2)} % (p90 ${(100 * te.p90).toFixed(2)} %)` +
      `${result.unallocated > 0 ? `, ${result.unallocated} unallocated` : ''}${result.partial ? ', partial' : ''}`,
  };
}
