import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinimumsResult } from '../api/book.ts';
import { accountValues } from './minimumsCommand.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-minimums-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('jessica minimums', () => {
  it('writes frontier.csv and run.json for the sizes given, with the fractional line, and prints the minimum', () => {
    const out = path.join(home, 'frontier');
    const r = jessica('minimums', '--universe', 'demo', '--use-case', 'index-tracking', '--te-target', '1%', '--lookback', '756',
      '--sizes', '10k,40k,160000,1.28M', '--fractional', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as MinimumsResult;
    expect(result.teTarget).toBe(0.01);
    const rows = parse(fs.readFileSync(path.join(out, 'frontier.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => Number(x.account_value))).toEqual([10_000, 40_000, 160_000, 1_280_000]);
    expect(rows.every((x) => Number(x.fractional) > 0 && Number(x.tracking_error) > 0)).toBe(true);
    const line = (v: number) => `$${v.toLocaleString('en-US')}`;
    expect(r.stdout).toContain(
      result.minimum === null ? 'no account value up to $1,280,000 reaches a tracking error of 1.00 %' : `account minimum for a tracking error of 1.00 %: ${line(result.minimum)}`,
    );
    expect(r.stdout).toContain(`wrote ${path.join(out, 'frontier.csv')}`);
  });

  it('exits 1 with a one-line reason on bad input', () => {
    const sizes = jessica('minimums', '--universe', 'demo', '--use-case', 'index-tracking', '--te-target', '1%', '--sizes', '10k,lots');
    expect(sizes.code).toBe(1);
    expect(sizes.stderr).toMatch(/"lots" is not an account value/);
    const target = jessica('minimums', '--universe', 'demo', '--use-case', 'index-tracking', '--te-target', '150%');
    expect(target.code).toBe(1);
    const useCase = jessica('minimums', '--universe', 'demo', '--use-case', 'no-such-case', '--te-target', '1%');
    expect(useCase.code).toBe(1);
    expect(useCase.stderr.trim().split('\n')).toHaveLength(1);
    expect(useCase.stderr).toMatch(/unknown use case "no-such-case"/);
  });
});

describe('accountValues', () => {
  it('reads dollars with k and M suffixes', () => {
    expect(accountValues('25000, 50k,1.5M,$2k')).toEqual([25_000, 50_000, 1_500_000, 2_000]);
    expect(() => accountValues('0')).toThrow(/not an account value/);
    expect(() => accountValues(',')).toThrow(/lists no account value/);
  });
});
