import type { Database } from '../../store/database.ts';
import { UPSERT_INSTRUMENT, type MemberRow } from '../universeWriter.ts';
import type { DailyBar } from './dailyHistory.ts';
import { PriceLedger } from './priceLedger.ts';

/** A ticker's prices from one batch. */
export interface TickerPrices {
  ticker: string;
  /**
   * `append`: the days from its last stored one on (a stored day is rewritten only where Yahoo's bar differs);
   * `rewrite`: its whole history, replacing the stored one (a split or dividend changed Yahoo's adjusted closes).
   */
  mode: 'append' | 'rewrite';
  bars: readonly DailyBar[];
}

export interface Batch {
  universe: string;
  prices: readonly TickerPrices[];
  /** the members of the tickers that got prices, as source and quote describe them (null: not known, kept as stored) */
  members: readonly MemberRow[];
  /** the index's closes from its last stored date on */
  indexCloses: readonly { date: string; close: number }[];
}

export interface BatchResult {
  /** price rows inserted or updated */
  rows: number;
  indexRows: number;
  /** the tickers whose prices changed */
  changedTickers: Set<string>;
  /** the sync_changes seq every price row of the batch carries, or null when the batch changed nothing */
  revision: number | null;
  /** the prices as the batch left them */
  ledger: PriceLedger;
}

interface UniverseRow {
  price_rows: number;
  ticker_count: number;
  first_date: string | null;
  last_date: string | null;
  trading_days: number;
}

interface StoredPrice {
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  adj_close: number | null;
  volume: number | null;
}

/**
 * Writes one batch in one IMMEDIATE transaction, with no await inside (the caller fetched everything first), so a
 * kill loses at most this batch and nothing else on the store's connection can join it. Changes only what differs:
 * a batch that brings nothing new writes nothing and records no change.
 *
 * The contract with the team-database sync (migration 006): the universe row is updated with counts that are true
 * after the batch, which records an `update` in sync_changes; the seq of that change is read in the same transaction
 * and every price row the batch inserts or updates carries it as its `revision`, so a sync sends exactly the rows
 * written after its cursor. A universe not in the store yet is inserted first (source `yahoo`). The counts come from
 * the ledger, checked against the universe row first: if another writer changed the prices since, it is read again.
 * Members are upserted without blanking what the store knows (a null keeps the stored value), instruments as every
 * universe load merges them, index closes where new or different.
 */
