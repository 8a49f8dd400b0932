import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn, repoRoot } from './testing/runJessica.ts';

const root = repoRoot;
const shared = path.resolve(root, '../shared/data');
let home: string;

const jessica = jessicaIn(() => home);

interface PortfolioRow {
  ticker: string;
  weight: string;
  shares: string;
  price: string;
  value: string;
}

function readPortfolio(dir: string): PortfolioRow[] {
  return parse(readFileSync(path.join(dir, 'portfolio.csv'), 'utf8'), { columns: true }) as PortfolioRow[];
}

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('jessica optimize on the demo market', () => {
  it('writes a fully invested portfolio and a run.json with every stage', () => {
    const out = path.join(home, 'lp');
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readPortfolio(out);
    expect(rows.every((x) => x.ticker !== 'CASH')).toBe(true);
    const total = rows.reduce((s, x) => s + Number(x.weight), 0);
    expect(total).toBeCloseTo(1, 6);
    expect(rows.every((x) => Number(x.weight) > 0)).toBe(true);
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.status).toBe('optimal');
    expect(run.solver).toBe('highs');
    expect(run.useCase).toBe('index-tracking');
    expect(run.modelClass).toBe('LP');
    expect(run.names).toBe(rows.length);
    expect(run.modelSize.rows).toBeGreaterThan(run.lookback);
    for (const stage of ['load', 'returns', 'assemble', 'solve', 'write']) {
      expect(run.spans.some((s: { name: string }) => s.name === stage), stage).toBe(true);
    }
    // the reported objective is the MAD of the weights written, recomputed independently by the job
    expect(run.meanAbsoluteDeviation).toBeCloseTo(run.objective, 8);
    expect(run.trackingError).toBeLessThan(0.01);
  });

  it('whole shares for an account value: integral shares, value = shares x price, cash >= 0, all adding up to V', () => {
    const out = path.join(home, 'account');
    const V = 100_000;
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--account-value', String(V), '--time-limit', '6', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readPortfolio(out);
    const cash = rows.find((x) => x.ticker === 'CASH')!;
    expect(cash).toBeDefined();
    let invested = 0;
    for (const x of rows.filter((x) => x.ticker !== 'CASH')) {
      const shares = Number(x.shares);
      expect(Number.isInteger(shares) && shares > 0, x.ticker).toBe(true);
      expect(Number(x.value)).toBeCloseTo(shares * Number(x.price), 2);
      expect(Number(x.weight)).toBeCloseTo((shares * Number(x.price)) / V, 8);
      invested += shares * Number(x.price);
    }
    expect(Number(cash.value)).toBeGreaterThanOrEqual(0);
    expect(invested + Number(cash.value)).toBeCloseTo(V, 2);
    // whole shares cost little tracking at $100k on ~500 names: cash stays small
    expect(Number(cash.value) / V).toBeLessThan(0.02);
  });

  it('max names: holds at most k names, each at least the minimum weight', () => {
    const out = path.join(home, 'k30');
    // 5 s: the heuristic's 40 % (2 s) finds its point; branch-and-bound does not close the gap on 504 names in 10 s either
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--max-names', '30', '--min-weight', '0.01', '--time-limit', '5', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readPortfolio(out);
    expect(rows.length).toBeLessThanOrEqual(30);
    expect(rows.every((x) => Number(x.weight) >= 0.01 - 1e-7)).toBe(true);
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.modelClass).toBe('MILP');
    // the heuristic's point started the solve; a gap needs a bound, which a loaded machine may not reach in time
    expect(run.heuristicObjective).not.toBeNull();
    if (run.bound !== null) expect(run.gap).toBeCloseTo(Math.abs(run.objective - run.bound) / Math.abs(run.objective), 6);
  });
});

