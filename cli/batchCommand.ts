import type { Command } from 'commander';
import type { BatchResult } from '../api/book.ts';
import { fraction, isoDate, positiveInteger, positiveNumber } from './optionParsers.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import type { CommandContext } from './usecasesCommand.ts';
import { printData, printError, printOut } from './terminalText.ts';

const percent = (x: number, digits = 2) => `${(100 * x).toFixed(digits)} %`;
const dollars = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;

export function printBatch(r: BatchResult): string {
  const stages = r.spans
    .filter((s) => s.parent === null)
    .map((s) => `${s.name} ${(s.durationMs / 1000).toFixed(2)} s`)
    .join(', ');
  const solved = new Set(r.clusters.map((c) => c.solveStatus.split(' ')[0]));
  const lines = [
    `${r.useCase} on ${r.universe} as of ${r.asOf}: ${r.accounts.toLocaleString('en-US')} accounts in ${r.clusters.length} clusters [run ${r.runId}]`,
    `tracking error: median ${percent(r.trackingError.median)}, 90th percentile ${percent(r.trackingError.p90)}, max ${percent(r.trackingError.max)}`,
    `cluster models: ${[...solved].join(', ')}`,
  ];
  if (r.clusters.some((c) => c.accountMinimum !== null) || r.belowMinimum > 0) {
    lines.push(`accounts below their cluster's account minimum: ${r.belowMinimum.toLocaleString('en-US')}`);
    const minimums = [...new Set(r.clusters.map((c) => c.accountMinimum))].map((m) => (m === null ? 'none' : dollars(m)));
    lines.push(`account minimums: ${minimums.join(', ')}`);
  }
  if (r.audit) {
    const a = r.audit;
    lines.push(
      `audit of ${a.accounts} accounts optimized one by one: TE ratio batch/individual median ${a.median.toFixed(3)}, 90th percentile ${a.p90.toFixed(3)}, max ${a.max.toFixed(3)}`,
      `account by account: ${a.individualSeconds.toFixed(1)} s for ${a.accounts}, about ${(a.extrapolatedBookSeconds / 60).toFixed(0)} min for the book against ${r.seconds.toFixed(1)} s (${(a.extrapolatedBookSeconds / r.seconds).toFixed(0)}x)`,
    );
  }
  lines.push(
    `accounts: ${(r.accounts - r.fallback - r.unallocated).toLocaleString('en-US')} allocated from their own cluster, ${r.fallback.toLocaleString('en-US')} from a fallback target, ${r.unallocated.toLocaleString('en-US')} not allocated`,
  );
  for (const f of r.failedModels.slice(0, 10)) lines.push(`failed model ${f.model} (clusters ${f.clusters.join(', ')}): ${f.status}${f.message ? `: ${f.message}` : ''}`);
  if (r.failedModels.length > 10) lines.push(`… and ${r.failedModels.length - 10} more failed models (run.json failedModels)`);
  lines.push(`stages: ${stages}`, ...r.warnings.map((w) => `warning: ${w}`), ...r.files.map((f) => `wrote ${f}`), `${r.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/** What made a result partial, in one line. */
export function partialSummary(r: BatchResult): string {
  const parts: string[] = [];
  if (r.failedModels.length > 0) parts.push(`${r.failedModels.length} cluster model${r.failedModels.length === 1 ? '' : 's'} without a target`);
  if (r.unallocated > 0) parts.push(`${r.unallocated} account${r.unallocated === 1 ? '' : 's'} not allocated (accounts.csv status unallocated, with the reason)`);
  return parts.join(', ');
}

/** `jessica batch`: a book in representative clusters, as a job with a progress bar on a terminal. */
export function batchCommand(program: Command, ctx: CommandContext): void {
  program
    .command('batch')
    .description('optimize a book of accounts by representative clusters and map each account to whole shares; writes clusters.csv, allocations.csv, trades.csv, accounts.csv and run.json')
    .option('--accounts <file>', 'accounts CSV: account_id,strategy,value,tax_status,exclude[,cash]')
    .option('--holdings <file>', "the book's holdings CSV: account_id,ticker,shares[,cost_basis,acquired]")
    .option('--book <name>', 'a book stored by `jessica accounts import` instead of --accounts')
    .requiredOption('--universe <name>', 'universe (demo is built in)')
    .requiredOption('--use-case <id>', "the strategy's use case, e.g. index-tracking")
    .option('--as-of <date>', 'as-of date (default: the last date with prices)', isoDate)
    .option('--lookback <n>', 'return periods in the estimation window', positiveInteger, 252)
    .option('--clusters <n>', 'size bands per cluster key (default: bands doubling in size)', positiveInteger)
    .option('--workers <n>', 'HiGHS worker threads for the job (default: one per core, at most 4)', positiveInteger)
    .option('--audit <n>', 'also optimize n random accounts one by one and report the tracking-error ratio', (v) => (v === '0' ? 0 : positiveInteger(v)), 0)
    .option('--te-target <t>', "target tracking error (0.01 or 1%): each cluster's account minimum, accounts below it flagged", fraction)
    .option('--time-limit <s>', "seconds for each cluster's model (its heuristic's budget)", positiveNumber, 1)
    .option('--out <dir>', 'write the CSV files and run.json here')
    .option('--allow-partial', 'exit 0 even when a cluster model failed or an account could not be allocated (else 2)')
    .option('--distributed', 'solve the cluster models and map the accounts on `jessica worker` processes, through the team PostgreSQL')
    .option('--pg <url>', 'the team PostgreSQL of a distributed batch (default: JESSICA_PG_URL, else the stored setting)')
    .option('--resume <batch>', 'continue a distributed batch whose coordinator stopped, without redoing its finished jobs')
    .option('--json', 'print the result as JSON')
    .action(async (opts: Record<string, unknown>) => {
      const { json, accounts, holdings, allowPartial, ...rest } = opts;
      const args = { ...rest, accountsFile: accounts, holdingsFile: holdings };
      // a distributed batch's id is printed as soon as it is known: it is what --resume takes if this process dies
      const announce = (p: { stage: string; message: string }) => {
        if (p.stage === 'distribute' && p.message.startsWith('distributed batch ')) printError(p.message);
      };
      const result = ctx.settle<BatchResult>(await runJobWithBar(ctx, 'book/batch', args, 'batch', announce));
      if (!result) return;
      if (json) printData(`${JSON.stringify(result, null, 2)}\n`);
      else printOut(printBatch(result));
      if (result.partial && !allowPartial) {
        printError(`partial result: ${partialSummary(result)}; exit 2 (--allow-partial to exit 0)`);
        process.exitCode = 2;
      }
    });
}
