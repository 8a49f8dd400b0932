/**
 * A measured distributed batch split into the coordinator's serial part and the workers' parallel part, for the
 * projection of bench/scaleProjection.ts.
 *
 * The map stage of a distributed batch is the coordinator waiting for chunk results and gathering them (unpacking
 * each, storing its rows, appending its lines to the files) while the workers map. Its waiting shrinks with more
 * workers; its gathering does not. The gathering is taken as the coordinator's CPU seconds inside the map stage (its
 * run's resource samples: cpuPercent over each sample's interval, all its threads, the part of each interval inside
 * the stage) plus the time it waited for the disk to take the files (the stage's diskWaitMs).
 */
import type { RunSplit, SerialPart } from './scaleProjection.ts';

export interface StageSpan {
  name: string;
  parent: unknown;
  startMs: number;
  durationMs: number;
  attrs?: Record<string, unknown>;
}

export interface CpuSample {
  /** the end of the sample's interval, on the spans' clock */
  tMs: number;
  /** CPU over the interval since the previous sample, % of one core */
  cpuPercent: number;
}

/** The stages whose time grows with the book; the returns and the cluster models' optimization do not. */
const PER_ACCOUNT_STAGES = new Set(['load', 'cluster', 'distribute', 'map', 'write', 'persist']);

/**
 * CPU seconds spent in [fromMs, toMs]: each sample's CPU spread evenly over its interval (previous tMs, tMs], the
 * overlap with the window counted. The first sample's interval has no known start and is left out (it ends within the
 * first sampling interval of the run, before any map stage).
 */
export function cpuSecondsBetween(samples: readonly CpuSample[], fromMs: number, toMs: number): number {
  const sorted = [...samples].sort((a, b) => a.tMs - b.tMs);
  let cpuMs = 0;
  for (let k = 1; k < sorted.length; k++) {
    const start = sorted[k - 1]!.tMs;
    const end = sorted[k]!.tMs;
    const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
    if (overlap > 0) cpuMs += (sorted[k]!.cpuPercent / 100) * overlap;
  }
  return cpuMs / 1000;
}

export function stageSpans(spans: readonly StageSpan[]): StageSpan[] {
  return spans.filter((s) => s.parent === null);
}

/**
 * The split of one distributed run: every stage but map as measured, the map stage's gathering, and whatever of the
 * batch's seconds lies outside its stages; the chunk jobs' summed time from the workers' lines.
 */
export function splitDistributedRun(run: {
  accounts: number;
  seconds: number;
  spans: readonly StageSpan[];
  samples: readonly CpuSample[];
  chunkJobs: number;
  chunkMs: number;
  queueMsPerJob: number;
}): RunSplit & { gatheringCpuSeconds: number; diskWaitSeconds: number } {
  const stages = stageSpans(run.spans);
  const map = stages.find((s) => s.name === 'map');
  if (!map) throw new Error(`the distributed run of ${run.accounts} accounts has no map stage among its spans (${stages.map((s) => s.name).join(', ')})`);
  const serial: SerialPart[] = stages.filter((s) => s.name !== 'map').map((s) => ({ name: s.name, seconds: s.durationMs / 1000, perAccount: PER_ACCOUNT_STAGES.has(s.name) }));
  const gatheringCpuSeconds = cpuSecondsBetween(run.samples, map.startMs, map.startMs + map.durationMs);
  const diskWaitSeconds = Number(map.attrs?.diskWaitMs ?? 0) / 1000;
  serial.push({ name: 'gathering', seconds: gatheringCpuSeconds + diskWaitSeconds, perAccount: true });
  const outside = run.seconds - stages.reduce((t, s) => t + s.durationMs / 1000, 0);
  if (outside > 0) serial.push({ name: 'outside the stages', seconds: outside, perAccount: false });
  return { accounts: run.accounts, serial, chunkSeconds: run.chunkMs / 1000, chunkJobs: run.chunkJobs, queueSecondsPerJob: run.queueMsPerJob / 1000, gatheringCpuSeconds, diskWaitSeconds };
}
