import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { importAccounts } from '../accounts/accountsImport.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { Cancelled, InputError, throwIfCancelled } from '../errors.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { importUniverse } from '../market/priceImport.ts';
import { universeNames } from '../market/universeCatalog.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { getUseCase, useCaseIds } from '../usecases/useCaseStore.ts';
import { copyUseCase, disableComponent, enableComponent } from '../usecases/useCaseEdits.ts';
import type { BatchSetup, PlannedRow, ScreensSetup } from './benchPlan.ts';
import type { ScreenTimer } from './screenTimer.ts';
import { screensBatch, type ScreensBatch } from './screensBatch.ts';

/** The real data the bench imports when a row names its universe and the store lacks it (/work/shared/data/README.md). */
export const SHARED_DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const SHARED_UNIVERSES = ['sp500', 'r2000'];

const OBJECTIVE_COMPONENTS = { mad: 'obj.tracking-mad', variance: 'obj.tracking-variance' } as const;
type Objective = keyof typeof OBJECTIVE_COMPONENTS;

/** The team database as the `store: postgres` rows read it, or why they cannot. */
export type TeamPrices =
  | { state: 'ready'; pricePanels: NonNullable<CoreServices['pricePanels']>; server: string }
  | { state: 'skipped'; reason: string }
  | { state: 'failed'; reason: string };

/** The browser the `screens` rows are timed in, or why they cannot be. */
export type ScreensBrowser = { state: 'ready'; timer: ScreenTimer; browser: string } | { state: 'skipped' | 'failed'; reason: string };

/** A demo book as the bench names and makes it: so many accounts on a universe, from a seed. */
type BookSetup = Pick<BatchSetup, 'accounts' | 'universe'>;
interface BookSettings {
  seed: number;
  restrictions: 'individual' | 'sets';
}

/** What the rows run on, made before any row runs (untimed). */
export interface BenchData {
  /** the use case a row of `useCase` runs with its objective set to `objective` */
  useCaseFor(useCase: string, objective: Objective): string;
  /** the stored book a batch row runs */
  bookFor(setup: BookSetup, settings: BookSettings): string;
  /** null when no row reads prices from the team database */
  team: TeamPrices | null;
  /** null when no row times a screen */
  screens: ScreensBrowser | null;
  /** the stored batch a screens row shows (its book's), or why the setup could not make it */
  screensBatchFor(setup: ScreensSetup, settings: BookSettings & { useCase: string }): ScreensBatch | { failed: string };
  /** closes the team database's connection */
  close(): Promise<void>;
}

export interface BenchDataOptions {
  signal?: AbortSignal;
  /** the team database URL argument; else JESSICA_PG_URL, else the stored setting */
  pgUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** where sp500/ and r2000/ are (default SHARED_DATA) */
  sharedData?: string;
}

/**
 * Refuses, before any work, a row whose universe the store lacks and the bench cannot import (it imports sp500 and
 * r2000 from the shared data), or whose use case the matrix does not have; the message names `source` (the matrix
 * file) and the field.
 */
export function checkBenchRows(services: CoreServices, rows: readonly PlannedRow[], source: string, sharedData: string = SHARED_DATA): void {
  const stored = new Set(universeNames(services.db));
  for (const row of rows) {
    const where = { baseline: 'baseline', factor: 'factors', combination: 'combinations' }[row.role];
    const universe = row.setup.universe;
    if (universe !== 'demo' && !stored.has(universe) && !(SHARED_UNIVERSES.includes(universe) && existsSync(path.join(sharedData, universe, 'prices.csv.gz')))) {
      throw new InputError(
        `universe ${universe} is not in the store, and the bench imports only ${SHARED_UNIVERSES.join(' and ')} (from ${sharedData}): import it first with jessica data import`,
        { file: source, field: `workloads[${row.workloadIndex}].${where}.universe` },
      );
    }
    if (!getUseCase(services.db, row.settings.useCase)) {
      throw new InputError(`unknown use case "${row.settings.useCase}" (known: ${useCaseIds(services.db).join(', ')})`, {
        file: source,
        field: `workloads[${row.workloadIndex}].settings.useCase`,
      });
    }
  }
}

/**
 * Everything the rows need, each step a span under the bench's `setup`: every universe a row names in the store
 * (the demo market made, sp500 and r2000 imported from the shared data once, a universe already stored reused
 * as it is), the use cases with the other tracking objective (a copy of the row's use case with
 * obj.tracking-variance in place of obj.tracking-mad, or the reverse; made once, then reused), the books of the
 * sizes the batch rows ask (accounts/generate, then accounts/import; reused when stored with that many accounts),
 * and for `store: postgres` rows the team database: a sync of the store (so it holds the universes' prices) and a
 * connection the rows read through. No team database configured skips those rows with the reason; one that
 * fails them, the other rows still run. For `screens` rows, first the services' screen timer readied (the built
 * renderer, the browser), then each row's book and one stored batch of it (screensBatch.ts: reused, else run
 * here); no timer, or one that cannot run here, skips those rows with the reason and makes none of their data.
 */
