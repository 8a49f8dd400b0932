import type { Command } from 'commander';
import type { ReplayResult, RunBundleSummary } from '../api/runs.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import { positiveInteger, positiveNumber } from './optionParsers.ts';
import { printData, printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/**
 * `jessica runs export ID --bundle DIR` and `jessica runs replay DIR`: a run packed with what it takes to run it
 * again, and the check that running it again gives the same figures. A replay that does not reproduce them exits 2:
 * the bundle was sound and the result is not the run's.
 */
export function addRunBundleCommands(runs: Command, ctx: CommandContext): void {
  runs
    .command('export')
    .description('write a run’s bundle: its arguments (as-of date pinned), input fingerprints, model, solver logs, outputs, spans and copies of the files it read')
    .argument('<id>', 'the run id (see `jessica runs list`)', positiveInteger)
    .requiredOption('--bundle <dir>', 'the directory to write (new, empty, or an earlier bundle)')
    .option('--json', 'print what was written as JSON')
    .action(async (id: number, opts: { bundle: string; json?: boolean }) => {
      const summary = ctx.settle<RunBundleSummary>(await ctx.core().dispatch('runs/export', { id, dir: opts.bundle }));
      if (!summary) return;
      if (opts.json) printData(`${JSON.stringify(summary, null, 2)}\n`);
      else printOut(`run ${summary.runId} bundled in ${summary.dir}: ${summary.files.join(', ')}\nreplay it with: jessica runs replay ${summary.dir}\n`);
    });

  runs
    .command('replay')
    .description('run a bundle again on this store and check it reproduces the stored figures (exit 2 when it does not)')
    .argument('<dir>', 'a directory written by `jessica runs export`')
    .option('--time-limit <seconds>', 'replace the run’s time limit (the figures then need not match)', positiveNumber)
    .option('--json', 'print the replay as JSON')
    .action(async (dir: string, opts: { timeLimit?: number; json?: boolean }) => {
      const args = { dir, ...(opts.timeLimit !== undefined ? { timeLimitSec: opts.timeLimit } : {}) };
      const replay = ctx.settle<ReplayResult>(await runJobWithBar(ctx, 'runs/replay', args, 'replay'));
      if (!replay) return;
      if (opts.json) printData(`${JSON.stringify(replay, null, 2)}\n`);
      else printOut(replayReport(replay));
      if (!replay.reproduced) {
        printError(`jessica: the replay of ${replay.bundle} did not reproduce the run (${replay.differences.length} figure${replay.differences.length === 1 ? '' : 's'} differ)`);
        process.exitCode = 2;
      }
    });
}

function replayReport(r: ReplayResult): string {
  const o = r.objective;
  const lines = [
    `${r.kind} replayed as run ${r.runId}: ${r.reproduced ? 'reproduced' : 'NOT reproduced'}`,
    `  headline figure: ${o.stored ?? 'none'} stored, ${o.replayed ?? 'none'} replayed (tolerance ${o.tolerance.toPrecision(3)})`,
  ];
  if (r.changedInputs.length > 0) lines.push('  inputs changed since the run:', ...r.changedInputs.map((c) => `    ${c}`));
  if (r.differences.length > 0) lines.push('  differences:', ...r.differences.map((d) => `    ${d}`));
  return `${lines.join('\n')}\n`;
}
