import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalLine, terminalText } from './terminalText.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-terminal-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The characters a terminal acts on instead of showing: C0 controls but the line feed, DEL, C1 controls, bidi overrides. */
function active(text: string): string[] {
  return [...text].filter((c) => {
    const n = c.charCodeAt(0);
    return (n < 0x20 && n !== 0x0a) || (n >= 0x7f && n <= 0x9f) || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069);
  });
}

describe('what the CLI prints has its control characters escaped', () => {
  it('escapes ESC, CR, BEL, C1 and bidi overrides; a report keeps its own line breaks, a message stays one line', () => {
    expect(terminalText('AAA\x1b[2J\rBBB\x07\u009b\u202eCCC\nnext line')).toBe('AAA\\x1b[2J\\rBBB\\x07\\x9b\\u202eCCC\nnext line');
    expect(terminalLine('a\nb\tc')).toBe('a\\nb\\tc');
    expect(terminalText('plain "quoted" text, 5 %')).toBe('plain "quoted" text, 5 %');
  });

  it('an accounts CSV whose header holds "\\x1b[31m": the error line on stderr carries no raw ESC', () => {
    const file = path.join(home, 'accounts.csv');
    writeFileSync(file, 'account_id,strategy,val\x1b[31mue,tax_status,exclude\nA1,core,100000,taxable,\n');
    const r = jessica('accounts', 'import', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^jessica: .*accounts\.csv.*\\x1b\[31m/);
    expect(active(r.stderr)).toEqual([]);
    expect(r.stderr.endsWith('\n') && r.stderr.split('\n')).toHaveLength(2);
  });

  it('a universe named with escape sequences and a bad option value: echoed escaped, by the core and by commander', () => {
    const universe = jessica('optimize', '--universe', 'x\x1b]0;owned\x07\x1b[2J', '--use-case', 'index-tracking');
    expect(universe.code).toBe(1);
    expect(universe.stderr).toContain('x\\x1b]0;owned\\x07\\x1b[2J');
    expect(active(universe.stderr)).toEqual([]);
    const option = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '5\r\x1b[1Aoops');
    expect(option.code).toBe(1);
    expect(option.stderr).toContain("argument '5\\r\\x1b[1Aoops' is invalid");
    expect(active(option.stderr)).toEqual([]);
  });
});
