import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSolverProcess } from './solverProcess.ts';

/** What a solver's informational command (`cbc -quit`, `gurobi_cl --license`) printed, and how it ended. */
export interface ProbeAnswer {
  /** stdout and stderr, in order of arrival */
  lines: string[];
  exitCode: number | null;
  /** why there is no proper answer: it could not start, did not answer in time, or was killed */
  failure?: string;
}

/**
 * Runs `executable args` through the solvers' process runner, in a temporary directory of its own (gurobi_cl
 * writes gurobi.log into its working directory even for `--license`), stopped after `timeoutMs`. Never throws.
 */
export async function runProbeCommand(executable: string, args: readonly string[], timeoutMs: number): Promise<ProbeAnswer> {
  const command = [executable, ...args].join(' ');
  const cwd = await mkdtemp(path.join(tmpdir(), 'jessica-solver-probe-'));
  try {
    const outcome = await runSolverProcess({ executable, args, cwd, hardDeadlineMs: timeoutMs, escalationMs: 500 });
    const lines = outcome.lines.map((l) => l.text);
    const answer: ProbeAnswer = { lines, exitCode: outcome.exitCode };
    if (!outcome.started) answer.failure = `${command} could not be started: ${outcome.startError?.message ?? 'unknown error'}`;
    else if (outcome.stoppedAtDeadline) answer.failure = `${command} did not answer within ${timeoutMs / 1000} s`;
    else if (outcome.signal) answer.failure = `${command} was ended by ${outcome.signal}`;
    return answer;
  } finally {
    await rm(cwd, { recursive: true, force: true }).catch(() => undefined);
  }
}