export function writeBatch(db: Database, ledger: PriceLedger, batch: Batch): BatchResult {
  const { universe } = batch;
  const now = new Date().toISOString();
  return db
    .transaction((): BatchResult => {
      const row = db.prepare('SELECT price_rows, ticker_count, first_date, last_date, trading_days FROM universes WHERE name = ?').get(universe) as
        | UniverseRow
        | undefined;
      const next = row === undefined || ledger.agreesWith(row) ? ledger.copy() : PriceLedger.read(db, universe);

      const storedPrice = db.prepare('SELECT open, high, low, close, adj_close, volume FROM prices WHERE universe = ? AND date = ? AND ticker = ?');
      const writes: { ticker: string; bar: DailyBar }[] = [];
      const deletes: { ticker: string; date: string }[] = [];
      const changedTickers = new Set<string>();
      for (const { ticker, mode, bars } of batch.prices) {
        const span = next.tickers.get(ticker);
        if (mode === 'rewrite' && span !== undefined) {
          const before = db.prepare('SELECT date FROM prices WHERE universe = ? AND ticker = ?').pluck().all(universe, ticker) as string[];
          const after = new Set(bars.map((bar) => bar.date));
          for (const date of before) if (!after.has(date)) deletes.push({ ticker, date });
          for (const bar of bars) writes.push({ ticker, bar });
          next.replace(ticker, before, [...after]);
          changedTickers.add(ticker);
          continue;
        }
        const added: string[] = [];
        const written = writes.length;
        for (const bar of bars) {
          if (span === undefined || bar.date > span.last) {
            added.push(bar.date);
            writes.push({ ticker, bar });
            continue;
          }
          const stored = storedPrice.get(universe, bar.date, ticker) as StoredPrice | undefined;
          if (stored === undefined) added.push(bar.date);
          if (stored === undefined || differs(stored, bar)) writes.push({ ticker, bar });
        }
        next.add(ticker, added);
        if (writes.length > written) changedTickers.add(ticker);
      }

      const members = batch.members.map((member) => mergedMember(db, universe, member)).filter((merged) => merged.changed);
      const storedClose = db.prepare('SELECT close FROM index_closes WHERE universe = ? AND date = ?').pluck();
      const indexWrites = batch.indexCloses.filter(({ date, close }) => {
        const stored = storedClose.get(universe, date) as number | undefined;
        return stored === undefined || !sameNumber(stored, close);
      });
      if (writes.length === 0 && deletes.length === 0 && members.length === 0 && indexWrites.length === 0) {
        return { rows: 0, indexRows: 0, changedTickers, revision: null, ledger: next };
      }

      if (row === undefined) db.prepare('INSERT INTO universes (name, created_at, source) VALUES (?, ?, ?)').run(universe, now, 'yahoo');
      const upsertMember = db.prepare(
        `INSERT INTO universe_members (universe, ticker, name, sector, industry, market_cap, shares_outstanding, weight)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (universe, ticker) DO UPDATE SET name = excluded.name, sector = excluded.sector, industry = excluded.industry,
           market_cap = excluded.market_cap, shares_outstanding = excluded.shares_outstanding, weight = excluded.weight`,
      );
      const upsertInstrument = db.prepare(UPSERT_INSTRUMENT);
      for (const { member: m } of members) {
        upsertMember.run(universe, m.ticker, m.name, m.sector, m.industry, m.marketCap, m.sharesOutstanding, m.weight);
        upsertInstrument.run(m.ticker, m.name, m.sector, m.industry, now);
      }
      const upsertClose = db.prepare(
        'INSERT INTO index_closes (universe, date, close) VALUES (?, ?, ?) ON CONFLICT (universe, date) DO UPDATE SET close = excluded.close',
      );
      for (const { date, close } of indexWrites) upsertClose.run(universe, date, close);

      const counts = next.counts();
      const memberCount = db.prepare('SELECT count(*) FROM universe_members WHERE universe = ?').pluck().get(universe) as number;
      const indexRows = db.prepare('SELECT count(*) FROM index_closes WHERE universe = ?').pluck().get(universe) as number;
      db.prepare(
        `UPDATE universes SET member_count = ?, ticker_count = ?, price_rows = ?, first_date = ?, last_date = ?, trading_days = ?, index_rows = ?
         WHERE name = ?`,
      ).run(memberCount, counts.tickers, counts.priceRows, counts.firstDate, counts.lastDate, counts.tradingDays, indexRows, universe);
      // the change the update trigger just recorded: the revision of every price row this batch writes
      const revision = db.prepare('SELECT max(seq) FROM sync_changes').pluck().get() as number;

      const deletePrice = db.prepare('DELETE FROM prices WHERE universe = ? AND date = ? AND ticker = ?');
      for (const { ticker, date } of deletes) deletePrice.run(universe, date, ticker);
      // An `update` tells the team database to send rows newer than its cursor; a row gone cannot be sent. A batch
      // that deleted prices (a re-fetched history that no longer lists a day) records a `replace` instead, so the
      // next sync sends the universe whole and the team database loses those rows too.
      if (deletes.length > 0) {
        db.prepare(
          `INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('universe', ?, 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
        ).run(universe);
      }
      const upsertPrice = db.prepare(
        `INSERT INTO prices (universe, date, ticker, open, high, low, close, adj_close, volume, revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (universe, date, ticker) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
           close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume, revision = excluded.revision`,
      );
      for (const { ticker, bar } of writes) {
        upsertPrice.run(universe, bar.date, ticker, bar.open, bar.high, bar.low, bar.close, bar.adjClose, bar.volume, revision);
      }
      return { rows: writes.length, indexRows: indexWrites.length, changedTickers, revision, ledger: next };
    })
    .immediate();
}

/** The member as the batch leaves it: the new facts where known, the stored ones where not; `changed` when that differs. */
function mergedMember(db: Database, universe: string, incoming: MemberRow): { member: MemberRow; changed: boolean } {
  const stored = db
    .prepare(
      `SELECT name, sector, industry, market_cap AS marketCap, shares_outstanding AS sharesOutstanding, weight
       FROM universe_members WHERE universe = ? AND ticker = ?`,
    )
    .get(universe, incoming.ticker) as Omit<MemberRow, 'ticker'> | undefined;
  if (stored === undefined) return { member: incoming, changed: true };
  const member: MemberRow = {
    ticker: incoming.ticker,
    name: incoming.name ?? stored.name,
    sector: incoming.sector ?? stored.sector,
    industry: incoming.industry ?? stored.industry,
    marketCap: incoming.marketCap ?? stored.marketCap,
    sharesOutstanding: incoming.sharesOutstanding ?? stored.sharesOutstanding,
    weight: incoming.weight ?? stored.weight,
  };
  const changed = (['name', 'sector', 'industry', 'marketCap', 'sharesOutstanding', 'weight'] as const).some((field) => member[field] !== stored[field]);
  return { member, changed };
}

function differs(stored: StoredPrice, bar: DailyBar): boolean {
  return (
    !sameNumber(stored.close, bar.close) ||
    !sameNumber(stored.adj_close, bar.adjClose) ||
    !sameNumber(stored.open, bar.open) ||
    !sameNumber(stored.high, bar.high) ||
    !sameNumber(stored.low, bar.low) ||
    stored.volume !== bar.volume
  );
}

/** Equal to a part in a billion: a value stored is read back as it was written, so this only absorbs float noise. */
function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
