import { stringify as stringifySync } from 'csv-stringify/sync';
import type { AccountOutcome } from '../../api/book.ts';
import { CsvBuffer } from '../export/csvBuffer.ts';
import { finite } from '../export/finiteNumbers.ts';
import type { MappedBookAccount } from './bookMapping.ts';

/**
 * The lines of the batch's three large files, written where a chunk of accounts is mapped (a pool thread, a worker
 * on another machine) so that the coordinator only appends bytes:
 *   allocations.csv  account_id,ticker,shares,price,value,weight: a row per name held, then a CASH row
 *                    (shares empty, price 1, value the cash), so every account has at least one row
 *   trades.csv       account_id,ticker,side,shares,price,value (buy or sell, shares > 0; a name outside the
 *                    universe is sold with its price and value empty)
 *   accounts.csv     account_id,cluster_id,value,cash,names,tracking_error,trades,below_minimum,status,target,reason
 * Every line is what csv-stringify writes for the same cells (numbers as String(n), booleans as true/false, a text
 * cell quoted only when it holds a comma, a quote or a line break): text cells are quoted once each and kept as
 * bytes, numbers are written by CsvBuffer. Dollars are rounded to cents and weights to 1e-10. Every number is checked
 * finite on its way out, the error naming the file and column.
 */
export const ALLOCATION_COLUMNS = ['account_id', 'ticker', 'shares', 'price', 'value', 'weight'];
export const TRADE_COLUMNS = ['account_id', 'ticker', 'side', 'shares', 'price', 'value'];
export const ACCOUNT_COLUMNS = ['account_id', 'cluster_id', 'value', 'cash', 'names', 'tracking_error', 'trades', 'below_minimum', 'status', 'target', 'reason'];

/** The files' final paths, which an error about a number names. */
export interface BatchCsvNames {
  allocations: string;
  trades: string;
  accounts: string;
}

export function headerLine(columns: readonly string[]): string {
  return stringifySync([columns]);
}

/** A text cell as csv-stringify writes it. */
export function quotedCell(text: string): string {
  return text === '' ? '' : stringifySync([[text]]).replace(/\n$/, '');
}

const COMMA = 44;
const NEWLINE = 10;

/** One chunk's lines of the three files, account after account. */
export class BatchCsvLines {
  readonly allocations = new CsvBuffer(1 << 22);
  readonly trades = new CsvBuffer(1 << 22);
  readonly accounts = new CsvBuffer(1 << 16);
  private readonly tickerCells: (Buffer | undefined)[] = [];
  private readonly priceCells: (Buffer | undefined)[] = [];
  private readonly texts = new Map<string, Buffer>();

  constructor(
    private readonly tickers: readonly string[],
    private readonly prices: ArrayLike<number>,
    private readonly files: BatchCsvNames,
  ) {}

  add(m: MappedBookAccount, outcome: AccountOutcome): void {
    const id = this.text(m.account.accountId);
    const { names, shares, cash } = m.allocation;
    const a = this.allocations;
    const file = this.files.allocations;
    for (let k = 0; k < names.length; k++) {
      const i = names[k]!;
      const value = shares[k]! * this.prices[i]!;
      a.bytes(id).char(COMMA).bytes(this.ticker(i)).char(COMMA).number(shares[k]!, file, 'shares').char(COMMA).bytes(this.price(i, file));
      a.char(COMMA).rounded(value, 2, file, 'value').char(COMMA).rounded(value / m.value, 10, file, 'weight').char(NEWLINE);
    }
    a.bytes(id).ascii(',CASH,,1,').rounded(cash, 2, file, 'value').char(COMMA).rounded(cash / m.value, 10, file, 'weight').char(NEWLINE);

    const t = this.trades;
    const tradesFile = this.files.trades;
    for (const o of m.outside) t.bytes(id).char(COMMA).bytes(this.text(o.ticker)).ascii(',sell,').number(o.shares, tradesFile, 'shares').ascii(',,\n');
    for (const trade of m.allocation.trades) {
      const price = finite(this.prices[trade.name]!, tradesFile, 'price');
      const count = Math.abs(trade.shares);
      t.bytes(id).char(COMMA).bytes(this.ticker(trade.name)).ascii(trade.shares > 0 ? ',buy,' : ',sell,').number(count, tradesFile, 'shares');
      t.char(COMMA).bytes(this.price(trade.name, tradesFile)).char(COMMA).rounded(count * price, 2, tradesFile, 'value').char(NEWLINE);
    }

    const c = this.accounts;
    const accountsFile = this.files.accounts;
    c.bytes(id).char(COMMA).bytes(this.text(outcome.clusterId)).char(COMMA).rounded(outcome.value, 2, accountsFile, 'value').char(COMMA);
    c.rounded(outcome.cash, 2, accountsFile, 'cash').char(COMMA).number(outcome.names, accountsFile, 'names').char(COMMA);
    c.rounded(outcome.trackingError, 10, accountsFile, 'tracking_error').char(COMMA).number(outcome.trades, accountsFile, 'trades').char(COMMA);
    c.ascii(outcome.belowMinimum ? 'true,' : 'false,').ascii(outcome.status).char(COMMA).bytes(this.text(outcome.target ?? '')).char(COMMA);
    c.bytes(this.text(outcome.reason ?? '')).char(NEWLINE);
  }

  private ticker(i: number): Buffer {
    return (this.tickerCells[i] ??= this.text(this.tickers[i]!));
  }

  private price(i: number, file: string): Buffer {
    return (this.priceCells[i] ??= Buffer.from(String(finite(this.prices[i]!, file, 'price')), 'latin1'));
  }

  /** A text cell quoted once and kept as bytes (an account id, a ticker, a reason: UTF-8 where it is not ASCII). */
  private text(cell: string): Buffer {
    let b = this.texts.get(cell);
    if (b === undefined) this.texts.set(cell, (b = Buffer.from(quotedCell(cell), 'utf8')));
    return b;
  }
}

/** Cents, as the small files (clusters.csv) round dollars. */
export function dollars(v: number): number {
  return Math.round(v * 100) / 100;
}

/** 1e-10, as the small files round weights and tracking errors. */
export function fraction(v: number): number {
  return Math.round(v * 1e10) / 1e10;
}
