import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAccountBook } from '../accounts/accountBook.ts';
import { InputError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { importUniverse } from './priceImport.ts';

// A message quotes a file's header names or one of its fields, escaped and cut short: never raw control
// characters, and never the content of data lines.

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-messages-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function importError(pricesFile: string): Promise<InputError> {
  const error = await importUniverse(db, { universe: 'u', pricesFile }).then(
    () => new Error('the import succeeded'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** No C0 or C1 control character, nor DEL or bidi override, raw in the text. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this test is for
const noRawControls = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;

describe('messages that quote a file', () => {
  it('a header with terminal escapes: its names escaped, never raw', async () => {
    const file = write('evil.csv', 'date,\u001b[2J\u001b[31mticker\u202e,close_\u0007\n2021-01-04,AAA,1\n');
    const error = await importError(file);
    expect(error.where).toEqual({ file, line: 1, field: 'ticker' });
    expect(error.message).toBe(`${file} line 1, field ticker: missing required column ticker (the header has: "date,\\x1b[2j\\x1b[31mticker\\u202e,close_\\x07")`);
    expect(error.message).toMatch(noRawControls);
  });

  it('/etc/passwd as prices: names the header, cut short, and none of the lines after it', async () => {
    const passwd = ['root:x:0:0:root:/root:/bin/bash', 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin', 'alice:x:1000:1000:Alice Secret,,,:/home/alice:/bin/bash'];
    const file = write('passwd', `${passwd.join('\n')}\n`);
    const error = await importError(file);
    expect(error.message).toBe(`${file} line 1, field date: missing required column date (the header has: "root:x:0:0:root:/root:/bin/bash")`);
    const dataOnly = passwd.slice(1).flatMap((line) => line.split(/[:,]/)).filter((part) => part.length > 3 && !passwd[0]!.includes(part));
    expect(dataOnly).toContain('Alice Secret');
    for (const part of dataOnly) expect(error.message).not.toContain(part);
  });

  it('a long header is cut at 80 characters', async () => {
    const file = write('wide.csv', `${Array.from({ length: 40 }, (_, k) => `column_number_${k}`).join(',')}\n1\n`);
    const message = (await importError(file)).message;
    expect(message).toMatch(/\(the header has: "column_number_0,column_number_1,[^"]{40,60}…"\)$/);
  });

  it("csv-parse's own messages, which quote the field at hand, are replaced by Jessica's", async () => {
    const file = write('quote.csv', 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-05,se"cret-value,2\n');
    const error = await importError(file);
    expect(error.where).toEqual({ file, line: 3 });
    expect(error.message).toBe(`${file} line 3: malformed CSV: a quote in the middle of a field (a field with a quote must be quoted whole, its quotes doubled)`);
    const short = write('short.csv', 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-05,secret-value\n');
    const shortError = await importError(short);
    expect(shortError.message).toBe(`${short} line 3: malformed CSV: the row has 2 fields, not as many as the header`);
    const unclosed = write('unclosed.csv', 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-05,"secret-value,2\n');
    expect((await importError(unclosed)).message).toBe(`${unclosed} line 3: malformed CSV: a quote is opened and never closed`);
  });

  it('a bad cell: quoted, escaped and cut short, in every row of a report of bad rows', async () => {
    const header = 'account_id,strategy,value,tax_status';
    const file = write('accounts.csv', `${header}\nA1,core,12\u001b[2Jk,taxable\nA2,core,1000,${'\u009b'.repeat(200)}\n`);
    const error = await readAccountBook(file).then(
      () => new Error('read'),
      (caught: unknown) => caught as InputError,
    );
    expect(error.message).toBe(
      `${file} line 2, field value: "12\\x1b[2Jk" is not a number (2 bad rows; also line 3, field tax_status: "${'\\x9b'.repeat(80)}…" is not a tax status (taxable or deferred))`,
    );
    expect(error.message).toMatch(noRawControls);
  });
});
