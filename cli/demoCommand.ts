import type { Command } from 'commander';
import type { AccountOutcome, AccountRow, AccountsImportSummary, BatchResult } from '../api/book.ts';
import type { UniverseSummary } from '../api/domain.ts';
import { partialSummary } from './batchCommand.ts';
import { printDemoSummary } from './demoSummary.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import { fraction, positiveInteger, positiveNumber } from './optionParsers.ts';
import { printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/** book/accounts answers at most this many rows; the summary's size bands read every account up to it. */
const OUTCOME_ROWS = 100_000;

/**
 * `jessica demo`: the product's main job on nothing but what ships with it: a demo book (accounts with
 * restrictions of their own and legacy lots) stored on the demo market, clustered, one model per band and
 * screen family, every account mapped to whole shares with trades, and each screen family's account minimum.
 * It is `accounts/demo` then `book/batch`, the same core methods the app and the other commands use.
 */
export function demoCommand(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('the main job on the built-in demo: a book of SMAs clustered, optimized, mapped to whole shares with trades, and the account minimum')
    .option('--accounts <n>', 'accounts in the demo book', positiveInteger, 3000)
    .option('--seed <s>', 'random seed of the book (same seed, same book)', positiveInteger, 1)
    .option('--universe <name>', 'the stored universe the book is drawn on and tracks', 'demo')
    .option('--use-case <id>', "the strategy's use case", 'index-tracking')
    .option('--te-target <t>', 'tracking error the account minimum must reach (0.01 or 1%)', fraction, 0.01)
    .option('--time-limit <s>', "seconds for each cluster's model", positiveNumber, 1)
    .option('--out <dir>', 'where the CSV files and run.json go', 'out/demo')
    .option('--allow-partial', 'exit 0 even when a cluster model failed or an account could not be allocated (else 2)')
    .action(async (opts: { accounts: number; seed: number; universe: string; useCase: string; teTarget: number; timeLimit: number; out: string; allowPartial?: boolean }) => {
      const core = ctx.core();
      const book = 'demo';
      const stored = ctx.settle<AccountsImportSummary>(
        await core.dispatch('accounts/demo', { count: opts.accounts, seed: opts.seed, book, universe: opts.universe, restrictions: 'individual' }),
      );
      if (!stored) return;
      const args = { book, universe: opts.universe, useCase: opts.useCase, teTarget: opts.teTarget, timeLimit: opts.timeLimit, out: opts.out };
      const batch = ctx.settle<BatchResult>(await runJobWithBar(ctx, 'book/batch', args, 'demo book'));
      if (!batch) return;
      const outcomes = ctx.settle<AccountOutcome[]>(await core.dispatch('book/accounts', { runId: batch.runId, limit: OUTCOME_ROWS }));
      const accounts = ctx.settle<AccountRow[]>(await core.dispatch('accounts/list', { book, limit: OUTCOME_ROWS }));
      const universes = ctx.settle<UniverseSummary[]>(await core.dispatch('data/list', {}));
      if (!outcomes || !accounts || !universes) return;
      printOut(
        printDemoSummary({ universe: universes.find((u) => u.name === opts.universe), book: stored, accounts, batch, outcomes, teTarget: opts.teTarget }),
      );
      if (batch.partial && !opts.allowPartial) {
        printError(`partial result: ${partialSummary(batch)}; exit 2 (--allow-partial to exit 0)`);
        process.exitCode = 2;
      }
    });
}
