import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { PricePanel } from '../../solver/tracking/pricePanel.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import type { Database } from '../store/database.ts';
import { getUseCase } from '../usecases/useCaseStore.ts';

/**
 * What a run read, as a fingerprint: a replay compares each with what the store (or the bundle's copy of a file)
 * holds now, so "the objective differs" comes with "because the prices it read are not the same any more".
 */
export interface InputFingerprint {
  /** `universe sp500`, `use case index-tracking`, `book demo`, `holdingsFile` */
  name: string;
  kind: 'universe' | 'use-case' | 'book' | 'file';
  /** SHA-256, hex */
  sha256: string;
  /** what was hashed, in words: the window, the version, the row counts */
  detail: string;
}

/** The run's options as far as its inputs go: every job kind names them the same way. */
export interface InputOptions {
  universe?: string;
  useCase?: string;
  asOf?: string;
  lookback?: number;
  book?: string;
  holdingsFile?: string;
  recentSalesFile?: string;
  accountsFile?: string;
}

/** The options that name files a run read, which a bundle carries copies of. */
export const FILE_OPTIONS = ['holdingsFile', 'recentSalesFile', 'accountsFile'] as const;
export type FileOption = (typeof FILE_OPTIONS)[number];

/**
 * The universe's data as a model reads it: the lookback + 1 trading dates ending at `asOf` (the run's own as-of date,
 * not the newest one: prices imported after the run do not change what it read), every member's sector, cap and
 * weight, the raw and adjusted closes and the index closes. A re-import that changes none of these keeps the hash.
 */
export function universeFingerprint(db: Database, universe: string, asOf: string, lookback: number): InputFingerprint {
  return panelFingerprint(readPricePanel(db, universe, { asOf, lookback }));
}

/** The fingerprint of a panel a job has read already (recorded by its load stage): no second read of the store. */
export function panelFingerprint(panel: PricePanel): InputFingerprint {
  const universe = panel.universe;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([panel.dates, panel.tickers, panel.sectors, panel.marketCaps, panel.weights]));
  hash.update(new Uint8Array(panel.close.buffer, panel.close.byteOffset, panel.close.byteLength));
  hash.update(new Uint8Array(panel.adjClose.buffer, panel.adjClose.byteOffset, panel.adjClose.byteLength));
  if (panel.indexClose) hash.update(new Uint8Array(panel.indexClose.buffer, panel.indexClose.byteOffset, panel.indexClose.byteLength));
  return {
    name: `universe ${universe}`,
    kind: 'universe',
    sha256: hash.digest('hex'),
    detail: `${panel.tickers.length} members × ${panel.dates.length} dates, ${panel.dates[0] ?? '?'} to ${panel.dates.at(-1) ?? '?'}${panel.indexClose ? ', with the index' : ''}`,
  };
}

/** The use case's components and parameters (its definition, not its version number: an edit undone hashes the same). */
export function useCaseFingerprint(db: Database, id: string): InputFingerprint | undefined {
  const stored = getUseCase(db, id);
  if (!stored) return undefined;
  return {
    name: `use case ${id}`,
    kind: 'use-case',
    sha256: sha256(canonicalJson(stored.useCase)),
    detail: `version ${stored.version}, ${stored.useCase.components.length} components`,
  };
}

/** A stored book's accounts and lots, in their stored order. */
export function bookFingerprint(db: Database, book: string): InputFingerprint | undefined {
  const accounts = db
    .prepare('SELECT account_id, strategy, value, tax_status, exclude, cash FROM accounts WHERE book = ? ORDER BY position')
    .raw()
    .iterate(book) as IterableIterator<unknown[]>;
  const hash = createHash('sha256');
  let accountCount = 0;
  for (const row of accounts) {
    hash.update(JSON.stringify(row));
    accountCount++;
  }
  if (accountCount === 0) return undefined;
  let lotCount = 0;
  const lots = db
    .prepare('SELECT account_id, ticker, shares, cost_basis, acquired FROM account_lots WHERE book = ? ORDER BY account_id, position')
    .raw()
    .iterate(book) as IterableIterator<unknown[]>;
  for (const row of lots) {
    hash.update(JSON.stringify(row));
    lotCount++;
  }
  return { name: `book ${book}`, kind: 'book', sha256: hash.digest('hex'), detail: `${accountCount} accounts, ${lotCount} lots` };
}

/** A file's bytes. */
export function fileFingerprint(option: FileOption, file: string): InputFingerprint {
  const bytes = fs.readFileSync(file);
  return { name: option, kind: 'file', sha256: sha256(bytes), detail: `${file}, ${bytes.length} bytes` };
}

/**
 * Every input of a run with the given options and as-of date that can be fingerprinted now: the universe window, the
 * use case, the book, and each file that still exists. A file gone is left out (the bundle says so). `known` are
 * fingerprints the job took as it read (its price panel): those are not read again.
 */
export function runInputs(db: Database, options: InputOptions, asOf: string | null, lookback: number | null, known: readonly InputFingerprint[] = []): InputFingerprint[] {
  const inputs: InputFingerprint[] = [];
  const universe = options.universe ? known.find((x) => x.name === `universe ${options.universe}`) : undefined;
  if (universe) inputs.push(universe);
  else if (options.universe && asOf && lookback) inputs.push(universeFingerprint(db, options.universe, asOf, lookback));
  if (options.useCase) {
    const useCase = useCaseFingerprint(db, options.useCase);
    if (useCase) inputs.push(useCase);
  }
  if (options.book) {
    const book = bookFingerprint(db, options.book);
    if (book) inputs.push(book);
  }
  for (const option of FILE_OPTIONS) {
    const file = options[option];
    if (file && fs.existsSync(file)) inputs.push(fileFingerprint(option, file));
  }
  return inputs;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted, so two equal definitions hash the same whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
