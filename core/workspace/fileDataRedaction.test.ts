import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../api/envelope.ts';
import { withoutFileData } from './fileDataRedaction.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jessica-redaction-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const badInput = (message: string, where: ApiError['where'] = {}, details?: unknown): ApiError => ({ code: 'bad-input', message, where, ...(details === undefined ? {} : { details }) });

describe('withoutFileData', () => {
  it('blots out a value of a data line, quoted or not, keeping the file, its line, its columns and the problem', async () => {
    const prices = file('prices.csv', 'date,ticker,close\n2024-01-02,AAA,hunter2-secret\n');
    const quoted = await withoutFileData(badInput(`${prices} line 2, field close: "hunter2-secret" is not a number`, { file: prices, line: 2, field: 'close' }), [prices]);
    expect(quoted).toEqual(badInput(`${prices} line 2, field close: "…" is not a number`, { file: prices, line: 2, field: 'close' }));
    const bare = await withoutFileData(badInput(`${prices} line 2, field close: hunter2-secret is negative`, { file: prices, line: 2 }), [prices]);
    expect(bare.message).toBe(`${prices} line 2, field close: … is negative`);
  });

  it('keeps the header, which errors may quote to say which columns a file has', async () => {
    const passwd = file('passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    const error = badInput(`${passwd} line 1, field date: missing required column date (the header has: "root:x:0:0:root:/root:/bin/bash")`, { file: passwd, line: 1 });
    expect(await withoutFileData(error, [passwd])).toBe(error);
  });

  it('blots a whole line and each of its fields, however a message cuts them, in the details too', async () => {
    const book = file('book.csv', 'account_id,strategy,value\nA-1,"Growth, Tax-aware",1000\nA-2,Core,abc-token-9\n');
    const error = badInput(`${book} line 2, field strategy: "Growth, Tax-aware" is unknown (2 bad rows; also line 3, field value: abc-token-9 is not a number)`, { file: book, line: 2 }, [
      { line: 3, problem: 'A-2,Core,abc-token-9' },
    ]);
    const clean = await withoutFileData(error, [book]);
    expect(clean.message).toBe(`${book} line 2, field strategy: "…" is unknown (2 bad rows; also line 3, field value: … is not a number)`);
    expect(clean.details).toEqual([{ line: 3, problem: '…' }]);
  });

  it('reads a gzip file as the readers do', async () => {
    const gz = file('prices.csv.gz', gzipSync('date,ticker,close\n2024-01-02,AAA,10\n2024-01-03,AAA,gz-secret-value\n'));
    const clean = await withoutFileData(badInput(`prices.csv.gz line 3: "gz-secret-value"`, { file: gz, line: 3 }), [gz]);
    expect(clean.message).toBe('prices.csv.gz line 3: "…"');
  });

  it('in a large file, looks at the lines the error names', async () => {
    const rows = Array.from({ length: 80_000 }, (_, i) => `2024-01-02,T${i},${(10 + (i % 50)).toFixed(2)}`);
    rows[59_998] = '2024-01-02,DEEP,deep-secret-value';
    const big = file('big.csv', `date,ticker,close\n${rows.join('\n')}\n`);
    const clean = await withoutFileData(badInput(`${big} line 60000, field close: "deep-secret-value" is not a number`, { file: big, line: 60_000 }), [big]);
    expect(clean.message).toBe(`${big} line 60000, field close: "…" is not a number`);
  });

  it('leaves an error that shows nothing of the file, or names a file it cannot read, as it is', async () => {
    const prices = file('clean.csv', 'date,ticker,close\n2024-01-02,AAA,10\n');
    const plain = badInput(`${prices} line 2, field close: is not a positive number`, { file: prices, line: 2 });
    expect(await withoutFileData(plain, [prices])).toBe(plain);
    const gone = badInput('missing.csv: file not found', { file: path.join(dir, 'missing.csv') });
    expect(await withoutFileData(gone, [path.join(dir, 'missing.csv')])).toBe(gone);
    expect(await withoutFileData(plain, [])).toBe(plain);
  });
});
