import { InvalidArgumentError, type Command } from 'commander';
import type { AccountRow, AccountsImportSummary } from '../api/book.ts';
import type { MethodResults } from '../api/methods.ts';
import { printAccountRows, printImportSummary } from './accountPrinters.ts';
import { positiveInteger } from './optionParsers.ts';
import type { CommandContext } from './usecasesCommand.ts';
import { printData, printOut } from './terminalText.ts';

function integer(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v)) throw new InvalidArgumentError(`"${value}" is not an integer.`);
  return v;
}

const restrictionModes = ['individual', 'sets'] as const;
type RestrictionMode = (typeof restrictionModes)[number];

function restrictionMode(value: string): RestrictionMode {
  if (!(restrictionModes as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not individual or sets.`);
  return value as RestrictionMode;
}

/** `jessica accounts ...`: the SMA book: import a book of accounts, generate a demo one, list a stored one. */
export function accountsCommand(program: Command, ctx: CommandContext): void {
  const group = program.command('accounts').description('the SMA book: import accounts (and their legacy lots), generate a demo book, list a stored book');

  group
    .command('import <file>')
    .description('validate and store a book: accounts CSV account_id,strategy,value,tax_status,exclude[,cash] (gzip or plain); a bad row stores nothing')
    .option('--holdings <file>', 'legacy lots: account_id,ticker,shares[,cost_basis,acquired]')
    .option('--book <name>', 'store it under this name (replaces a book of that name)', 'default')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { holdings?: string; book: string; json?: boolean }) => {
      const s = ctx.settle<AccountsImportSummary>(await ctx.core().dispatch('accounts/import', { file, holdingsFile: opts.holdings, book: opts.book }));
      if (s && opts.json) printData(`${JSON.stringify(s, null, 2)}\n`);
      else if (s) printOut(printImportSummary(s));
    });

  group
    .command('generate')
    .description('write a deterministic demo book: lognormal sizes $10k..$5M, restrictions (employer stocks, values screens), taxable and deferred, some legacy lots')
    .requiredOption('--count <n>', 'accounts', positiveInteger)
    .option('--seed <s>', 'random seed (same seed, same files)', integer, 1)
    .requiredOption('--out <file>', 'accounts CSV to write (.gz: gzip)')
    .option('--holdings-out <file>', 'also write legacy lots for about 15 % of the accounts (without it every account is all cash)')
    .option('--universe <name>', 'stored universe the tickers come from (generate for the universe the batch runs on)', 'demo')
    .option(
      '--restrictions <mode>',
      'individual: each account its own exclusions (about 1/3 an employer stock, 1/4 a values screen); sets: a handful of shared lists, as earlier versions wrote',
      restrictionMode,
      'individual',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { count: number; seed: number; out: string; holdingsOut?: string; universe: string; restrictions: RestrictionMode; json?: boolean }) => {
      const { json, ...args } = opts;
      const r = ctx.settle<MethodResults['accounts/generate']>(await ctx.core().dispatch('accounts/generate', args));
      if (!r) return;
      if (json) printData(`${JSON.stringify(r, null, 2)}\n`);
      else printOut(`generated ${r.accounts.toLocaleString('en-US')} accounts, ${r.lots.toLocaleString('en-US')} lots\n${r.files.map((f) => `wrote ${f}\n`).join('')}`);
    });

  group
    .command('list')
    .description('the accounts of a stored book, in file order')
    .option('--book <name>', 'book name', 'default')
    .option('--limit <n>', 'at most n accounts', positiveInteger, 1000)
    .option('--json', 'print JSON')
    .action(async (opts: { book: string; limit: number; json?: boolean }) => {
      const rows = ctx.settle<AccountRow[]>(await ctx.core().dispatch('accounts/list', { book: opts.book, limit: opts.limit }));
      if (rows && opts.json) printData(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows) printOut(printAccountRows(rows));
    });
}
