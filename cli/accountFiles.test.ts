import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoMarket } from '../core/market/demoMarket.ts';
import { jessicaIn } from './testing/runJessica.ts';

/**
 * `--recent-sales` and a holdings file with a legacy name from the command line (the core test
 * core/portfolio/accountFiles.test.ts checks the answers with and without the files in detail).
 */

let home: string;
const jessica = jessicaIn(() => home, 300_000);
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-account-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const f = path.join(home, name);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

// the largest member of the demo benchmark the account does not hold: new money buys it unless the rule forbids it
const target = [...generateDemoMarket().members].filter((m) => !['IDNU', 'SRW'].includes(m.ticker)).sort((a, b) => b.marketCap - a.marketCap)[0]!.ticker;

describe('jessica optimize with the account files', () => {
  it('--recent-sales: a name sold at a loss 10 days before the as-of date is not bought', () => {
    const lots = file('lots.csv', ['ticker,shares,cost_basis,acquired', 'IDNU,200,60,2024-03-01', 'SRW,50,100,2023-01-15']);
    const sales = file('sales.csv', ['ticker,date,realized_gain', `${target},2025-12-21,-850`]);
    const out = path.join(home, 'out');
    const r = jessica(
      'optimize', '--universe', 'demo', '--use-case', 'tax-loss-harvesting', '--as-of', '2025-12-31', '--lookback', '600',
      '--holdings', lots, '--cash', '100000', '--fractional', '--recent-sales', sales, '--out', out,
      // a cap, not a budget: the solve ends at its optimum, but a loaded machine must not cut it short
      '--time-limit', '120',
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(path.join(out, 'portfolio.csv'), 'utf8'), { columns: true }) as { ticker: string }[];
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((x) => x.ticker)).not.toContain(target);
  }, 300_000);

  it('a lot outside the universe without a price, and recent sales without an account, exit 1 with one line', () => {
    const lots = file('legacy.csv', ['ticker,shares,cost_basis,acquired', 'SRW,50,100,2023-01-15', 'LEGACY,100,8,2019-01-01']);
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'transition', '--holdings', lots, '--cash', '5000');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^jessica: ${lots.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 3, field price: LEGACY is not in universe demo`));

    const sales = file('orphan-sales.csv', ['ticker,date,realized_gain', 'SRW,2025-12-01,-5']);
    const orphan = jessica('optimize', '--universe', 'demo', '--use-case', 'tax-loss-harvesting', '--recent-sales', sales);
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toMatch(/field recent-sales: recent sales belong to an account/);
  }, 120_000);
});
