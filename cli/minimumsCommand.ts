import { InvalidArgumentError, type Command } from 'commander';
import type { MinimumsResult } from '../api/book.ts';
import { implausibleDollars } from '../core/plausibleValues.ts';
import { fraction, isoDate, positiveInteger, positiveNumber, tickerList } from './optionParsers.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import type { CommandContext } from './usecasesCommand.ts';
import { printData, printOut } from './terminalText.ts';

/** Account values as `25000,50k,1.5M`: dollars, with k (thousands) or M (millions). */
export function accountValues(value: string): number[] {
  const list = value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  if (list.length === 0) throw new InvalidArgumentError(`"${value}" lists no account value.`);
  return list.map((v) => {
    const m = /^\$?([0-9]*\.?[0-9]+)([kKmM]?)$/.exec(v);
    const n = m ? Number(m[1]) * (m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1e6) : NaN;
    if (!(n > 0)) throw new InvalidArgumentError(`"${v}" is not an account value (dollars, e.g. 25000, 50k or 1.5M).`);
    const implausible = implausibleDollars(n);
    if (implausible) throw new InvalidArgumentError(implausible);
    return n;
  });
}

const percent = (x: number, digits = 2) => `${(100 * x).toFixed(digits)} %`;
const dollars = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;

export function printMinimums(r: MinimumsResult): string {
  const fractional = new Map(r.points.filter((p) => p.fractional).map((p) => [p.accountValue, p.trackingError]));
  const rows = r.points
    .filter((p) => !p.fractional)
    .map((p) => {
      const frac = fractional.get(p.accountValue);
      const mark = p.trackingError > r.teTarget ? '  above target' : '';
      return `  ${dollars(p.accountValue).padStart(12)}  ${percent(p.trackingError).padStart(8)}  ${String(p.names).padStart(5)}  ${percent(p.cashWeight).padStart(8)}${frac === undefined ? '' : `  ${percent(frac).padStart(8)}`}${mark}`;
    });
  const header = `  ${'account'.padStart(12)}  ${'TE'.padStart(8)}  ${'names'.padStart(5)}  ${'cash'.padStart(8)}${fractional.size ? `  ${'fract.'.padStart(8)}` : ''}`;
  const minimum =
    r.minimum === null
      ? `no account value up to ${dollars(Math.max(...r.points.map((p) => p.accountValue)))} reaches a tracking error of ${percent(r.teTarget)}`
      : `account minimum for a tracking error of ${percent(r.teTarget)}: ${dollars(r.minimum)}` +
        (r.search ? ` (TE ${percent(r.search.trackingError)}; ${dollars(r.search.below)} reaches only ${percent(r.search.belowTrackingError)})` : ' (the smallest size tried)');
  return [
    `${r.useCase} on ${r.universe} as of ${r.asOf}: whole-share tracking error by account value [run ${r.runId}]`,
    header,
    ...rows,
    minimum,
    ...r.warnings.map((w) => `warning: ${w}`),
    ...r.files.map((f) => `wrote ${f}`),
    `${r.seconds.toFixed(1)} s`,
  ].join('\n') + '\n';
}

/** `jessica minimums`: the account-minimum frontier of a use case, as a job with a progress bar on a terminal. */
export function minimumsCommand(program: Command, ctx: CommandContext): void {
  program
    .command('minimums')
    .description('account minimums: whole-share tracking error against account value, and the smallest value that meets a target; writes frontier.csv and run.json')
    .requiredOption('--universe <name>', 'universe (demo is built in)')
    .requiredOption('--use-case <id>', 'use case, e.g. index-tracking')
    .requiredOption('--te-target <t>', 'target tracking error, annualized (0.01 or 1%)', fraction)
    .option('--sizes <values>', 'account values to try, e.g. 25000,50k,1.5M (default: 20 from $10k to $5M, log-spaced)', accountValues)
    .option('--fractional', 'also the fractional-share tracking error (the lower bound line)')
    .option('--exclude <list>', 'comma-separated tickers (or sector:NAME) never to hold', tickerList)
    .option('--as-of <date>', 'as-of date (default: the last date with prices)', isoDate)
    .option('--lookback <n>', 'return periods in the estimation window', positiveInteger, 252)
    .option('--time-limit <s>', 'time limit in seconds for the use case\'s own solve', positiveNumber, 10)
    .option('--out <dir>', 'write frontier.csv and run.json here')
    .option('--json', 'print the result as JSON')
    .action(async (opts: Record<string, unknown>) => {
      const { json, ...rest } = opts;
      const args = { ...rest, fractional: Boolean(rest.fractional) };
      const result = ctx.settle<MinimumsResult>(await runJobWithBar(ctx, 'book/minimums', args, 'minimums'));
      if (result && json) printData(`${JSON.stringify(result, null, 2)}\n`);
      else if (result) printOut(printMinimums(result));
    });
}
