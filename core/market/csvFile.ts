import fs from 'node:fs';
import zlib from 'node:zlib';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { Cancelled, InputError } from '../errors.ts';
import { quoted } from '../quotedText.ts';
import { gzipExpansionGuard, lineLengthGuard, MAX_FIELDS, MAX_RECORD_CHARS } from './csvLimits.ts';

/** The columns a file format needs and the ones it reads when present; any other column is ignored. */
export interface ColumnSpec<Required extends string, Optional extends string> {
  required: readonly Required[];
  optional: readonly Optional[];
}

/** Position of each column in the header; -1 for an optional column the file does not have. */
export type ColumnPositions<Name extends string> = Record<Name, number>;

/** Handles one data record; `line` is the file line the record ends on (1 is the header). */
export type RecordHandler = (record: string[], line: number) => void;

export interface StreamOptions {
  /** stops the stream at once when aborted (a cancelled job), rejecting with `cancelled()` */
  signal?: AbortSignal | undefined;
  /** the error a cancel rejects with; a plain Cancelled by default */
  cancelled?: () => Error;
}

const gzipMagic = [0x1f, 0x8b];

/**
 * Streams a CSV file, plain or gzip (told apart by its first two bytes, not its name), record by record
 * as arrays of strings: never the whole file in memory. The header is matched to `spec` first, then
 * `startRecords(columns)` gives the handler for the data records. A throw from the handler stops the
 * stream and rejects with that error. A missing, empty, header-only or malformed file, and one beyond
 * the limits of csvLimits.ts (a line, a record, fields, a gzip's expansion), is an InputError; an abort
 * of `options.signal` stops it at once. Resolves with the number of data records.
 * No message quotes more of the file than its header's names or a bad row's field, escaped (quotedText.ts).
 */
export function streamCsv<Required extends string, Optional extends string>(
  file: string,
  spec: ColumnSpec<Required, Optional>,
  startRecords: (columns: ColumnPositions<Required | Optional>) => RecordHandler,
  options: StreamOptions = {},
): Promise<number> {
  const { compressed } = checkCsvFile(file);
  const { signal } = options;
  return new Promise((resolve, reject) => {
    const source = fs.createReadStream(file);
    const parser = parse({ bom: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS });
    const stages: (Readable | Transform)[] = [source];
    if (compressed) {
      const gunzip = zlib.createGunzip();
      stages.push(gunzip, gzipExpansionGuard(file, gunzip));
    }
    stages.push(lineLengthGuard(file), parser);
    let handle: RecordHandler | undefined;
    let records = 0;
    let settled = false;
    const onAbort = (): void => fail(options.cancelled?.() ?? new Cancelled());
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const stage of stages) stage.destroy();
      reject(error);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Records are handled synchronously inside the parser's push, so parser.info.lines is the line of
    // the record at hand (and the database work paces the stream).
    parser.on('data', (record: string[]) => {
      if (settled) return;
      try {
        if (record.length > MAX_FIELDS) {
          throw new InputError(`the row has ${record.length} fields, more than ${MAX_FIELDS}: not a CSV file of this kind`, {
            file,
            line: parser.info.lines,
          });
        }
        if (handle === undefined) {
          handle = startRecords(locateColumns(file, record, spec));
          return;
        }
        records++;
        handle(record, parser.info.lines);
      } catch (error) {
        fail(error);
      }
    });
    pipeline(stages, (error) => {
      if (settled) return;
      if (error) return fail(describeStreamError(file, error, compressed));
      if (handle === undefined) return fail(new InputError('the file is empty', { file }));
      if (records === 0) return fail(new InputError('the file has a header but no data rows', { file, line: 2 }));
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(records);
    });
  });
}

/**
 * Fails fast, before any work, when the file cannot be read: missing, empty, a directory, or not a
 * regular file (a device such as /dev/zero never ends, and a pipe would block here and lose the bytes
 * read to sniff it). Returns whether it starts with the gzip magic bytes.
 */
export function checkCsvFile(file: string): { compressed: boolean } {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    throw cannotOpen(file, error);
  }
  if (stats.isDirectory()) throw new InputError('is a directory, not a file', { file });
  if (!stats.isFile()) throw new InputError('is not a regular file (a device, pipe or socket): save the data to a file and import that', { file });
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw cannotOpen(file, error);
  }
  try {
    const head = Buffer.alloc(2);
    const read = fs.readSync(fd, head, 0, 2, 0);
    if (read === 0) throw new InputError('the file is empty', { file });
    return { compressed: read === 2 && head[0] === gzipMagic[0] && head[1] === gzipMagic[1] };
  } finally {
    fs.closeSync(fd);
  }
}

function cannotOpen(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(code === 'ENOENT' ? 'file not found' : `cannot open the file (${code ?? String(error)})`, { file });
}

/** Header names are matched without regard to case, surrounding spaces, or spaces versus underscores. */
function locateColumns<Required extends string, Optional extends string>(
  file: string,
  header: string[],
  spec: ColumnSpec<Required, Optional>,
): ColumnPositions<Required | Optional> {
  const names = header.map((name) => name.trim().toLowerCase().replace(/\s+/g, '_'));
  const positions = {} as ColumnPositions<Required | Optional>;
  for (const column of [...spec.required, ...spec.optional]) {
    const first = names.indexOf(column);
    if (first !== -1 && names.indexOf(column, first + 1) !== -1) {
      throw new InputError(`column ${column} appears twice in the header`, { file, line: 1, field: column });
    }
    positions[column] = first;
  }
  for (const column of spec.required) {
    if (positions[column] === -1) {
      // the header's names only, escaped and cut short: the first line of a file that is not a CSV may hold anything
      throw new InputError(`missing required column ${column} (the header has: ${quoted(names.join(','))})`, {
        file,
        line: 1,
        field: column,
      });
    }
  }
  return positions;
}

/**
 * The stream's error in Jessica's words. csv-parse's own messages can quote a field of the file
 * (an opening quote's field, the record at hand), so they are never passed on: only its code and line.
 */
function describeStreamError(file: string, error: Error, compressed: boolean): Error {
  if (error instanceof InputError) return error;
  if (error instanceof CsvError) {
    const { lines, record } = error as CsvError & { lines?: number; record?: unknown };
    const where = lines === undefined ? { file } : { file, line: lines };
    return new InputError(`malformed CSV: ${csvProblem(error.code, Array.isArray(record) ? record.length : undefined)}`, where);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (compressed && typeof code === 'string' && code.startsWith('Z_')) {
    return new InputError(`is not a readable gzip file (${error.message})`, { file });
  }
  return error;
}

function csvProblem(code: string, fields: number | undefined): string {
  switch (code) {
    case 'CSV_MAX_RECORD_SIZE':
      return `a record is longer than ${MAX_RECORD_CHARS / 1024} KiB (a quote never closed, or not a CSV file)`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote is opened and never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a closing quote is followed by more text where a comma or a line end should be';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote in the middle of a field (a field with a quote must be quoted whole, its quotes doubled)';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `the row has ${fields === undefined ? 'another number of' : fields} fields, not as many as the header`;
    default:
      return `unreadable (${code})`;
  }
}
