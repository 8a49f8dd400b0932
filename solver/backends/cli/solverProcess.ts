import { spawn, type ChildProcess } from 'node:child_process';

/** One line the solver printed, and when it arrived, in ms since the process started. */
export interface TimedLine {
  atMs: number;
  text: string;
}

export interface SolverProcessRequest {
  executable: string;
  args: readonly string[];
  cwd: string;
  /** ms after the start at which the run is stopped from outside; none = wait for it */
  hardDeadlineMs?: number;
  /** ms between the escalation steps SIGINT → SIGTERM → SIGKILL; default 2000 */
  escalationMs?: number;
  /** each complete line of stdout and stderr, as it arrives */
  onLine?: (line: TimedLine) => void;
  /** stops the run from outside, with the same escalation as the deadline (a closing backend) */
  signal?: AbortSignal;
}

export interface SolverProcessOutcome {
  /** false when the executable could not be started; `startError` says why */
  started: boolean;
  startError?: { code: string | undefined; message: string };
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  lines: TimedLine[];
  /** the deadline passed and the run was stopped from outside */
  stoppedAtDeadline: boolean;
  /** the abort signal stopped the run */
  aborted: boolean;
  /** the strongest signal that had to be sent, when stopped from outside */
  stopSignal?: NodeJS.Signals;
  elapsedMs: number;
  /** the process from just before its spawn to its exit (its output drained), as epoch ms (SolveTiming); runSolverProcess always sets them */
  startedEpochMs?: number;
  endedEpochMs?: number;
  /** the child's pid, when it started */
  pid?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Runs a solver executable as a child process, never blocking the event loop, and resolves when
 * it has exited and its output is drained. It never rejects: a missing executable comes back as
 * `started: false`.
 *
 * The hard deadline escalates SIGINT → SIGTERM → SIGKILL. SIGINT comes first because CBC and
 * gurobi_cl both take it as "stop and report the incumbent" (CBC writes its solution file, Gurobi
 * its ResultFile), whereas SIGTERM kills CBC without either. The child leads its own process group
 * and signals go to the whole group, so a wrapper script cannot leave an orphan holding the pipes.
 */
export function runSolverProcess(request: SolverProcessRequest): Promise<SolverProcessOutcome> {
  const escalationMs = request.escalationMs ?? 2000;
  const started = performance.now();
  const startedEpochMs = performance.timeOrigin + started;
  const lines: TimedLine[] = [];
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(request.executable, [...request.args], {
        cwd: request.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
    } catch (e) {
      resolve({
        started: false,
        startError: { code: (e as NodeJS.ErrnoException).code, message: describe(e) },
        exitCode: null,
        signal: null,
        lines,
        stoppedAtDeadline: false,
        aborted: false,
        ...timesSince(started, startedEpochMs),
      });
      return;
    }
    installExitHook();
    live.add(child);

    const timers: NodeJS.Timeout[] = [];
    let stoppedAtDeadline = false;
    let aborted = false;
    let stopSignal: NodeJS.Signals | undefined;
    let startError: SolverProcessOutcome['startError'];
    let settled = false;

    const readLines = (stream: NodeJS.ReadableStream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          push(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      });
      stream.on('end', () => {
        if (pending) push(pending);
        pending = '';
      });
    };
    const push = (raw: string) => {
      const line = { atMs: performance.now() - started, text: raw.replace(/\r$/, '') };
      lines.push(line);
      request.onLine?.(line);
    };
    readLines(child.stdout!);
    readLines(child.stderr!);

    const signalGroup = (signal: NodeJS.Signals) => {
      stopSignal = signal;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      signalGroup('SIGINT');
      timers.push(setTimeout(() => signalGroup('SIGTERM'), escalationMs));
      timers.push(setTimeout(() => signalGroup('SIGKILL'), 2 * escalationMs));
    };
    if (request.hardDeadlineMs !== undefined) {
      timers.push(
        setTimeout(() => {
          stoppedAtDeadline = true;
          stop();
        }, Math.max(0, request.hardDeadlineMs)),
      );
    }
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      request.signal?.removeEventListener('abort', onAbort);
      live.delete(child);
      resolve({
        started: startError === undefined,
        ...(startError ? { startError } : {}),
        exitCode,
        signal,
        lines,
        stoppedAtDeadline,
        aborted,
        ...(stopSignal ? { stopSignal } : {}),
        ...timesSince(started, startedEpochMs),
        ...(child.pid !== undefined ? { pid: child.pid } : {}),
      });
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      // spawn failures (ENOENT, EACCES) arrive here, and no 'close' may follow
      if (child.pid === undefined) {
        startError = { code: e.code, message: e.message };
        finish(null, null);
      }
    });
    // 'close' waits for stdout and stderr to end, so every line is in before the run is read
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The process's duration, and its end on the shared clock, read once so that the two agree. */
function timesSince(started: number, startedEpochMs: number): { elapsedMs: number; startedEpochMs: number; endedEpochMs: number } {
  const elapsedMs = performance.now() - started;
  return { elapsedMs, startedEpochMs, endedEpochMs: startedEpochMs + elapsedMs };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // detached children outlive their parent; a Node process that exits takes its solvers with it
  process.once('exit', () => {
    for (const child of live) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
