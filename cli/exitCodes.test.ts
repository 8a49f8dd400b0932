import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../api/envelope.ts';
import { exitCodeFor } from './exitCodes.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-exit-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('exit codes: 0 done, 1 bad input, 2 no result', () => {
  it('maps every error code to 1 or 2, never 3: internal and cancelled are 2', () => {
    const codes: Record<ErrorCode, 1 | 2> = {
      'bad-input': 1,
      'not-found': 1,
      'unknown-method': 1,
      infeasible: 2,
      'solver-failed': 2,
      cancelled: 2,
      internal: 2,
    };
    for (const [code, exit] of Object.entries(codes)) expect(exitCodeFor(code as ErrorCode), code).toBe(exit);
  });

  it('a jessica.sqlite that is not a database: exit 1, its path and what to do', () => {
    const file = path.join(home, 'jessica.sqlite');
    writeFileSync(file, 'these are the notes I keep in this file, not a database at all\n'.repeat(100));
    const r = jessica('data', 'list');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`jessica: ${file}: is not a Jessica database (SQLITE_NOTADB): move it aside or set JESSICA_HOME\n`);
    rmSync(file);
  });

  it('a jessica.sqlite that is a directory: exit 1 naming it', () => {
    const file = path.join(home, 'jessica.sqlite');
    mkdirSync(file);
    const r = jessica('usecases', 'list');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^jessica: ${file}: cannot be opened \\(SQLITE_CANTOPEN\\): .*set JESSICA_HOME\\n$`));
    rmSync(file, { recursive: true });
  });
});
