import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../errors.ts';
import { quoted } from '../../quotedText.ts';
import { checkCsvFile } from '../csvFile.ts';
import { optionalLabel, optionalNonNegative } from '../csvFields.ts';
import { MAX_RECORD_CHARS } from '../csvLimits.ts';
import { MAX_MEMBER_WEIGHT, MAX_NAME_LENGTH, MAX_PRICE, type Ceiling } from '../plausibility.ts';
import { tickerProblem } from '../tickerSymbol.ts';
import { identifyFund, type IsharesFund } from './isharesFunds.ts';
import { yahooSymbol } from './yahooSymbols.ts';

/** A stock the fund holds, under its Yahoo symbol. */
export interface Holding {
  /** the Yahoo symbol (BRK-B) */
  ticker: string;
  /** the ticker as iShares wrote it (BRKB) */
  isharesTicker: string;
  name: string | null;
  sector: string | null;
  /** the fund's weight in it, as a fraction (the file's `Weight (%)` / 100) */
  weight: number | null;
  /** the file's line */
  line: number;
}

/** A row that is not a listed stock: cash, a future, a money-market fund, a right, an unlisted or untraded line. */
export interface LeftOutRow {
  line: number;
  ticker: string;
  name: string | null;
  reason: string;
}

export interface IsharesHoldings {
  /** the fund, when its holdings file names one Jessica knows (IVV, IWM, …) */
  fund: IsharesFund | null;
  /** the first line of the file: the fund's name */
  fundName: string;
  /** `Fund Holdings as of`, yyyy-mm-dd */
  asOf: string | null;
  holdings: Holding[];
  leftOut: LeftOutRow[];
  warnings: string[];
}

/** The largest holdings file read: a Russell 3000 fund's is under 1 MB. */
export const MAX_HOLDINGS_BYTES = 16 * 1024 * 1024;

/** The header is within the first lines: the fund's name, the as-of date and a few facts come first. */
const HEADER_WITHIN_LINES = 40;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads an iShares holdings download in iShares' own layout:
 *
 *     iShares Russell 2000 ETF
 *     Fund Holdings as of,"Apr 10, 2026"
 *     Inception Date,"May 22, 2000"
 *     Shares Outstanding,"280,200,000.00"
 *     Stock,"-"  … Bond, Cash, Other …
 *     (a line holding one space)
 *     Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,…
 *     "BE","BLOOM ENERGY CLASS A CORP","Industrials","Equity","860,855,470.00","1.18",…
 *     …
 *     (a line holding one space)
 *     "The content contained herein is owned or licensed by BlackRock … (a disclaimer of many lines)
 *
 * Older downloads order the columns otherwise (`Ticker,Name,Asset Class,Weight (%),Price,Shares,…`), have no blank
 * line before the header, and end their rows with one of empty fields: columns are found by name, and the holdings
 * end at the first blank or empty row. Numbers carry thousands separators and `-` for none. Rows that are not a
 * listed stock are left out and listed with the reason, never an error; a malformed row is, naming its line and field.
 */
