/**
 * What N machines would give a distributed batch: computed, not measured, from one measured run split into the
 * coordinator's serial part and the workers' parallel part (Amdahl's law).
 *
 *   T(N) = S + P / (N · c)
 *
 * S: the coordinator's serial seconds: every stage but the map stage's waiting (load, returns, cluster, distribute,
 *    optimize's wall time, which a few cluster models make short and not worth splitting, write, persist) plus its own
 *    gathering of the mapped chunks (unpacking, storing and writing them), which no worker can take over;
 * P: the parallel seconds: the chunk jobs' own times summed over the workers, plus the queue's cost per job for each;
 * N: machines, c: cores per machine, each core one worker slot.
 *
 * Speedup(N) = T(1) / T(N) tends to (S + P/c) / S. The knee, where the parallel part has shrunk to the serial part
 * (T = 2S), is at N = P / (c · S); past it, doubling the machines gains less and less.
 */
import { CHUNK_ACCOUNTS } from '../core/book/mappedChunk.ts';

/** One measured piece of the serial part; `perAccount` pieces grow with the book, the others do not. */
export interface SerialPart {
  name: string;
  seconds: number;
  perAccount: boolean;
}

export interface RunSplit {
  accounts: number;
  serial: SerialPart[];
  /** the chunk jobs' own seconds, summed */
  chunkSeconds: number;
  chunkJobs: number;
  /** the queue's cost per job, seconds */
  queueSecondsPerJob: number;
}

export function serialSeconds(split: RunSplit): number {
  return split.serial.reduce((t, p) => t + p.seconds, 0);
}

export function parallelSeconds(split: RunSplit): number {
  return split.chunkSeconds + split.queueSecondsPerJob * split.chunkJobs;
}

/**
 * The split of a run of another size, each per-account piece and the chunks' time in proportion to the accounts
 * (a book of the same kind: the same restrictions, values and lots drawn from the same generator), the others as
 * measured: the returns and the cluster models do not grow with the book.
 */
export function scaledSplit(split: RunSplit, accounts: number): RunSplit {
  const f = accounts / split.accounts;
  return {
    accounts,
    serial: split.serial.map((p) => (p.perAccount ? { ...p, seconds: p.seconds * f } : p)),
    chunkSeconds: split.chunkSeconds * f,
    chunkJobs: Math.ceil(accounts / CHUNK_ACCOUNTS),
    queueSecondsPerJob: split.queueSecondsPerJob,
  };
}

export interface ProjectedRow {
  machines: number;
  seconds: number;
  speedup: number;
  /** speedup / machines */
  efficiency: number;
}

export function projection(split: RunSplit, machines: readonly number[], coresPerMachine: number): ProjectedRow[] {
  const s = serialSeconds(split);
  const p = parallelSeconds(split);
  const at = (n: number) => s + p / (n * coresPerMachine);
  return machines.map((n) => ({ machines: n, seconds: at(n), speedup: at(1) / at(n), efficiency: at(1) / at(n) / n }));
}

/** N at which the parallel part equals the serial part: P / (c · S). */
export function kneeMachines(split: RunSplit, coresPerMachine: number): number {
  return parallelSeconds(split) / (coresPerMachine * serialSeconds(split));
}

/** The speedup no number of machines exceeds: T(1) / S. */
export function speedupLimit(split: RunSplit, coresPerMachine: number): number {
  const s = serialSeconds(split);
  return (s + parallelSeconds(split) / coresPerMachine) / s;
}

/**
 * The first row after which doubling the machines gains less than `gain` (T(N) / T(2N) < 1 + gain), given rows whose
 * machines double from one to the next; null when every doubling still gains that much.
 */
export function flattensAt(rows: readonly ProjectedRow[], gain = 0.1): number | null {
  for (let k = 0; k + 1 < rows.length; k++) {
    if (rows[k]!.seconds / rows[k + 1]!.seconds < 1 + gain) return rows[k]!.machines;
  }
  return null;
}
