import { Command, CommanderError } from 'commander';
import cliProgress from 'cli-progress';
import type { Envelope } from '../api/envelope.ts';
import type { ImportSummary, OptimizeResult, UniverseSummary } from '../api/domain.ts';
import { toApiError } from '../core/apiError.ts';
import type { Core } from '../core/createCore.ts';
import { accountsCommand } from './accountsCommand.ts';
import { batchCommand } from './batchCommand.ts';
import { benchCommand } from './benchCommand.ts';
import { compareCommand } from './compareCommand.ts';
import { dataYahooCommand } from './dataYahooCommand.ts';
import { demoCommand } from './demoCommand.ts';
import { exitCodeFor } from './exitCodes.ts';
import { minimumsCommand } from './minimumsCommand.ts';
import { modelArguments, modelOptions } from './modelOptions.ts';
import { printOptimizeResult, printUniverses } from './printers.ts';
import { addRunBundleCommands } from './runBundleCommands.ts';
import { runsCommand } from './runsCommand.ts';
import { serveCommand } from './serveCommand.ts';
import { settingsCommand } from './settingsCommand.ts';
import { solversCommand } from './solversCommand.ts';
import { syncCommand } from './syncCommand.ts';
import { workerCommand } from './workerCommand.ts';
import { printData, printError, printOut, terminalText } from './terminalText.ts';
import { usecasesCommand } from './usecasesCommand.ts';

let core: Core | undefined;
/**
 * The core is loaded just before a command runs (commander's preAction hook), not when the CLI starts: `--help`, a
 * mistyped option and every argument error then answer without loading the application (1.3 s of a 2.7 s start on
 * a busy machine), and the commands still reach the core synchronously.
 */
let application: { createCore: typeof import('../core/createCore.ts').createCore; openServices: typeof import('../core/services.ts').openServices } | undefined;
function getCore(): Core {
  if (!application) throw new Error('the core was reached before any command ran');
  core ??= application.createCore(application.openServices());
  return core;
}

/** Prints the error on one line (control characters escaped) and sets the exit code; returns the value on success. */
function settle<T>(envelope: Envelope<unknown>): T | undefined {
  if (envelope.ok) return envelope.value as T;
  printError(`jessica: ${envelope.error.message}`);
  process.exitCode = exitCodeFor(envelope.error.code);
  return undefined;
}

const program = new Command()
  .name('jessica')
  .description('Optimize equity SMAs: index tracking on whole shares, from prices to a verified portfolio. Start with `jessica demo`.')
  // commander repeats a bad argument as it was typed: escaped like every other line the CLI prints
  .configureOutput({ writeOut: printOut, writeErr: (text) => process.stderr.write(terminalText(text)) })
  .exitOverride()
  .hook('preAction', async () => {
    const [{ createCore }, { openServices }] = await Promise.all([import('../core/createCore.ts'), import('../core/services.ts')]);
    application = { createCore, openServices };
  });

const data = program.command('data').description('market data: import CSV files or from Yahoo Finance, list universes');

data
  .command('import')
  .description('import a universe from long price CSV (gzip or plain), with optional constituents and index series')
  .requiredOption('--universe <name>', 'universe name, e.g. sp500')
  .requiredOption('--prices <file>', 'prices CSV: date,ticker,close[,open,high,low,adj_close,volume]')
  .option('--constituents <file>', 'constituents CSV: ticker[,name,sector,industry,market_cap,shares_outstanding,weight]')
  .option('--index <file>', 'index series CSV: date,close')
  .action(async (opts: { universe: string; prices: string; constituents?: string; index?: string }) => {
    const c = getCore();
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'importing {universe} | {value} rows', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(0, 0, { universe: opts.universe });
    const off = c.subscribe('data/progress', (p) => bar?.update((p as { rows: number }).rows, { universe: opts.universe }));
    const envelope = await c.dispatch('data/import', {
      universe: opts.universe,
      pricesFile: opts.prices,
      constituentsFile: opts.constituents,
      indexFile: opts.index,
    });
    off();
    bar?.stop();
    const s = settle<ImportSummary>(envelope);
    if (s) {
      printOut(
        `imported ${s.universe}: ${s.rows} price rows, ${s.tickers} tickers, ${s.days} days ${s.firstDate}..${s.lastDate}, ` +
          `${s.members} members, ${s.indexRows} index rows in ${s.seconds.toFixed(1)} s\n`,
      );
      // what did not stop the import (weights that do not sum to 1, say) goes beside the result, one line each
      for (const w of s.warnings) printError(`warning: ${w}`);
    }
  });

data
  .command('list')
  .description('list the universes in the data directory (the demo market loads on first use)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const list = settle<UniverseSummary[]>(await getCore().dispatch('data/list', {}));
    if (list && opts.json) printData(`${JSON.stringify(list, null, 2)}\n`);
    else if (list) printOut(printUniverses(list));
  });

modelOptions(program.command('optimize').description('optimize one portfolio that tracks the universe benchmark; writes portfolio.csv and run.json'))
  .option(
    '--solver <id>',
    "highs | cbc | gurobi | race (every installed solver at once; the first to prove optimality wins); default: the use case's solver in the matrix, highs unless it chose another",
  )
  .option('--out <dir>', 'write portfolio.csv and run.json here')
  .option('--write-model <file>', 'also write the assembled model as LP or MPS text (by extension: .lp, .mps) and FILE.names.json')
  .option('--json', 'print the result as JSON')
  .action(async (opts: Record<string, unknown>) => {
    const { json, ...rest } = opts;
    const result = settle<OptimizeResult>(await getCore().dispatch('portfolio/optimize', modelArguments(rest)));
    if (result && json) printData(`${JSON.stringify(result, null, 2)}\n`);
    else if (result) printOut(printOptimizeResult(result));
  });

dataYahooCommand(data, { core: getCore, settle });
usecasesCommand(program, { core: getCore, settle });
accountsCommand(program, { core: getCore, settle });
minimumsCommand(program, { core: getCore, settle });
batchCommand(program, { core: getCore, settle });
demoCommand(program, { core: getCore, settle });
serveCommand(program, { core: getCore });
syncCommand(program, { core: getCore, settle });
settingsCommand(program, { core: getCore, settle });
solversCommand(program, { core: getCore, settle });
compareCommand(program, { core: getCore, settle });
benchCommand(program, { core: getCore, settle });
workerCommand(program, { core: getCore, settle });
addRunBundleCommands(runsCommand(program, { core: getCore, settle }), { core: getCore, settle });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its one-line reason; help and version exit 0
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else {
    // what no command settled (the store failing to open, say): the same one line and exit code as an envelope's error
    const failure = toApiError(error);
    printError(`jessica: ${failure.message}`);
    process.exitCode = exitCodeFor(failure.code);
  }
} finally {
  await core?.services.close();
}
