import path from 'node:path';
import type { ImportSummary as ImportCounts } from '../../api/domain.ts';
import { Cancelled, InputError } from '../errors.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { Database } from '../store/database.ts';
import { saveRun } from '../store/runStore.ts';
import { constituentColumns, constituentRow } from './constituentRow.ts';
import { weightSumWarning } from './constituentWeights.ts';
import { checkCsvFile, streamCsv, type StreamOptions } from './csvFile.ts';
import { optionalPositive, optionalVolume, requiredPastDate, requiredPositive, requiredTicker } from './csvFields.ts';
import { latestDateNow } from './isoDate.ts';
import { MAX_INDEX_LEVEL, MAX_PRICE, MAX_VOLUME } from './plausibility.ts';
import { checkUniverseName } from './universeName.ts';
import { UniverseStaging } from './universeStaging.ts';
import { DuplicateRowError, type UniverseCounts, type UniverseWriter } from './universeWriter.ts';

export { listUniverses } from './universeCatalog.ts';

export interface ImportRequest {
  universe: string;
  /** long CSV, gzip or plain: date,ticker,close plus any of open,high,low,adj_close,volume */
  pricesFile: string;
  /** ticker plus any of name,sector,industry,market_cap,shares_outstanding,weight */
  constituentsFile?: string;
  /** date,close */
  indexFile?: string;
  /** called every PROGRESS_EVERY price rows and at the end of the prices, with the rows read so far */
  onProgress?: (rows: number) => void;
  /** stops the import at once (a cancelled job): the stream ends, the staged rows are dropped, nothing is written */
  signal?: AbortSignal;
}

/** The api's ImportSummary (rows = price rows, tickers = tickers with a price, days = distinct dates). */
export interface ImportSummary extends ImportCounts {
  /** things worth telling the user that do not stop the import */
  warnings: string[];
}

export const PROGRESS_EVERY = 100_000;

const priceColumns = {
  required: ['date', 'ticker', 'close'],
  optional: ['open', 'high', 'low', 'adj_close', 'volume'],
} as const;

const indexColumns = { required: ['date', 'close'], optional: [] } as const;

/**
 * Imports a universe from CSV files all or nothing: the files are streamed (never held in memory) into a
 * staging database of the import's own (UniverseStaging), and only when every row is good is the universe
 * replaced in the store, in one short transaction. So a bad row anywhere, or a cancel (request.signal),
 * changes no universe in the store (the run history records the attempt), re-importing a universe replaces it atomically, and other work on the
 * store's connection during the import is neither taken into the import nor held up by it.
 * Members are the constituents file's tickers, or every priced ticker when there is none.
 *
 * The import is stored as a run of kind `import` (its spans: `load` with the prices, members and index read into
 * the staging database, then `publish` with the staging transaction's commit and the universe replaced in the
 * store); a failed or cancelled import as a run with status `failed` or `cancelled`, though nothing of the universe
 * was written. Arguments refused before any work (a bad name, a missing file) store nothing.
 */
export async function importUniverse(db: Database, request: ImportRequest): Promise<ImportSummary> {
  const started = performance.now();
  const { universe, pricesFile, constituentsFile, indexFile, onProgress, signal } = request;
  const cancelled = (): Cancelled => new Cancelled(`the import of ${universe} was cancelled: nothing was written`);
  const checkCancel = (): void => {
    if (signal?.aborted) throw cancelled();
  };
  checkUniverseName(universe);
  for (const file of [pricesFile, constituentsFile, indexFile]) if (file !== undefined) checkCsvFile(file);
  checkCancel();
  const options = { universe, pricesFile, ...(constituentsFile !== undefined ? { constituentsFile } : {}), ...(indexFile !== undefined ? { indexFile } : {}) };
  const job = { kind: 'import', universe, options, stageMessages: {}, storeFailures: true };
  return recordedJob(db, job, {}, async (rec) => {
    const stream: StreamOptions = { signal, cancelled };
    // one date for the whole import, so a run past midnight judges every row alike
    const latest = latestDateNow();
    const staging = UniverseStaging.open(db, universe, path.resolve(pricesFile));
    const { writer } = staging;
    try {
      const warnings: string[] = [];
      await rec.span('load', async () => {
        const rows = await rec.span('prices', () => loadPrices(writer, pricesFile, latest, onProgress, stream), { file: path.basename(pricesFile) });
        rec.annotate('prices', { rows, tickers: writer.pricedTickers().length });
        checkCancel();
        if (constituentsFile === undefined) {
          const priced = writer.pricedTickers();
          rec.spanSync('members', () => {
            for (const ticker of priced) {
              writer.addMember({ ticker, name: null, sector: null, industry: null, marketCap: null, sharesOutstanding: null, weight: null });
            }
          }, { from: 'the priced tickers', members: priced.length });
        } else {
          const { members, weightWarning } = await rec.span('constituents', () => loadConstituents(writer, constituentsFile, pricesFile, stream), { file: path.basename(constituentsFile) });
          rec.annotate('constituents', { members: members.size });
          const unlisted = writer.pricedTickers().filter((ticker) => !members.has(ticker));
          if (unlisted.length > 0) {
            warnings.push(
              `${unlisted.length} tickers have prices but are not in ${path.basename(constituentsFile)}, so they are not members: ` +
                `${unlisted.slice(0, 10).join(', ')}${unlisted.length > 10 ? ', ...' : ''}`,
            );
          }
          if (weightWarning !== null) warnings.push(weightWarning);
        }
        checkCancel();
        if (indexFile !== undefined) {
          const indexRows = await rec.span('index', () => loadIndex(writer, indexFile, latest, stream), { file: path.basename(indexFile) });
          rec.annotate('index', { rows: indexRows });
        }
      });
      checkCancel();
      const counts = await rec.span('publish', () => staging.publish((name, work) => rec.spanSync(name, work)));
      rec.annotate('publish', { priceRows: counts.priceRows, members: counts.members, indexRows: counts.indexRows });
      const summary = summarize(universe, counts, warnings, started);
      saveRun(db, { kind: 'import', status: 'done', universe, options, result: summary, machine: runEnvironment(), spans: rec.spans, samples: rec.samples });
      return summary;
    } finally {
      staging.discard();
    }
  });
}

