import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_END_DATE } from '../core/market/demoMarket.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-optimize-args-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const optimize = ['optimize', '--universe', 'demo', '--use-case', 'index-tracking'];

describe('optimize and batch refuse implausible arguments at once, exit 1, one line naming the option', () => {
  it('--account-value, --cash and --withdraw above $1e12 (an account of 1e308 ended "optimal" with an Infinity cash row)', () => {
    for (const [option, value] of [['--account-value', '1e308'], ['--cash', '2e12'], ['--withdraw', '1e13']] as const) {
      const r = jessica(...optimize, option, value);
      expect(r.code, option).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: option '${option} <\\w>' argument '${value}' is invalid\\. \\$.* is above \\$1,000,000,000,000 \\(1e12\\)`));
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('--as-of after the last price date names that date; before the first is refused too', () => {
    const after = jessica(...optimize, '--as-of', '2030-01-01');
    expect(after.code).toBe(1);
    expect(after.stderr).toBe(`jessica: --as-of 2030-01-01: after the last date with prices in universe demo, ${DEMO_END_DATE}: give ${DEMO_END_DATE} or earlier (or leave --as-of out)\n`);
    const before = jessica('batch', '--book', 'any', '--universe', 'demo', '--use-case', 'index-tracking', '--as-of', '1999-12-31');
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/^jessica: --as-of 1999-12-31: before the first date with prices in universe demo, \d{4}-\d{2}-\d{2}\n$/);
  });

  it('--account-value with --holdings: refused before any solve, saying which option to use', () => {
    const lots = path.join(home, 'lots.csv');
    writeFileSync(lots, 'ticker,shares\nIDNU,10\n');
    const r = jessica(...optimize, '--account-value', '250000', '--holdings', lots);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "jessica: --account-value with --holdings: the holdings (and --cash) already make the account's value; use --cash to add cash to them, or drop --holdings for a new account of $250000\n",
    );
  });
});