export async function prepareBenchData(services: CoreServices, rows: readonly PlannedRow[], rec: RunRecorder, options: BenchDataOptions = {}): Promise<BenchData> {
  const { db } = services;
  const { signal } = options;
  const sharedData = options.sharedData ?? SHARED_DATA;
  const screensRows = rows.filter((r) => r.kind === 'screens');
  // first: the screens' data is made only when a browser can show it
  const screens = screensRows.length === 0 ? null : await rec.span('browser', () => screensBrowser(services, options));
  const needed = rows.filter((r) => r.kind !== 'screens' || screens?.state === 'ready');

  for (const universe of new Set(needed.map((r) => r.setup.universe))) {
    throwIfCancelled(signal);
    if (universe === 'demo') {
      await rec.span('demo market', () => ensureDemoMarket(db));
    } else if (!universeNames(db).includes(universe)) {
      const dir = path.join(sharedData, universe);
      await rec.span(`import ${universe}`, () =>
        importUniverse(db, {
          universe,
          pricesFile: path.join(dir, 'prices.csv.gz'),
          constituentsFile: path.join(dir, 'constituents.csv'),
          indexFile: path.join(dir, 'index.csv'),
          ...(signal ? { signal } : {}),
        }),
      );
    }
  }

  const useCases = new Map<string, string>();
  for (const row of rows) {
    if (row.kind !== 'optimize') continue;
    const key = `${row.settings.useCase}\u0000${row.setup.objective}`;
    if (!useCases.has(key)) useCases.set(key, await rec.span(`use case ${row.settings.useCase} (${row.setup.objective})`, () => objectiveVariant(services, row.settings.useCase, row.setup.objective)));
  }

  const books = new Map<string, string>();
  const bookName = (setup: BookSetup, settings: BookSettings) => `bench-${setup.universe}-${setup.accounts}-${settings.restrictions}-s${settings.seed}`;
  for (const row of needed) {
    if (row.kind === 'optimize') continue;
    const name = bookName(row.setup, row.settings);
    if (books.has(name)) continue;
    throwIfCancelled(signal);
    await rec.span(`book ${name}`, () => storeBenchBook(services, name, row.setup, row.settings));
    books.set(name, name);
  }

  // one batch per book and use case, whichever screens its rows time
  const batches = new Map<string, ScreensBatch | { failed: string }>();
  const batchKey = (setup: ScreensSetup, settings: BookSettings & { useCase: string }) => `${bookName(setup, settings)}\u0000${settings.useCase}`;
  for (const row of screens?.state === 'ready' ? screensRows : []) {
    if (row.kind !== 'screens') continue;
    const key = batchKey(row.setup, row.settings);
    if (batches.has(key)) continue;
    throwIfCancelled(signal);
    const book = bookName(row.setup, row.settings);
    const { useCase, timeLimit, clusters } = row.settings;
    const request = { book, universe: row.setup.universe, accounts: row.setup.accounts, useCase, timeLimit, ...(clusters === undefined ? {} : { clusters }) };
    try {
      batches.set(key, await rec.span(`batch of ${book} for the screens`, () => screensBatch(services, request, signal ? { signal } : {})));
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      batches.set(key, { failed: `the batch of ${book} for the screens failed: ${(error as Error).message}` });
    }
  }

  let team: TeamPrices | null = null;
  let client: pg.Client | undefined;
  if (rows.some((r) => r.kind === 'optimize' && r.setup.store === 'postgres')) {
    throwIfCancelled(signal);
    const opened = await rec.span('team database', () => openTeamPrices(services, options));
    team = opened.team;
    client = opened.client;
  }

  return {
    useCaseFor: (useCase, objective) => useCases.get(`${useCase}\u0000${objective}`)!,
    bookFor: (setup, settings) => bookName(setup, settings),
    team,
    screens,
    screensBatchFor: (setup, settings) => batches.get(batchKey(setup, settings)) ?? { failed: `no batch of ${bookName(setup, settings)} was made for the screens` },
    close: async () => {
      await client?.end().catch(() => {});
    },
  };
}

/**
 * `useCase` with `objective` as its tracking objective: itself when it already has it (and not the other one),
 * else its copy `<useCase>-<objective>` with the objective component swapped, made on first use.
 */