async function loadPrices(
  writer: UniverseWriter,
  file: string,
  latest: string,
  onProgress: ((rows: number) => void) | undefined,
  stream: StreamOptions,
): Promise<number> {
  let rows = 0;
  await streamCsv(
    file,
    priceColumns,
    (column) => {
      // The files are sorted by date, so a date is checked once per run of equal dates, not once per row,
      // and a ticker once per import.
      let checkedDate = '';
      const checkedTickers = new Set<string>();
      return (record, line) => {
        let date = record[column.date]!;
        if (date !== checkedDate) {
          date = requiredPastDate(date, file, line, 'date', latest);
          checkedDate = date;
        }
        let ticker = record[column.ticker]!;
        if (!checkedTickers.has(ticker)) {
          ticker = requiredTicker(ticker, file, line, 'ticker');
          checkedTickers.add(ticker);
        }
        const close = requiredPositive(record[column.close], file, line, 'close', MAX_PRICE);
        const open = column.open < 0 ? null : optionalPositive(record[column.open], file, line, 'open', MAX_PRICE);
        const high = column.high < 0 ? null : optionalPositive(record[column.high], file, line, 'high', MAX_PRICE);
        const low = column.low < 0 ? null : optionalPositive(record[column.low], file, line, 'low', MAX_PRICE);
        const adjClose = column.adj_close < 0 ? null : optionalPositive(record[column.adj_close], file, line, 'adj_close', MAX_PRICE);
        const volume = column.volume < 0 ? null : optionalVolume(record[column.volume], file, line, 'volume', MAX_VOLUME);
        try {
          writer.addPrice(date, ticker, open, high, low, close, adjClose, volume);
        } catch (error) {
          throw asInputError(error, file, line, 'ticker');
        }
        rows++;
        if (onProgress !== undefined && rows % PROGRESS_EVERY === 0) onProgress(rows);
      };
    },
    stream,
  );
  onProgress?.(rows);
  return rows;
}

/** Returns the member tickers, and a warning when the weights sum far from 1. */
async function loadConstituents(
  writer: UniverseWriter,
  file: string,
  pricesFile: string,
  stream: StreamOptions,
): Promise<{ members: Set<string>; weightWarning: string | null }> {
  const members = new Set<string>();
  let weightSum = 0;
  let weighted = 0;
  await streamCsv(
    file,
    constituentColumns,
    (column) => (record, line) => {
      const ticker = requiredTicker(record[column.ticker], file, line, 'ticker');
      if (!writer.hasPrices(ticker)) {
        throw new InputError(`ticker ${ticker} has no prices in ${path.basename(pricesFile)}`, { file, line, field: 'ticker' });
      }
      const member = constituentRow(ticker, record, column, file, line);
      try {
        writer.addMember(member);
      } catch (error) {
        throw asInputError(error, file, line, 'ticker');
      }
      members.add(ticker);
      if (member.weight !== null) {
        weightSum += member.weight;
        weighted++;
      }
    },
    stream,
  );
  return { members, weightWarning: weightSumWarning(file, weightSum, weighted, members.size) };
}

/** Answers the closes read. */
async function loadIndex(writer: UniverseWriter, file: string, latest: string, stream: StreamOptions): Promise<number> {
  let rows = 0;
  await streamCsv(
    file,
    indexColumns,
    (column) => (record, line) => {
      const date = requiredPastDate(record[column.date], file, line, 'date', latest);
      const close = requiredPositive(record[column.close], file, line, 'close', MAX_INDEX_LEVEL);
      try {
        writer.addIndexClose(date, close);
      } catch (error) {
        throw asInputError(error, file, line, 'date');
      }
      rows++;
    },
    stream,
  );
  return rows;
}

function asInputError(error: unknown, file: string, line: number, field: string): unknown {
  return error instanceof DuplicateRowError ? new InputError(`duplicate row: ${error.message}`, { file, line, field }) : error;
}

function summarize(universe: string, counts: UniverseCounts, warnings: string[], started: number): ImportSummary {
  return {
    universe,
    rows: counts.priceRows,
    tickers: counts.tickers,
    firstDate: counts.firstDate!,
    lastDate: counts.lastDate!,
    days: counts.tradingDays,
    members: counts.members,
    indexRows: counts.indexRows,
    seconds: (performance.now() - started) / 1000,
    warnings,
  };
}
