import fs from 'node:fs';
import zlib from 'node:zlib';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { InputError } from '../errors.ts';

/** The columns a file format needs and the ones it reads when present; any other column is ignored. */
export interface ColumnSpec<Required extends string, Optional extends string> {
  required: readonly Required[];
  optional: readonly Optional[];
}

/** Position of each column in the header; -1 for an optional column the file does not have. */
export type ColumnPositions<Name extends string> = Record<Name, number>;

/** Handles one data record; `line` is the file line the record ends on (1 is the header). */
export type RecordHandler = (record: string[], line: number) => void;

const gzipMagic = [0x1f, 0x8b];

/**
 * Streams a CSV file, plain or gzip (told apart by its first two bytes, not its name), record by record
 * as arrays of strings: never the whole file in memory. The header is matched to `spec` first, then
 * `startRecords(columns)` gives the handler for the data records. A throw from the handler stops the
 * stream and rejects with that error. A missing, empty, header-only or malformed file is an InputError.
 * Resolves with the number of data records.
 */
export function streamCsv<Required extends string, Optional extends string>(
  file: string,
  spec: ColumnSpec<Required, Optional>,
  startRecords: (columns: ColumnPositions<Required | Optional>) => RecordHandler,
): Promise<number> {
  const { compressed } = checkCsvFile(file);
  return new Promise((resolve, reject) => {
    const source = fs.createReadStream(file);
    const parser = parse({ bom: true, skip_empty_lines: true });
    const stages: (Readable | Transform)[] = compressed ? [source, zlib.createGunzip(), parser] : [source, parser];
    let handle: RecordHandler | undefined;
    let records = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      for (const stage of stages) stage.destroy();
      reject(error);
    };
    // Records are handled synchronously inside the parser's push, so parser.info.lines is the line of
    // the record at hand (and the database work paces the stream).
    parser.on('data', (record: string[]) => {
      if (settled) return;
      try {
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
      resolve(records);
    });
  });
}

/**
 * Fails fast, before any work, when the file cannot be read: missing, a directory, or empty.
 * Returns whether it starts with the gzip magic bytes.
 */
export function checkCsvFile(file: string): { compressed: boolean } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot open the file (${code ?? String(error)})`, { file });
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) throw new InputError('is a directory, not a file', { file });
    const head = Buffer.alloc(2);
    const read = fs.readSync(fd, head, 0, 2, 0);
    if (read === 0) throw new InputError('the file is empty', { file });
    return { compressed: read === 2 && head[0] === gzipMagic[0] && head[1] === gzipMagic[1] };
  } finally {
    fs.closeSync(fd);
  }
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
      throw new InputError(`missing required column ${column} (the header has: ${names.join(',')})`, {
        file,
        line: 1,
        field: column,
      });
    }
  }
  return positions;
}

function describeStreamError(file: string, error: Error, compressed: boolean): Error {
  if (error instanceof InputError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new InputError(`malformed CSV: ${error.message}`, line === undefined ? { file } : { file, line });
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (compressed && typeof code === 'string' && code.startsWith('Z_')) {
    return new InputError(`is not a readable gzip file (${error.message})`, { file });
  }
  return error;
}