describe('bad input exits 1 with one line naming what is wrong', () => {
  it.each([
    [['optimize', '--universe', 'nowhere', '--use-case', 'index-tracking'], /nowhere/],
    [['optimize', '--universe', 'demo', '--use-case', 'no-such-case'], /no-such-case.*index-tracking/],
    [['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--max-names', 'abc'], /max-names.*abc/],
    [['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--as-of', '2024-13-45'], /2024-13-45/],
    [['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--exclude', 'NOPE'], /NOPE/],
    [['data', 'import', '--universe', 'x', '--prices', '/nonexistent/prices.csv'], /nonexistent\/prices\.csv/],
  ])('%j', (args, reason) => {
    const r = jessica(...args);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });

  it('a bad price row names file, line and field', () => {
    const file = path.join(home, 'bad.csv');
    writeFileSync(file, 'date,ticker,close\n2024-01-02,AAA,10\n2024-01-03,AAA,-3\n');
    const r = jessica('data', 'import', '--universe', 'bad', '--prices', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv.*line 3.*close/);
  });
});

describe('solver failures exit 2 with the reason', () => {
  it('an infeasible model: 500 names capped at 0.1% cannot be fully invested', () => {
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--max-weight', '0.001');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/infeasible/i);
  });
});

describe('real data: import and optimize the S&P 500', () => {
  it('imports the real file and tracks the index', () => {
    const imp = jessica(
      'data', 'import', '--universe', 'sp500',
      '--prices', `${shared}/sp500/prices.csv.gz`,
      '--constituents', `${shared}/sp500/constituents.csv`,
      '--index', `${shared}/sp500/index.csv`,
    );
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/1136986 price rows, 504 tickers, 2340 days/);
    const list = JSON.parse(jessica('data', 'list', '--json').stdout);
    expect(list.map((u: { name: string }) => u.name).sort()).toEqual(['demo', 'sp500']);
    const out = path.join(home, 'sp500');
    const r = jessica('optimize', '--universe', 'sp500', '--use-case', 'index-tracking', '--as-of', '2020-12-31', '--lookback', '252', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.asOf).toBe('2020-12-31');
    expect(run.benchmark).toBe('index');
    // 252 days and ~490 names: an in-sample MAD LP tracks the S&P 500 closely but not perfectly (dividends are in adj_close, not the index)
    expect(run.trackingError).toBeGreaterThan(0);
    expect(run.trackingError).toBeLessThan(0.05);
  }, 240_000);

  it('imports the Russell 2000 and holds at most 50 names of it', () => {
    const imp = jessica(
      'data', 'import', '--universe', 'r2000',
      '--prices', `${shared}/r2000/prices.csv.gz`,
      '--constituents', `${shared}/r2000/constituents.csv`,
      '--index', `${shared}/r2000/index.csv`,
    );
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/1395894 price rows, 1964 tickers, 758 days/);
    const out = path.join(home, 'r2000');
    // 12 s: the heuristic's 40 % (4.8 s, terminated at 7.3 s) is 3 times what its first pruning pass took on these
    // 1,800 names (2.3 s); measured with 8 s and with 20 s, the answer was the heuristic's point both times
    const r = jessica('optimize', '--universe', 'r2000', '--use-case', 'index-tracking', '--max-names', '50', '--min-weight', '0.005', '--time-limit', '12', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // members with gaps in the window are left out and said so
    expect(r.stdout).toMatch(/warning: \d+ members lack a price/);
    const rows = readPortfolio(out);
    expect(rows.length).toBeLessThanOrEqual(50);
    expect(rows.reduce((s, x) => s + Number(x.weight), 0)).toBeCloseTo(1, 6);
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.modelClass).toBe('MILP');
    expect(run.heuristicObjective).toBeGreaterThan(0);
    expect(run.objective).toBeLessThanOrEqual(run.heuristicObjective);
    // 50 small caps cannot replicate 1,800: a real, non-zero tracking error
    expect(run.trackingError).toBeGreaterThan(0.005);
  }, 240_000);
});
