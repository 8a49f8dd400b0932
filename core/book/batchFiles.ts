import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { AccountOutcome, ClusterSummary } from '../../api/book.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { StagedDirectory } from '../export/atomicOutput.ts';
import { finite, finiteNumberCells } from '../export/finiteNumbers.ts';
import type { MappedBookAccount } from './bookMapping.ts';

/**
 * The batch's CSV files (a book of 10,000 accounts has over a million allocation and trade rows each):
 *   clusters.csv     cluster_id,key,band,accounts,min_value,max_value,band_min,band_max,max_names,min_weight,
 *                    names,tracking_error,account_minimum,below_minimum,status
 *   allocations.csv  account_id,ticker,shares,price,value,weight: a row per name held, then a CASH row
 *                    (shares empty, price 1, value the cash), so every account has at least one row
 *   trades.csv       account_id,ticker,side,shares,price,value (buy or sell, shares > 0; a name outside the
 *                    universe is sold with its price and value empty)
 *   accounts.csv     account_id,cluster_id,value,cash,names,tracking_error,trades,below_minimum,status,target,reason
 *                    (status allocated, fallback or unallocated; target: the model whose target the account holds;
 *                    reason: why it is not served by its own cluster's model, empty when it is)
 * The small files stream through csv-stringify. The two large ones are joined by hand from numbers and
 * from account ids and tickers quoted once each by csv-stringify (measured: csv-stringify's stream takes
 * 2.1 s per million rows of six fields, the hand-joined lines 0.6 s).
 * They are written into the output's staging directory, which the batch commits once run.json is there too
 * (atomicOutput.ts); every number is checked finite on its way out (finiteNumbers.ts). Answers the files' final paths.
 */
export async function writeBatchFiles(
  out: StagedDirectory,
  data: { clusters: readonly ClusterSummary[]; mapped: readonly MappedBookAccount[]; outcomes: readonly AccountOutcome[]; problem: TrackingProblem },
): Promise<string[]> {
  const { problem, mapped } = data;
  const names = { clusters: 'clusters.csv', allocations: 'allocations.csv', trades: 'trades.csv', accounts: 'accounts.csv' };
  // bands are one ladder for the book: number them by their lower edge
  const edges = [...new Set(data.clusters.map((c) => c.band.minValue))].sort((a, b) => a - b);
  await writeCsv(
    out,
    names.clusters,
    ['cluster_id', 'key', 'band', 'accounts', 'min_value', 'max_value', 'band_min', 'band_max', 'max_names', 'min_weight', 'names', 'tracking_error', 'account_minimum', 'below_minimum', 'status'],
    data.clusters.map((c) => [
      c.clusterId,
      `${c.key.strategy}|${c.key.taxStatus}|${c.key.exclude.join(';')}`,
      edges.indexOf(c.band.minValue) + 1,
      c.accounts,
      dollars(c.minValue),
      dollars(c.maxValue),
      dollars(c.band.minValue),
      dollars(c.band.maxValue),
      c.band.maxNames,
      fraction(c.band.minWeight),
      c.names,
      c.trackingError === null ? '' : fraction(c.trackingError),
      c.accountMinimum === null ? '' : dollars(c.accountMinimum),
      c.belowMinimum,
      c.solveStatus,
    ]),
  );
  const quoted = new QuotedCells();
  await writeLines(out.staged(names.allocations), ['account_id', 'ticker', 'shares', 'price', 'value', 'weight'], allocationLines(mapped, problem, quoted, out.final(names.allocations)));
  await writeLines(out.staged(names.trades), ['account_id', 'ticker', 'side', 'shares', 'price', 'value'], tradeLines(mapped, problem, quoted, out.final(names.trades)));
  await writeCsv(
    out,
    names.accounts,
    ['account_id', 'cluster_id', 'value', 'cash', 'names', 'tracking_error', 'trades', 'below_minimum', 'status', 'target', 'reason'],
    data.outcomes.map((o) => [o.accountId, o.clusterId, dollars(o.value), dollars(o.cash), o.names, fraction(o.trackingError), o.trades, o.belowMinimum, o.status, o.target ?? '', o.reason ?? '']),
  );
  return Object.values(names).map((name) => out.final(name));
}

function* allocationLines(mapped: readonly MappedBookAccount[], problem: TrackingProblem, q: QuotedCells, file: string): Generator<string> {
  for (const m of mapped) {
    const id = q.cell(m.account.accountId);
    const { names, shares, cash } = m.allocation;
    for (let k = 0; k < names.length; k++) {
      const price = finite(problem.prices[names[k]!]!, file, 'price');
      const value = shares[k]! * price;
      yield `${id},${q.cell(problem.tickers[names[k]!]!)},${finite(shares[k]!, file, 'shares')},${price},${finite(dollars(value), file, 'value')},${finite(fraction(value / m.value), file, 'weight')}\n`;
    }
    yield `${id},CASH,,1,${finite(dollars(cash), file, 'value')},${finite(fraction(cash / m.value), file, 'weight')}\n`;
  }
}

function* tradeLines(mapped: readonly MappedBookAccount[], problem: TrackingProblem, q: QuotedCells, file: string): Generator<string> {
  for (const m of mapped) {
    const id = q.cell(m.account.accountId);
    for (const o of m.outside) yield `${id},${q.cell(o.ticker)},sell,${finite(o.shares, file, 'shares')},,\n`;
    for (const t of m.allocation.trades) {
      const price = finite(problem.prices[t.name]!, file, 'price');
      const shares = finite(Math.abs(t.shares), file, 'shares');
      yield `${id},${q.cell(problem.tickers[t.name]!)},${t.shares > 0 ? 'buy' : 'sell'},${shares},${price},${finite(dollars(shares * price), file, 'value')}\n`;
    }
  }
}

/** Text cells as csv-stringify writes them (quoted when they hold a comma, a quote or a line break), each quoted once. */
class QuotedCells {
  private readonly seen = new Map<string, string>();

  cell(text: string): string {
    let q = this.seen.get(text);
    if (q === undefined) {
      q = stringifySync([[text]]).replace(/\n$/, '');
      this.seen.set(text, q);
    }
    return q;
  }
}

/**
 * Lines to a file in 64 kB chunks. Through a pipeline, so that a full disk or a refused number (the generator
 * throws) ends the write with that error and the file closed, instead of waiting for a drain that never comes.
 */
async function writeLines(file: string, columns: string[], lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks(stringifySync([columns]), lines)), createWriteStream(file));
}

function* chunks(header: string, lines: Iterable<string>): Generator<string> {
  let buffer = header;
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 1 << 16) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}

async function writeCsv(out: StagedDirectory, name: string, columns: string[], rows: Iterable<unknown[]>): Promise<void> {
  const cast = { boolean: (b: boolean) => String(b), ...finiteNumberCells(out.final(name), columns) };
  await pipeline(Readable.from(rows), stringify({ header: true, columns, cast }), createWriteStream(out.staged(name)));
}

function dollars(v: number): number {
  return Math.round(v * 100) / 100;
}

function fraction(v: number): number {
  return Math.round(v * 1e10) / 1e10;
}