export function readIsharesHoldings(file: string): IsharesHoldings {
  const text = readText(file);
  const lines = text.split(/\r\n|\n|\r/);
  const headerIndex = lines.slice(0, HEADER_WITHIN_LINES).findIndex((line) => /^\s*"?ticker"?\s*,/i.test(line));
  if (headerIndex === -1) {
    throw new InputError(
      `no header line starting with Ticker in its first ${HEADER_WITHIN_LINES} lines: not an iShares holdings download ` +
        `(the first line is ${quoted(lines[0] ?? '')})`,
      { file, line: 1 },
    );
  }
  let end = headerIndex + 1;
  while (end < lines.length && lines[end]!.trim() !== '') end++;
  const facts = headerFacts(lines.slice(0, headerIndex));
  const records = parseBlock(file, lines.slice(headerIndex, end).join('\n'), headerIndex);
  const header = records[0]!.fields.map((name) => name.trim().toLowerCase());
  const column = (...names: string[]): number => header.findIndex((name) => names.includes(name));
  const at = {
    ticker: column('ticker'),
    name: column('name'),
    sector: column('sector'),
    assetClass: column('asset class'),
    weight: column('weight (%)', 'weight'),
    exchange: column('exchange'),
    price: column('price'),
  };
  for (const [field, label] of [
    ['name', 'Name'],
    ['assetClass', 'Asset Class'],
    ['weight', 'Weight (%)'],
  ] as const) {
    if (at[field] === -1) {
      throw new InputError(`missing column ${label} (the header has: ${quoted(header.join(','))})`, { file, line: headerIndex + 1, field: label });
    }
  }

  const holdings = new Map<string, Holding>();
  const leftOut: LeftOutRow[] = [];
  const warnings: string[] = [];
  for (const { fields, line } of records.slice(1)) {
    // older downloads end their rows with one of empty fields
    if (fields.every((field) => field.trim() === '')) break;
    const cell = (position: number): string | undefined => (position < 0 ? undefined : fields[position]?.trim());
    const written = cell(at.ticker) ?? '';
    const name = optionalLabel(dash(cell(at.name)), file, line, 'Name', MAX_NAME_LENGTH);
    const assetClass = cell(at.assetClass) ?? '';
    const leave = (reason: string): void => void leftOut.push({ line, ticker: written, name, reason });
    if (assetClass.toLowerCase() !== 'equity') {
      leave(assetClass === '' ? 'no asset class' : assetClass);
      continue;
    }
    if (written === '' || written === '-') {
      leave('no ticker: not listed');
      continue;
    }
    if (/no market|unlisted/i.test(cell(at.exchange) ?? '')) {
      leave('not listed on an exchange');
      continue;
    }
    const price = at.price < 0 ? null : number(cell(at.price), file, line, 'Price', MAX_PRICE);
    if (price !== null && price === 0) {
      leave('no price: not traded');
      continue;
    }
    const ticker = yahooSymbol(written, name);
    if (tickerProblem(ticker) !== null) {
      leave('not a share listed under a ticker (a right or warrant)');
      continue;
    }
    const percent = number(cell(at.weight), file, line, 'Weight (%)', MAX_MEMBER_WEIGHT);
    const weight = percent === null ? null : percent / 100;
    const sector = optionalLabel(dash(cell(at.sector)), file, line, 'Sector', MAX_NAME_LENGTH);
    const held = holdings.get(ticker);
    if (held !== undefined) {
      // two lines of one stock (lots held apart): one member, its weights added
      held.weight = held.weight === null || weight === null ? (held.weight ?? weight) : held.weight + weight;
      warnings.push(`${path.basename(file)} lists ${ticker} twice (lines ${held.line} and ${line}): taken as one member, its weights added`);
      continue;
    }
    holdings.set(ticker, { ticker, isharesTicker: written, name, sector, weight, line });
  }
  if (holdings.size === 0) {
    throw new InputError(`no listed stock among its ${records.length - 1} rows (${leftOut.length} left out: cash, futures, unlisted)`, {
      file,
      line: headerIndex + 2,
    });
  }
  return { fund: identifyFund(lines[0] ?? '', path.basename(file)), fundName: lines[0]!.replace(/^\ufeff/, '').trim(), asOf: facts.asOf, holdings: [...holdings.values()], leftOut, warnings };
}

function readText(file: string): string {
  const { compressed } = checkCsvFile(file);
  const size = fs.statSync(file).size;
  if (size > MAX_HOLDINGS_BYTES) {
    throw new InputError(`is ${(size / 1024 ** 2).toFixed(0)} MB, more than a holdings file's ${MAX_HOLDINGS_BYTES / 1024 ** 2} MB: not an iShares holdings download`, { file });
  }
  const bytes = fs.readFileSync(file);
  if (!compressed) return bytes.toString('utf8');
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: MAX_HOLDINGS_BYTES }).toString('utf8');
  } catch (error) {
    throw new InputError(`is not a readable gzip file of at most ${MAX_HOLDINGS_BYTES / 1024 ** 2} MB (${(error as Error).message})`, { file });
  }
}

/** The `key,"value"` lines above the header: only the as-of date is used. */
function headerFacts(lines: string[]): { asOf: string | null } {
  for (const line of lines) {
    const match = /^\s*"?fund holdings as of"?\s*,\s*"?([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})"?/i.exec(line);
    if (match === null) continue;
    const month = MONTHS.indexOf(match[1]!.toLowerCase());
    if (month === -1) return { asOf: null };
    return { asOf: `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[2]!.padStart(2, '0')}` };
  }
  return { asOf: null };
}

/** The header and the holdings, parsed by csv-parse; `first` is the header's index among the file's lines. */
function parseBlock(file: string, block: string, first: number): { fields: string[]; line: number }[] {
  try {
    const rows = parse(block, { bom: true, relax_column_count: true, max_record_size: MAX_RECORD_CHARS, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return rows.map(({ record, info }) => ({ fields: record, line: first + info.lines }));
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV (${(error as { code?: string }).code ?? 'unreadable'})`, lines === undefined ? { file } : { file, line: first + lines });
  }
}

/** iShares writes `-` for a value it does not have. */
function dash(text: string | undefined): string | undefined {
  return text === '-' ? undefined : text;
}

/** A number as iShares writes it: `1,234.56`, or `-` for none. */
function number(text: string | undefined, file: string, line: number, field: string, ceiling: Ceiling): number | null {
  const value = dash(text);
  if (value === undefined || value === '') return null;
  const plain = /^\d{1,3}(,\d{3})+(\.\d*)?$/.test(value) ? value.replaceAll(',', '') : value;
  return optionalNonNegative(plain, file, line, field, ceiling);
}
