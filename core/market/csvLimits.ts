import { Transform } from 'node:stream';
import type { Gunzip } from 'node:zlib';
import { InputError } from '../errors.ts';

/*
 * Limits on the size of what a CSV reader takes in, so that a file that is not the CSV it should be
 * (a device, a binary, a file without line ends, a gzip bomb) fails within seconds with a message
 * instead of running for minutes and filling the memory. Real lines of every format Jessica reads
 * are under 200 bytes and 8 columns; the limits leave two orders of magnitude of room above that.
 */

/**
 * Longest line, in bytes. The parser holds a line in memory until it ends, so without this a file with
 * no line end (a binary, zeros) is read whole into one record.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Longest record, in characters of its fields: a quoted field may span lines, so a quote never closed
 * would otherwise take in the rest of the file.
 */
export const MAX_RECORD_CHARS = 64 * 1024;

/** Most fields in a record: a few hundred lets a wide export through (its other columns are ignored). */
export const MAX_FIELDS = 256;

/**
 * Most decompressed bytes per compressed byte of a gzip file. Price CSVs compress about 3:1 (the S&P 500
 * file 2.7:1) and text rarely beyond 20:1, while a gzip bomb of one repeated byte reaches about 1000:1.
 */
export const MAX_GZIP_EXPANSION = 200;

/** The expansion is judged only after this much output, so a small file's header cannot trip it. */
export const GZIP_EXPANSION_CHECKED_AFTER = 16 * 1024 * 1024;

/**
 * Most decompressed bytes of one gzip file, whatever its ratio: 16 GiB is some 200 million price rows,
 * ten times a Russell 3000 over 30 years of days.
 */
export const MAX_DECOMPRESSED_BYTES = 16 * 1024 ** 3;

const kib = (bytes: number): string => `${bytes / 1024} KiB`;

/**
 * Passes bytes through, failing at the first line longer than MAX_LINE_BYTES. Lines end at LF (and so at
 * CRLF), or at CR in a file whose first line ends in a CR alone (Excel's "CSV (Macintosh)").
 */
export function lineLengthGuard(file: string): Transform {
  let lineEnd: number | undefined;
  let lineBytes = 0;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (lineEnd === undefined && chunk.includes(10)) lineEnd = 10;
      else if (lineEnd === undefined && chunk.includes(13)) lineEnd = 13;
      let start = 0;
      for (;;) {
        const end = lineEnd === undefined ? -1 : chunk.indexOf(lineEnd, start);
        lineBytes += (end === -1 ? chunk.length : end) - start;
        if (lineBytes > MAX_LINE_BYTES) {
          return callback(
            new InputError(`line ${line} is longer than ${kib(MAX_LINE_BYTES)}: not a CSV file, or not one with line ends`, { file, line }),
          );
        }
        if (end === -1) break;
        lineBytes = 0;
        line++;
        start = end + 1;
      }
      callback(null, chunk);
    },
  });
}

/**
 * Counts what `gunzip` puts out and fails once it passes MAX_DECOMPRESSED_BYTES, or MAX_GZIP_EXPANSION
 * times the compressed bytes gunzip has taken in (after GZIP_EXPANSION_CHECKED_AFTER bytes of output).
 * Place it right after `gunzip` in the pipeline.
 */
export function gzipExpansionGuard(file: string, gunzip: Gunzip): Transform {
  let output = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      output += chunk.length;
      if (output > MAX_DECOMPRESSED_BYTES) {
        return callback(new InputError(`decompresses to more than ${MAX_DECOMPRESSED_BYTES / 1024 ** 3} GiB: too large to import`, { file }));
      }
      if (output > GZIP_EXPANSION_CHECKED_AFTER && output > MAX_GZIP_EXPANSION * gunzip.bytesWritten) {
        const ratio = Math.round(output / Math.max(1, gunzip.bytesWritten));
        return callback(
          new InputError(
            `decompresses ${ratio}:1 (more than ${MAX_GZIP_EXPANSION}:1): a gzip bomb or padding, not a CSV of data, so it is not read further`,
            { file },
          ),
        );
      }
      callback(null, chunk);
    },
  });
}
