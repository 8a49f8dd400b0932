import type { BenchPreset, BenchResult } from '../../../api/bench.ts';
import type { RunSummary, StoredRun } from '../../../api/runs.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

/** The benches the Bench screen lists, newest first. */
export const BENCH_RUNS_LIMIT = 100;

export interface BenchSlice {
  /** the stored runs of kind `bench` */
  benchRuns: Loadable<RunSummary[]>;
  benchChosen: number | null;
  /** the chosen bench with its result (a BenchResult) */
  benchRun: Loadable<StoredRun>;
  /** the matrix a new bench runs (bench/matrix.<preset>.yaml) */
  benchPreset: BenchPreset;
  benchJob: JobView<BenchResult>;
  loadBenchRuns(): Promise<void>;
  chooseBench(id: number): Promise<void>;
  setBenchPreset(preset: BenchPreset): void;
  startBench(): Promise<void>;
  cancelBench(): Promise<void>;
}

/** The bench a stored run holds, or null for a run that holds none (one cancelled before it ended). */
export function benchResultOf(run: { kind: string; result: unknown }): BenchResult | null {
  const result = run.result as Partial<BenchResult> | null;
  return run.kind === 'bench' && result && Array.isArray(result.rows) && result.environment ? (result as BenchResult) : null;
}

export const benchSlice: Slice<BenchSlice> = (set, get, client) => {
  let running: RunningJob<'bench/run'> | null = null;
  // a run's answer is kept only if no other run was chosen meanwhile
  let shown = 0;
  const updateJob = (patch: Partial<JobView<BenchResult>>): void => set({ benchJob: { ...get().benchJob, ...patch } });

  return {
    benchRuns: idle,
    benchChosen: null,
    benchRun: idle,
    benchPreset: 'tiny',
    benchJob: idleJob<BenchResult>(),

    async loadBenchRuns() {
      set({ benchRuns: loading(get().benchRuns) });
      try {
        const runs = await client.call('runs/list', { kind: 'bench', limit: BENCH_RUNS_LIMIT });
        set({ benchRuns: { status: 'ready', value: runs } });
        // the newest bench that holds a result is shown at first
        const first = runs.find((r) => benchResultOf(r) !== null);
        if (get().benchChosen === null && first) await get().chooseBench(first.id);
      } catch (error) {
        set({ benchRuns: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    async chooseBench(id) {
      const request = ++shown;
      set({ benchChosen: id, benchRun: loading() });
      try {
        const run = await client.call('runs/show', { id });
        if (request === shown) set({ benchRun: { status: 'ready', value: run } });
      } catch (error) {
        if (request === shown) set({ benchRun: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    setBenchPreset(preset) {
      set({ benchPreset: preset });
    },

    async startBench() {
      set({ benchJob: { ...idleJob<BenchResult>(), state: 'starting' } });
      try {
        running = await client.startJob('bench/run', { preset: get().benchPreset }, (progress) => set({ benchJob: withProgress(get().benchJob, progress) }));
        updateJob({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) {
          updateJob({ state: 'done', result: outcome.value });
          set({ benchChosen: null });
          await get().loadBenchRuns();
          await get().chooseBench(outcome.value.runId);
        } else {
          updateJob({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
          await get().loadBenchRuns();
        }
      } catch (error) {
        updateJob({ state: 'failed', error: apiErrorOf(error) });
      } finally {
        running = null;
      }
    },

    async cancelBench() {
      try {
        await running?.cancel();
      } catch (error) {
        updateJob({ error: apiErrorOf(error) });
      }
    },
  };
};
