import type { Command } from 'commander';
import type { YahooImportSummary } from '../api/yahoo.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import { isoDate, positiveInteger, tickerList } from './optionParsers.ts';
import { printData, printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

const count = (n: number): string => n.toLocaleString('en-US');

/** The summary a manager reads after an import: what was asked, what came, what failed and why. */
export function printYahooSummary(s: YahooImportSummary): string {
  const lines = [
    `${s.universe} from Yahoo Finance, ${s.source}: ${count(s.requested)} tickers requested, ${count(s.updated)} updated, ` +
      `${count(s.upToDate)} up to date, ${count(s.readjusted)} readjusted, ${count(s.failed.filter((f) => f.ticker !== s.index).length)} failed`,
    `${count(s.rows)} price rows written${s.firstDate === null ? '' : `, ${s.firstDate}..${s.lastDate}`}` +
      `${s.index === null ? '' : `; index ${s.index}: ${count(s.indexRows)} closes`}; quotes for ${count(s.quotes)} members`,
  ];
  if (s.failed.length > 0) {
    lines.push('failed:');
    for (const failure of s.failed) lines.push(`  ${failure.ticker}: ${failure.reason}`);
  }
  for (const warning of s.warnings) lines.push(`warning: ${warning}`);
  lines.push(`${s.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/** `jessica data yahoo`: daily history and quotes from Yahoo Finance into a universe, as a job with a progress bar. */
export function dataYahooCommand(data: Command, ctx: CommandContext): void {
  data
    .command('yahoo')
    .description(
      'import daily prices, an index series and quotes from Yahoo Finance into a universe; incremental: a rerun fetches only the days a ticker lacks',
    )
    .requiredOption('--universe <name>', 'universe name, e.g. sp500 (created when new)')
    .option('--holdings <file>', "an iShares ETF holdings download in iShares' own layout (IVV: the S&P 500, IWM: the Russell 2000)")
    .option('--constituents <file>', 'a constituents CSV: ticker[,name,sector,industry,market_cap,shares_outstanding,weight] (Yahoo symbols: BRK-B)')
    .option('--tickers <list>', 'comma-separated Yahoo symbols, e.g. AAPL,MSFT,BRK-B', tickerList)
    .option('--from <date>', 'the first date of a ticker new to the universe (default: five years ago)', isoDate)
    .option('--index <symbol>', "the index series' Yahoo symbol, e.g. ^GSPC (default: the holdings fund's index)")
    .option('--concurrency <n>', 'requests to Yahoo at once (at most 16)', positiveInteger, 4)
    .option('--allow-partial', 'exit 0 even when some tickers failed (else 2)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { universe: string; holdings?: string; constituents?: string; tickers?: string[]; from?: string; index?: string; concurrency: number; allowPartial?: boolean; json?: boolean }) => {
      const given = [opts.holdings, opts.constituents, opts.tickers].filter((source) => source !== undefined).length;
      if (given !== 1) {
        printError(`jessica: give exactly one of --holdings, --constituents or --tickers${given === 0 ? '' : ` (${given} were given)`}`);
        process.exitCode = 1;
        return;
      }
      const args = {
        universe: opts.universe,
        holdingsFile: opts.holdings,
        constituentsFile: opts.constituents,
        tickers: opts.tickers,
        from: opts.from,
        index: opts.index,
        concurrency: opts.concurrency,
      };
      const summary = ctx.settle<YahooImportSummary>(await runJobWithBar(ctx, 'data/yahoo', args, 'yahoo'));
      if (!summary) return;
      if (opts.json) printData(`${JSON.stringify(summary, null, 2)}\n`);
      else printOut(printYahooSummary(summary));
      if (summary.partial && !opts.allowPartial) {
        printError(`partial result: ${summary.failed.length} failed (listed above); exit 2 (--allow-partial to exit 0)`);
        process.exitCode = 2;
      }
    });
}
