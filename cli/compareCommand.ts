import { InvalidArgumentError, type Command } from 'commander';
import type { CompareResult } from '../api/solvers.ts';
import { comparisonReport } from './comparisonReport.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import { modelArguments, modelOptions } from './modelOptions.ts';
import { positiveInteger } from './optionParsers.ts';
import { printData, printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

const SOLVERS = ['highs', 'cbc', 'gurobi'];

/**
 * `jessica compare`: one model, assembled once, solved by each solver named in --solvers under the same time limit
 * and gap, from the same heuristic start (and, with --no-start, also from nothing). Exit 2 when two proven optima
 * disagree or a solver failed; 1 when a named solver cannot take the model or is not installed.
 */
export function compareCommand(program: Command, ctx: CommandContext): void {
  modelOptions(
    program
      .command('compare')
      .description('solve one model with several solvers side by side; writes comparison.csv, each solver’s portfolio and log, and run.json'),
  )
    .option('--solvers <list>', `comma-separated: ${SOLVERS.join(', ')}`, solverList, ['highs', 'cbc'])
    .option('--no-start', 'also solve from no start, beside the heuristic start, to show what the start is worth')
    .option('--threads <n>', 'threads per solver (Gurobi Threads, CBC threads; HiGHS uses one)', positiveInteger)
    .option('--out <dir>', 'write comparison.csv, <solver>.portfolio.csv, <solver>.log and run.json here')
    .option('--json', 'print the result as JSON')
    .action(async (opts: Record<string, unknown>) => {
      const { json, start, ...rest } = opts;
      const args = { ...modelArguments(rest), starts: start === false ? ['heuristic', 'none'] : ['heuristic'] };
      const result = ctx.settle<CompareResult>(await runJobWithBar(ctx, 'solvers/compare', args, 'compare'));
      if (!result) return;
      if (json) printData(`${JSON.stringify(result, null, 2)}\n`);
      else printOut(comparisonReport(result));
      for (const d of result.agreement.disagreements) printError(`DISAGREEMENT: ${d.message}`);
      const failed = result.entries.filter((e) => e.status === 'error');
      for (const e of failed) printError(`${e.solver}${e.start === 'none' ? ' (no start)' : ''} failed: ${e.message ?? e.solverStatus}`);
      if (result.agreement.disagreements.length > 0 || failed.length > 0) process.exitCode = 2;
    });
}

function solverList(value: string): string[] {
  const list = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const unknown = list.filter((s) => !SOLVERS.includes(s));
  if (unknown.length > 0 || list.length === 0) {
    throw new InvalidArgumentError(`${unknown.length > 0 ? `no solver ${unknown.join(', ')}` : 'no solver named'} (known: ${SOLVERS.join(', ')}).`);
  }
  return list;
}