function objectiveVariant(services: CoreServices, useCaseId: string, objective: Objective): string {
  const { db } = services;
  const wanted = OBJECTIVE_COMPONENTS[objective];
  const other = OBJECTIVE_COMPONENTS[objective === 'mad' ? 'variance' : 'mad'];
  const has = (id: string) => {
    const ids = findUseCase(db, id).components.map((c) => c.id);
    return ids.includes(wanted) && !ids.includes(other);
  };
  const source = findUseCase(db, useCaseId);
  if (has(useCaseId)) return useCaseId;
  const variantId = `${useCaseId}-${objective}`;
  if (getUseCase(db, variantId)) {
    if (has(variantId)) return variantId;
    throw new InputError(`use case ${variantId} exists but does not track by ${wanted} alone: the bench would make it; rename or remove it`, { field: 'objective' });
  }
  const note = `the bench's ${objective} variant of ${useCaseId}`;
  copyUseCase(db, useCaseId, variantId, { title: `${source.title}, ${objective === 'variance' ? 'tracking variance' : 'mean absolute deviation'} (bench)`, note });
  enableComponent(db, variantId, wanted, {}, { note });
  if (source.components.some((c) => c.id === other)) disableComponent(db, variantId, other, { note });
  return variantId;
}

/** The demo book of `setup.accounts` accounts on the row's universe, generated as files and imported; reused when stored. */
async function storeBenchBook(services: CoreServices, name: string, setup: BookSetup, settings: BookSettings): Promise<void> {
  const { db } = services;
  const stored = db.prepare('SELECT account_count FROM books WHERE name = ?').pluck().get(name) as number | undefined;
  if (stored === setup.accounts) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-book-'));
  try {
    const file = path.join(dir, 'accounts.csv');
    const holdingsFile = path.join(dir, 'holdings.csv');
    generateAccounts(db, { count: setup.accounts, seed: settings.seed, out: file, holdingsOut: holdingsFile, universe: setup.universe, restrictions: settings.restrictions });
    await importAccounts(db, { file, holdingsFile, book: name });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The team database synced from the store and connected, or why the postgres rows cannot run. */
async function openTeamPrices(services: CoreServices, options: BenchDataOptions): Promise<{ team: TeamPrices; client?: pg.Client }> {
  // pg is loaded only when a row reads from PostgreSQL
  const [{ configuredTeamDatabase, HOW_TO_SET_A_URL }, { syncStore }, { connectTeamDatabase }, { storeId }, { readTeamPricePanel }] = await Promise.all([
    import('../sync/teamDatabaseUrl.ts'),
    import('../sync/syncStore.ts'),
    import('../sync/teamConnection.ts'),
    import('../sync/storeReader.ts'),
    import('../sync/teamPricePanel.ts'),
  ]);
  let target: ReturnType<typeof configuredTeamDatabase>;
  try {
    target = configuredTeamDatabase(services.db, options.pgUrl, options.env);
  } catch (error) {
    return { team: { state: 'failed', reason: (error as Error).message } };
  }
  if (target === null) {
    return { team: { state: 'skipped', reason: `no team database is configured (the prices would be read from it): ${HOW_TO_SET_A_URL}` } };
  }
  let client: pg.Client | undefined;
  try {
    await syncStore(services, { url: target.url, ...(options.env ? { env: options.env } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    client = await connectTeamDatabase(target);
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const id = storeId(services.db);
    const connected = client;
    return {
      team: {
        state: 'ready',
        server: `PostgreSQL ${version.split(' ')[0]}`,
        pricePanels: { source: 'team database', read: (universe, window) => readTeamPricePanel(connected, id, universe, window) },
      },
      client,
    };
  } catch (error) {
    await client?.end().catch(() => {});
    if (error instanceof Cancelled) throw error;
    return { team: { state: 'failed', reason: (error as Error).message } };
  }
}

/**
 * The browser the screens rows are timed in: the services' screen timer readied (the built renderer, the browser
 * found), or why those rows are skipped: no timer (only `jessica bench` gives one), or the timer's own reason.
 */
async function screensBrowser(services: CoreServices, options: BenchDataOptions): Promise<ScreensBrowser> {
  const timer = services.screenTimer;
  if (timer === undefined) {
    return {
      state: 'skipped',
      reason: 'no browser to time the screens in: only the jessica bench command drives one (Chromium, on the built app), not the app\'s Bench screen',
    };
  }
  try {
    const prepared = await timer.prepare(options.signal ? { signal: options.signal } : {});
    return prepared.ready ? { state: 'ready', timer, browser: prepared.browser } : { state: 'skipped', reason: prepared.reason };
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    // not a browser missing (the timer says that as a reason) but the timer failing: its rows fail, the others run
    return { state: 'failed', reason: `the screen timer failed to start: ${(error as Error).message}` };
  }
}
