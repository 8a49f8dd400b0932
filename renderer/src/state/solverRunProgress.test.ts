import { describe, expect, it } from 'vitest';
import type { CompareEntry } from '../../../api/solvers.ts';
import { endedRuns, plannedRuns, solveOfStage, withSolveProgress, type SolverRun } from './solverRunProgress.ts';

const at = (stage: string, message: string) => ({ stage, fraction: null, message });
const states = (runs: SolverRun[]) => runs.map((r) => `${r.solver}/${r.start}=${r.state}`);
const entries = (...runs: [string, 'heuristic' | 'none'][]) => runs.map(([solver, start]) => ({ solver, start }) as CompareEntry);
const heuristicStart = { heuristic: 'kernel search', objective: 7.46e-4, seconds: 0.8 };

describe('the solves of a comparison as its job reports them', () => {
  it('plans each solver from each start, all waiting, under the stages the job reports', () => {
    expect(plannedRuns(['highs', 'cbc'], ['heuristic', 'none']).map((r) => [r.stage, r.solver, r.start, r.state])).toEqual([
      ['solve:highs', 'highs', 'heuristic', 'waiting'],
      ['solve:highs-no-start', 'highs', 'none', 'waiting'],
      ['solve:cbc', 'cbc', 'heuristic', 'waiting'],
      ['solve:cbc-no-start', 'cbc', 'none', 'waiting'],
    ]);
  });

  it('reads the solve a stage names, and none from the other stages', () => {
    expect(solveOfStage('solve:cbc-no-start')).toEqual({ solver: 'cbc', start: 'none' });
    expect(solveOfStage('solve:gurobi')).toEqual({ solver: 'gurobi', start: 'heuristic' });
    expect(solveOfStage('solve')).toBeNull();
    expect(solveOfStage('start')).toBeNull();
    expect(solveOfStage('agree')).toBeNull();
  });

  it('starts a solve at its first event and ends it at its next, whatever order parallel solves report in', () => {
    let runs = plannedRuns(['highs', 'cbc'], ['heuristic']);
    runs = withSolveProgress(runs, at('solve', 'solving with each solver'));
    expect(states(runs)).toEqual(['highs/heuristic=waiting', 'cbc/heuristic=waiting']);
    runs = withSolveProgress(runs, at('solve:cbc', 'cbc: solving'));
    runs = withSolveProgress(runs, at('solve:highs', 'highs: solving'));
    expect(states(runs)).toEqual(['highs/heuristic=running', 'cbc/heuristic=running']);
    runs = withSolveProgress(runs, at('solve:cbc', 'cbc: optimal 0.000746 in 1.20 s'));
    expect(states(runs)).toEqual(['highs/heuristic=running', 'cbc/heuristic=done']);
    expect(runs[1]!.message).toBe('cbc: optimal 0.000746 in 1.20 s');
    // the same words again (a poll repeating the last event) do not end a solve
    runs = withSolveProgress(runs, at('solve:highs', 'highs: solving'));
    expect(states(runs)).toEqual(['highs/heuristic=running', 'cbc/heuristic=done']);
  });

  it('adds a solve the plan did not list when the job reports it', () => {
    const runs = withSolveProgress(plannedRuns(['highs'], ['heuristic']), at('solve:highs-no-start', 'highs (no start): solving'));
    expect(runs.map((r) => [r.stage, r.start, r.state])).toEqual([
      ['solve:highs', 'heuristic', 'waiting'],
      ['solve:highs-no-start', 'none', 'running'],
    ]);
  });

  it('ends with one done row per run of the result, keeping the job’s last words, and the planned solves it lacks not run', () => {
    let runs = plannedRuns(['highs', 'cbc'], ['heuristic', 'none']);
    runs = withSolveProgress(runs, at('solve:highs', 'highs: solving'));
    runs = withSolveProgress(runs, at('solve:highs', 'highs: optimal 0.000746 in 0.40 s'));
    const ended = endedRuns(runs, { entries: entries(['highs', 'heuristic'], ['cbc', 'heuristic'], ['cbc', 'none']), start: heuristicStart });
    expect(states(ended)).toEqual(['highs/heuristic=done', 'cbc/heuristic=done', 'cbc/none=done', 'highs/none=not-run']);
    expect(ended[0]!.message).toBe('highs: optimal 0.000746 in 0.40 s');
    expect(ended[1]!.message).toBeNull();
  });

  it('files the runs of a model without a start under “no start”, one per solver, in place of both planned solves', () => {
    let runs = plannedRuns(['highs', 'cbc'], ['heuristic', 'none']);
    // no heuristic start (an LP): the job reports each solver once, under the plain stage
    runs = withSolveProgress(runs, at('solve:highs', 'highs: solving'));
    runs = withSolveProgress(runs, at('solve:highs', 'highs: optimal 0.00071 in 0.30 s'));
    runs = withSolveProgress(runs, at('solve:cbc', 'cbc: solving'));
    runs = withSolveProgress(runs, at('solve:cbc', 'cbc: optimal 0.00071 in 0.50 s'));
    const ended = endedRuns(runs, { entries: entries(['highs', 'none'], ['cbc', 'none']), start: null });
    expect(ended.map((r) => [r.stage, r.start, r.state, r.message])).toEqual([
      ['solve:highs', 'none', 'done', 'highs: optimal 0.00071 in 0.30 s'],
      ['solve:cbc', 'none', 'done', 'cbc: optimal 0.00071 in 0.50 s'],
    ]);
  });

  it('stops the solve under way and leaves the waiting ones not run when the job fails or is cancelled', () => {
    let runs = plannedRuns(['highs', 'cbc'], ['heuristic']);
    runs = withSolveProgress(runs, at('solve:highs', 'highs: solving'));
    runs = withSolveProgress(runs, at('solve:highs', 'highs: optimal 0.000746 in 0.40 s'));
    runs = withSolveProgress(runs, at('solve:cbc', 'cbc: solving'));
    expect(states(endedRuns(runs, 'stopped'))).toEqual(['highs/heuristic=done', 'cbc/heuristic=stopped']);
    expect(states(endedRuns(plannedRuns(['cbc'], ['none']), 'stopped'))).toEqual(['cbc/none=not-run']);
  });
});
