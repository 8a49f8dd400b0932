import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { ResourceSample } from '../../api/runs.ts';

export interface ResourceSamplerOptions {
  /** ms between samples at first; default 100 */
  intervalMs?: number;
  /**
   * the most samples kept; default 2,000. On reaching it, neighbouring samples are merged pairwise and the interval
   * doubles, so a 30-minute job keeps between 1,000 and 2,000 samples, evenly spaced, with no peak lost.
   */
  maxSamples?: number;
}

const DEFAULT_INTERVAL_MS = 100;
const DEFAULT_MAX_SAMPLES = 2000;
/** A last sample at stop needs this much time since the one before, or its CPU share is mostly rounding. */
const MIN_FINAL_MS = 10;
const MIB = 2 ** 20;

/** One look at the process: cumulative CPU and its memory now; its descendants' CPU ticks by pid and memory. */
interface Reading {
  tMs: number;
  cpu: NodeJS.CpuUsage;
  children: DescendantReading | null;
}

interface DescendantReading {
  /** utime + stime, clock ticks, by pid */
  ticks: Map<number, number>;
  rssBytes: number;
}

/**
 * The CPU and memory of this process (every thread: the HiGHS pool's too) and of its descendant processes (a CBC
 * child) while a job runs, on the clock of the job's spans: the track under its waterfall.
 *
 * cpuPercent over an interval Δt is (user + system CPU time spent in it) / Δt · 100, so 200 is two cores busy;
 * process.cpuUsage counts every thread of the process. The descendants are found from
 * /proc/<pid>/task/<tid>/children, recursively (Linux); their CPU is the rise of utime + stime (clock ticks of
 * CLK_TCK) of each, a process new since the last sample counting all its ticks, their memory the sum of their
 * resident pages. Where /proc cannot be read both are null.
 *
 * The timer is unref'd (it never keeps a process alive) and a sample blocked behind synchronous work is taken late
 * and measured over the time that really passed.
 */
export class ResourceSampler {
  readonly samples: ResourceSample[] = [];
  private intervalMs: number;
  private readonly maxSamples: number;
  private timer: NodeJS.Timeout | undefined;
  private last: Reading | undefined;
  /** tMs of the first reading: where the first sample's interval starts */
  private startMs = 0;

  constructor(
    private readonly clock: () => number,
    options: ResourceSamplerOptions = {},
  ) {
    this.intervalMs = Math.max(1, options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.maxSamples = Math.max(2, options.maxSamples ?? DEFAULT_MAX_SAMPLES);
  }

  get running(): boolean {
    return this.last !== undefined;
  }

  /** the interval now: it doubles each time the samples are merged */
  get currentIntervalMs(): number {
    return this.intervalMs;
  }

  start(): void {
    if (this.running) return;
    this.last = read(this.clock());
    this.startMs = this.last.tMs;
    this.schedule();
  }

  /** Stops the timer, with a last sample of the time since the one before (when long enough to mean something). */
  stop(): void {
    if (!this.last) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.clock() - this.last.tMs >= MIN_FINAL_MS) this.sample();
    this.last = undefined;
  }

  /**
   * A sample now if an interval has passed since the last: a job's stages call it as they start, so that work that
   * never yields to the event loop (a synchronous stage) still leaves samples between its stages.
   */
  sampleIfDue(): void {
    if (!this.last || this.clock() - this.last.tMs < this.intervalMs) return;
    this.sample();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.sample();
      this.schedule();
    }, this.intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const before = this.last!;
    const now = read(this.clock());
    const spanMs = now.tMs - before.tMs;
    if (spanMs <= 0) return;
    const cpuMicros = now.cpu.user - before.cpu.user + (now.cpu.system - before.cpu.system);
    const memory = process.memoryUsage();
    let childCpuPercent: number | null = null;
    if (now.children && before.children) {
      let ticks = 0;
      for (const [pid, t] of now.children.ticks) ticks += Math.max(0, t - (before.children.ticks.get(pid) ?? 0));
      childCpuPercent = ((ticks / procConstants().clockTicks) * 1000 * 100) / spanMs;
    }
    this.samples.push({
      tMs: now.tMs,
      cpuPercent: (cpuMicros / 1000 / spanMs) * 100,
      rssMiB: memory.rss / MIB,
      heapUsedMiB: memory.heapUsed / MIB,
      childCpuPercent,
      childRssMiB: now.children ? now.children.rssBytes / MIB : null,
    });
    this.last = now;
    if (this.samples.length >= this.maxSamples) {
      mergePairs(this.samples, this.startMs);
      this.intervalMs *= 2;
    }
  }
}

