import { createWriteStream, type WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ClusterSummary } from '../../api/book.ts';
import type { StagedDirectory } from '../export/atomicOutput.ts';
import { finiteNumberCells } from '../export/finiteNumbers.ts';
import { ACCOUNT_COLUMNS, ALLOCATION_COLUMNS, dollars, fraction, headerLine, TRADE_COLUMNS, type BatchCsvNames } from './batchCsvLines.ts';
import type { MappedChunk } from './mappedChunk.ts';

/**
 * The batch's CSV files, the three large ones streamed as the mapping hands on its chunks (a book of 100,000
 * accounts has 14 million allocation rows and as many trades: 1 GB of text, never held whole):
 *   clusters.csv     cluster_id,key,band,accounts,min_value,max_value,band_min,band_max,max_names,min_weight,
 *                    names,tracking_error,account_minimum,below_minimum,status
 *   allocations.csv, trades.csv, accounts.csv: a chunk's lines as the mapping wrote them (batchCsvLines.ts)
 * They are written into the output's staging directory, which the batch commits once run.json is there too
 * (atomicOutput.ts). A write waits for the disk to take the last one (drain): a slow disk holds the mapping back
 * rather than the text piling up in memory.
 */
export class BatchFileWriter {
  readonly names: BatchCsvNames;
  private readonly streams: { allocations: WriteStream; trades: WriteStream; accounts: WriteStream };
  private failure: Error | undefined;
  /** bytes handed to the files, and the time spent waiting for the disk to take them */
  bytes = 0;
  waitMs = 0;

  constructor(private readonly out: StagedDirectory) {
    this.names = { allocations: out.final('allocations.csv'), trades: out.final('trades.csv'), accounts: out.final('accounts.csv') };
    const open = (name: string, columns: string[]) => {
      const stream = createWriteStream(out.staged(name), { highWaterMark: 1 << 20 });
      stream.on('error', (e) => (this.failure ??= e));
      stream.write(headerLine(columns));
      return stream;
    };
    this.streams = {
      allocations: open('allocations.csv', ALLOCATION_COLUMNS),
      trades: open('trades.csv', TRADE_COLUMNS),
      accounts: open('accounts.csv', ACCOUNT_COLUMNS),
    };
  }

  /** A chunk's lines at the end of the three files. */
  async append(chunk: MappedChunk): Promise<void> {
    await this.write(this.streams.allocations, chunk.allocationsCsv);
    await this.write(this.streams.trades, chunk.tradesCsv);
    await this.write(this.streams.accounts, chunk.accountsCsv);
  }

  /** The three files closed, and clusters.csv written; answers the four files' final paths. */
  async finish(clusters: readonly ClusterSummary[]): Promise<string[]> {
    for (const stream of Object.values(this.streams)) stream.end();
    await Promise.all(Object.values(this.streams).map((stream) => finished(stream)));
    if (this.failure) throw this.failure;
    await writeClusters(this.out, clusters);
    return [this.out.final('clusters.csv'), this.names.allocations, this.names.trades, this.names.accounts];
  }

  /** The files closed without finishing them (the staging directory is discarded after). */
  abort(): void {
    for (const stream of Object.values(this.streams)) stream.destroy();
  }

  private async write(stream: WriteStream, text: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (text.length === 0) return;
    this.bytes += text.length;
    if (!stream.write(text)) {
      const started = performance.now();
      await drained(stream);
      this.waitMs += performance.now() - started;
      if (this.failure) throw this.failure;
    }
  }
}

/** Resolves when the stream takes more (drain) or will take nothing more (close, after an error), its listeners removed. */
function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

async function writeClusters(out: StagedDirectory, clusters: readonly ClusterSummary[]): Promise<void> {
  // bands are one ladder for the book: number them by their lower edge
  const edges = [...new Set(clusters.map((c) => c.band.minValue))].sort((a, b) => a - b);
  await writeCsv(
    out,
    'clusters.csv',
    ['cluster_id', 'key', 'band', 'accounts', 'min_value', 'max_value', 'band_min', 'band_max', 'max_names', 'min_weight', 'names', 'tracking_error', 'account_minimum', 'below_minimum', 'status'],
    clusters.map((c) => [
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
}

async function writeCsv(out: StagedDirectory, name: string, columns: string[], rows: Iterable<unknown[]>): Promise<void> {
  const cast = { boolean: (b: boolean) => String(b), ...finiteNumberCells(out.final(name), columns) };
  await pipeline(Readable.from(rows), stringify({ header: true, columns, cast }), createWriteStream(out.staged(name)));
}
