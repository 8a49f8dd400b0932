import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { ApiError } from '../../api/envelope.ts';

/** What stands in an error for a value taken out of a file. */
export const REDACTED = '…';

/** A file's data lines up to this many bytes are all looked at; beyond it, only the lines the error names. */
const WHOLE_FILE_BYTES = 1024 * 1024;

/** Shorter values say nothing about a file a reader could not already guess (and would blot out words). */
const MIN_VALUE_LENGTH = 3;

/** Lines around each line an error names: a quoted record may span lines, and parsers count them differently. */
const LINES_BEFORE = 2;
const LINES_AFTER = 1;

const lineMention = /\bline (\d+)\b/g;
const lineNumber = /\bline \d+\b/;

/**
 * Defence in depth for the app's shells: an error about a file the page had the core read may name the
 * file, its header (the columns) and line numbers, never a value from a data line. The readers are meant
 * not to quote data lines; this checks what actually leaves: every value of the data lines the error
 * names (or of the whole file, when it is small) is blotted out of its message and details. Only errors
 * pay for it, with one read of each file up to the furthest line named.
 */
export async function withoutFileData(error: ApiError, files: readonly string[]): Promise<ApiError> {
  if (files.length === 0) return error;
  const lines = namedLines(error);
  const values = new Set<string>();
  for (const file of files) for (const value of await dataValues(file, lines)) values.add(value);
  const texts = [error.message, ...stringsIn(error.details)];
  const shown = [...values].filter((value) => texts.some((text) => text.includes(value))).sort((a, b) => b.length - a.length);
  if (shown.length === 0) return error;
  const kept = [...files, ...(error.where?.file === undefined ? [] : [error.where.file])];
  const redact = (text: string) => redacted(text, shown, kept);
  return {
    ...error,
    message: redact(error.message),
    ...(error.details === undefined ? {} : { details: mapStrings(error.details, redact) }),
  };
}

/** The data lines (2 and on) an error points at, with the lines around each. */
function namedLines(error: ApiError): Set<number> {
  const named = [...error.message.matchAll(lineMention)].map((m) => Number(m[1]));
  if (error.where?.line !== undefined) named.push(error.where.line);
  const lines = new Set<number>();
  for (const line of named) for (let n = Math.max(2, line - LINES_BEFORE); n <= line + LINES_AFTER; n++) lines.add(n);
  return lines;
}

async function dataValues(file: string, lines: ReadonlySet<number>): Promise<Set<string>> {
  const values = new Set<string>();
  const header = new Set<string>();
  const last = Math.max(0, ...lines);
  let bytes = 0;
  let number = 0;
  let reader: readline.Interface | undefined;
  try {
    reader = readline.createInterface({ input: await openText(file), crlfDelay: Infinity });
    for await (const line of reader) {
      number++;
      bytes += Buffer.byteLength(line) + 1;
      if (number === 1) {
        for (const cell of cells(line)) header.add(cell);
      } else if (bytes <= WHOLE_FILE_BYTES || lines.has(number)) {
        for (const value of [line.trim(), ...cells(line)]) if (value.length >= MIN_VALUE_LENGTH && !header.has(value)) values.add(value);
      }
      if (bytes > WHOLE_FILE_BYTES && number >= last) break;
    }
  } catch {
    // a file that cannot be read (now) gave the core nothing more than what was read so far
  } finally {
    reader?.close();
  }
  return values;
}

/** The file as text, gunzipped when it starts with gzip's magic bytes (as the CSV readers tell it). */
async function openText(file: string): Promise<Readable> {
  const handle = await fs.promises.open(file, 'r');
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const source = fs.createReadStream(file);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return source;
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  return source.pipe(gunzip);
}

/** A line's fields, split on the usual delimiters outside double quotes, quotes and spaces stripped. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = !quoted;
    } else if (!quoted && (c === ',' || c === ';' || c === '\t' || c === '|')) {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  // a value holding a delimiter in quotes is also looked for by its parts
  return [...out, ...out.flatMap((value) => value.split(/[,;\t|]/).map((part) => part.trim()))];
}

/** `text` with every shown value blotted out, except inside the names of the files and the line numbers. */
function redacted(text: string, shown: readonly string[], kept: readonly string[]): string {
  const keptParts = new RegExp(`(${[...kept.map(escapeRegExp), lineNumber.source].join('|')})`, 'g');
  const values = new RegExp(shown.map(escapeRegExp).join('|'), 'g');
  return text
    .split(keptParts)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(values, REDACTED)))
    .join('');
}

function stringsIn(value: unknown): string[] {
  const found: string[] = [];
  mapStrings(value, (text) => {
    found.push(text);
    return text;
  });
  return found;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
