import path from 'node:path';
import zlib from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import type { Account, AccountLot } from '../../api/book.ts';
import { InputError } from '../errors.ts';
import { replaceFiles } from '../export/atomicOutput.ts';
import { finiteNumberCells } from '../export/finiteNumbers.ts';
import { checkOutputFile } from '../export/outputPaths.ts';
import { DEMO_END_DATE } from '../market/demoMarket.ts';
import { universeMembers } from '../market/universeMembers.ts';
import type { Database } from '../store/database.ts';
import { generateDemoBook, type BookMember, type RestrictionMode } from './demoBook.ts';

export interface AccountsGenerateArgs {
  count: number;
  seed: number;
  out: string;
  holdingsOut?: string | undefined;
  /** the universe the book's tickers come from (the demo market unless told) */
  universe?: string | undefined;
  /** `individual` (default): restrictions drawn account by account; `sets`: a handful of shared lists */
  restrictions?: RestrictionMode | undefined;
}

const ACCOUNT_COLUMNS = ['account_id', 'strategy', 'value', 'tax_status', 'exclude', 'cash'];
const LOT_COLUMNS = ['account_id', 'ticker', 'shares', 'cost_basis', 'acquired'];

/** The files of a book, in the formats accounts/import reads; `file` names the file in the error that refuses a non-finite number. */
export function accountsCsv(accounts: readonly Account[], file = 'accounts.csv'): string {
  return stringify(
    accounts.map((a) => [a.accountId, a.strategy, a.value, a.taxStatus, a.exclude.join(';'), a.cash ?? '']),
    { header: true, columns: ACCOUNT_COLUMNS, cast: finiteNumberCells(file, ACCOUNT_COLUMNS) },
  );
}

export function bookHoldingsCsv(lots: readonly AccountLot[], file = 'holdings.csv'): string {
  return stringify(
    lots.map((l) => [l.accountId, l.ticker, l.shares, l.costBasis ?? '', l.acquired ?? '']),
    { header: true, columns: LOT_COLUMNS, cast: finiteNumberCells(file, LOT_COLUMNS) },
  );
}

/**
 * accounts/generate: a demo book on a stored universe (default `demo`, loaded on first use), written as
 * an accounts CSV and, with `holdingsOut`, the legacy lots of some accounts (see generateDemoBook).
 * Tickers come from that universe, so generate the book for the universe the batch will run on.
 * `restrictions`: `individual` (default) draws each account's exclusions itself, `sets` gives the
 * handful-of-lists book of earlier versions, byte for byte (sizes, tax status, strategies and lots are
 * the same in both).
 * Without `holdingsOut` no account has lots and no cash is written (every account all cash); the
 * accounts are otherwise the same. A file whose name ends in `.gz` is written gzip. The places to write are
 * checked before the book is drawn, and the files replace earlier ones whole and together (atomicOutput.ts).
 */
export function generateAccounts(db: Database, args: AccountsGenerateArgs): { accounts: number; lots: number; files: string[] } {
  checkOutputFile(args.out, { option: '--out', field: 'out' });
  if (args.holdingsOut !== undefined) {
    checkOutputFile(args.holdingsOut, { option: '--holdings-out', field: 'holdingsOut' });
    if (path.resolve(args.holdingsOut) === path.resolve(args.out)) {
      throw new InputError(`--holdings-out ${args.holdingsOut}: the same file as --out: give the lots a file of their own`, { file: args.holdingsOut, field: 'holdingsOut' }, { placed: true });
    }
  }
  const universe = args.universe ?? 'demo';
  const { members, asOf } = bookMembers(db, universe);
  const book = generateDemoBook(members, { count: args.count, seed: args.seed, universe, asOf, restrictions: args.restrictions ?? 'individual' });
  const withLots = args.holdingsOut !== undefined;
  const accounts = withLots ? book.accounts : book.accounts.map((a) => ({ ...a, cash: null }));
  const files = [{ file: args.out, data: fileBytes(args.out, accountsCsv(accounts, args.out)) }];
  if (args.holdingsOut !== undefined) files.push({ file: args.holdingsOut, data: fileBytes(args.holdingsOut, bookHoldingsCsv(book.lots, args.holdingsOut)) });
  replaceFiles(files);
  return { accounts: accounts.length, lots: withLots ? book.lots.length : 0, files: files.map((f) => f.file) };
}

/** A universe's members with their sector, industry, benchmark weight and last close. */
export function bookMembers(db: Database, universe: string): { members: BookMember[]; asOf: string } {
  const listed = universeMembers(db, universe);
  const industries = new Map(
    (db.prepare('SELECT ticker, industry FROM universe_members WHERE universe = ?').all(universe) as { ticker: string; industry: string | null }[]).map(
      (r) => [r.ticker, r.industry ?? ''],
    ),
  );
  // universeMembers sorts by weight; the generator wants an order that does not depend on float ties
  const members = listed.members
    .map((m) => ({ ticker: m.ticker, sector: m.sector, industry: industries.get(m.ticker) ?? '', weight: m.weight, price: m.price }))
    .sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
  // Without prices there are no lots to date, so the fallback date is never used for one.
  return { members, asOf: listed.asOf ?? DEMO_END_DATE };
}

function fileBytes(file: string, text: string): string | Uint8Array {
  return file.endsWith('.gz') ? zlib.gzipSync(text) : text;
}
