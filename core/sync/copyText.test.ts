import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyChunks, copyRow, type CopyValue } from './copyText.ts';
import { copyLineSql } from './copyTextSql.ts';
import { createScratchDatabase } from './testing/scratchDatabase.ts';

/** Text a COPY must carry unchanged: every escape of the text format, and what looks like one. */
const TEXTS = ['plain', 'tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', '\\N', '\\t literally', '', 'é 😀 ü', 'trailing\\'];
/** Doubles whose decimal must read back to the same bits: the shortest forms, extremes, subnormals, exponents. */
const DOUBLES = [0.1 + 0.2, 1 / 3, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e21, 1e-7, 100, 123456789.123, 24.13212, -4.826069, 36.48];

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  await client.query('CREATE TABLE sample (store_id text, k integer, t text, f double precision, i bigint, b boolean)');
});

afterAll(async () => {
  await client?.end();
  await scratch?.drop();
});

/** COPYs the lines and reads the rows back as PostgreSQL's text, in k order. */
async function roundTrip(lines: Iterable<string>): Promise<string[][]> {
  await client.query('TRUNCATE sample');
  let rows = 0;
  await pipeline(Readable.from(copyChunks('store', lines, (n) => (rows += n), 64)), client.query(copyFrom('COPY sample (store_id, k, t, f, i, b) FROM STDIN')));
  const result = await client.query({ text: 'SELECT store_id, t, f, i, b FROM sample ORDER BY k', rowMode: 'array', types: { getTypeParser: () => (v: string) => v } });
  expect(result.rows.length).toBe(rows);
  return result.rows as string[][];
}

const bits = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString('hex');

describe('COPY text built in JavaScript (copyRow, copyChunks)', () => {
  it('carries tabs, newlines, carriage returns, backslashes and a literal \\N unchanged, and NULL as NULL', async () => {
    const values: CopyValue[][] = [...TEXTS.map((t, k) => [k, t, 1, 1, true]), [TEXTS.length, null, null, null, null]];
    const back = await roundTrip(values.map(copyRow));
    expect(back.map((r) => r[1])).toEqual([...TEXTS, null]);
    expect(back.every((r) => r[0] === 'store')).toBe(true);
    expect(back.at(-1)).toEqual(['store', null, null, null, null]);
  });

  it('writes doubles that read back to the same bits, integers and booleans as themselves', async () => {
    const back = await roundTrip(DOUBLES.map((f, k) => copyRow([k, 'x', f, BigInt(2) ** BigInt(53) + BigInt(k), k % 2 === 0])));
    expect(back.map((r) => bits(Number(r[2])))).toEqual(DOUBLES.map(bits));
    expect(back.map((r) => r[3])).toEqual(DOUBLES.map((_, k) => (2n ** 53n + BigInt(k)).toString()));
    expect(back.map((r) => r[4])).toEqual(DOUBLES.map((_, k) => (k % 2 === 0 ? 't' : 'f')));
  });
});

describe('COPY text built by SQLite (copyLineSql)', () => {
  const db = new BetterSqlite3(':memory:');
  db.exec('CREATE TABLE sample (k INTEGER, t TEXT, f REAL, i INTEGER, b INTEGER) STRICT');
  const line = copyLineSql([['k', 'number'], ['t', 'text'], ['f', 'number'], ['i', 'number'], ['b', 'number']]);

  it('escapes text as COPY wants it, NULL as \\N', async () => {
    db.exec('DELETE FROM sample');
    const insert = db.prepare('INSERT INTO sample VALUES (?, ?, ?, ?, ?)');
    TEXTS.forEach((t, k) => insert.run(k, t, 1.5, 7, 1));
    insert.run(TEXTS.length, null, null, null, null);
    const back = await roundTrip(db.prepare(`SELECT ${line} FROM sample ORDER BY k`).pluck().all() as string[]);
    expect(back.map((r) => r[1])).toEqual([...TEXTS, null]);
    expect(back.at(-1)).toEqual(['store', null, null, null, null]);
  });

  it("renders every double SQLite holds so that PostgreSQL reads back the same bits", async () => {
    db.exec('DELETE FROM sample');
    const insert = db.prepare('INSERT INTO sample VALUES (?, ?, ?, ?, ?)');
    // deterministic doubles over 600 orders of magnitude, beside the hard cases
    const doubles = [...DOUBLES];
    let x = 0x2545f491;
    for (let k = 0; k < 20_000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      doubles.push(((x / 2 ** 32) - 0.5) * 10 ** ((k % 600) - 300));
    }
    doubles.forEach((f, k) => insert.run(k, 'x', f, 2 ** 53, 0));
    const back = await roundTrip(db.prepare(`SELECT ${line} FROM sample ORDER BY k`).pluck().all() as string[]);
    expect(back.map((r) => bits(Number(r[2])))).toEqual(doubles.map(bits));
    expect(new Set(back.map((r) => r[3]))).toEqual(new Set([String(2 ** 53)]));
  });
});