/**
 * Halves the samples in place: each pair becomes one sample at the later time, its CPU the time-weighted mean of the
 * two intervals (so the CPU time of the whole is kept) and its memory the larger of the two (so a peak is kept).
 */
export function mergePairs(samples: ResourceSample[], startMs: number): void {
  const merged: ResourceSample[] = [];
  let previousT = startMs;
  for (let k = 0; k < samples.length; k += 2) {
    const a = samples[k]!;
    const b = samples[k + 1];
    if (!b) {
      merged.push(a);
      break;
    }
    const da = a.tMs - previousT;
    const db = b.tMs - a.tMs;
    const mean = (x: number | null, y: number | null): number | null => (x === null || y === null ? (x ?? y) : (x * da + y * db) / (da + db));
    const max = (x: number | null, y: number | null): number | null => (x === null || y === null ? (x ?? y) : Math.max(x, y));
    merged.push({
      tMs: b.tMs,
      cpuPercent: mean(a.cpuPercent, b.cpuPercent)!,
      rssMiB: Math.max(a.rssMiB, b.rssMiB),
      heapUsedMiB: Math.max(a.heapUsedMiB, b.heapUsedMiB),
      childCpuPercent: mean(a.childCpuPercent, b.childCpuPercent),
      childRssMiB: max(a.childRssMiB, b.childRssMiB),
    });
    previousT = b.tMs;
  }
  samples.splice(0, samples.length, ...merged);
}

function read(tMs: number): Reading {
  return { tMs, cpu: process.cpuUsage(), children: readDescendants() };
}

/** The process's descendants as /proc shows them now, or null where there is no such /proc (not Linux). */
function readDescendants(): DescendantReading | null {
  if (process.platform !== 'linux') return null;
  const { pageSize } = procConstants();
  const ticks = new Map<number, number>();
  let rssBytes = 0;
  let children: number[];
  try {
    children = childrenOf(process.pid);
  } catch {
    return null;
  }
  const seen = new Set<number>([process.pid]);
  while (children.length > 0) {
    const pid = children.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const stat = processStat(pid);
    // gone between the listing and the read: it ended, its last ticks are its parent's now
    if (!stat) continue;
    ticks.set(pid, stat.ticks);
    rssBytes += stat.rssPages * pageSize;
    try {
      children.push(...childrenOf(pid));
    } catch {
      // it ended meanwhile
    }
  }
  return { ticks, rssBytes };
}

/** The pids every thread of `pid` started (/proc/<pid>/task/<tid>/children: a child belongs to the thread that forked it). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const word of text.split(' ')) if (word !== '' && word !== '\n') out.push(Number(word));
  }
  return out;
}

/** utime + stime (fields 14 and 15, clock ticks) and rss (field 24, pages) of /proc/<pid>/stat. */
function processStat(pid: number): { ticks: number; rssPages: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // the command name (field 2) is in parentheses and may hold spaces or parentheses itself: fields restart after the last ')'
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state)
  return { ticks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) };
}

let constants: { clockTicks: number; pageSize: number } | undefined;

/** CLK_TCK and the page size, asked of getconf once per process (100 Hz and 4 KiB where it cannot answer). */
function procConstants(): { clockTicks: number; pageSize: number } {
  constants ??= { clockTicks: getconf('CLK_TCK', 100), pageSize: getconf('PAGESIZE', 4096) };
  return constants;
}

function getconf(name: string, fallback: number): number {
  const answer = spawnSync('getconf', [name], { encoding: 'utf8', timeout: 2000 });
  const value = Number(answer.stdout?.trim());
  return answer.status === 0 && Number.isFinite(value) && value > 0 ? value : fallback;
}
