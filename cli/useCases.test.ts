import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNIVERSE, generateDemoMarket, loadDemoMarket } from '../core/market/demoMarket.ts';
import { openDatabase } from '../core/store/database.ts';
import { useCaseCatalogue } from '../solver/usecases/catalogue.ts';

/**
 * Every use case of the catalogue through `jessica optimize --use-case ID` on the demo market, each
 * in its own process, and the portfolio.csv it writes checked on its own terms: weights and cash add
 * up to 1, cash is not negative, share counts are whole where the model holds whole shares, and the
 * use case's own promise (no excluded sector, at most 20 names, turnover and minimum trade sizes
 * against the holdings, recomputed here from the demo market's closing prices).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let home: string;
let holdingsFile: string;

const HOLDINGS = [
  { ticker: 'IDNU', shares: 200, costBasis: 60, acquired: '2024-03-01' },
  { ticker: 'II', shares: 50, costBasis: 100, acquired: '2023-01-15' },
  { ticker: 'CCGN', shares: 40, costBasis: 150, acquired: '2025-10-01' },
  { ticker: 'AABM', shares: 100, costBasis: 40, acquired: '2025-12-20' },
];
const CASH = 5000;

/** The options each use case needs beyond the market: an account to trade, a value to buy whole shares for. */
const ACCOUNT: Record<string, string[]> = {
  'index-tracking': [],
  'esg-exclusions': [],
  'new-account-funding': ['--cash', '50000'],
  'small-account': ['--account-value', '50000'],
  'periodic-rebalance': ['--holdings', '<holdings>', '--cash', String(CASH)],
  'tax-loss-harvesting': ['--holdings', '<holdings>', '--cash', String(CASH)],
  transition: ['--holdings', '<holdings>', '--cash', String(CASH)],
  'cash-withdrawal': ['--holdings', '<holdings>', '--cash', String(CASH), '--withdraw', '2000'],
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function jessica(args: string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

const runs = new Map<string, Run>();
const outDir = (id: string): string => path.join(home, `out-${id}`);

function optimize(id: string): Promise<void> {
  const account = (ACCOUNT[id] ?? []).map((a) => (a === '<holdings>' ? holdingsFile : a));
  return jessica(['optimize', '--universe', 'demo', '--use-case', id, ...account, '--time-limit', '15', '--out', outDir(id)]).then((r) => {
    runs.set(id, r);
  });
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-usecases-'));
  holdingsFile = path.join(home, 'holdings.csv');
  writeFileSync(
    holdingsFile,
    ['ticker,shares,cost_basis,acquired', ...HOLDINGS.map((h) => `${h.ticker},${h.shares},${h.costBasis.toFixed(2)},${h.acquired}`)].join('\n') + '\n',
  );
  // the demo market in the store first (the one generated below for the checks), as the first command would load it,
  // so that no two runs load it at once
  const db = openDatabase(path.join(home, 'jessica.sqlite'));
  try {
    loadDemoMarket(db, market, DEMO_UNIVERSE);
  } finally {
    db.close();
  }
  // two at a time (2 cores), the use cases with an account first: they are MILPs that run to their time limit, the
  // others LPs of a few seconds that fill the end of both lanes
  const queue = [...useCaseCatalogue.filter((u) => (ACCOUNT[u.id] ?? []).length > 0), ...useCaseCatalogue.filter((u) => (ACCOUNT[u.id] ?? []).length === 0)].map((u) => u.id);
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) await optimize(id);
  };
  await Promise.all([worker(), worker()]);
}, 150_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Row {
  ticker: string;
  weight: number;
  shares: string;
  price: number;
  value: string;
}

function portfolio(id: string): { names: Row[]; cash?: Row } {
  const rows = (parse(readFileSync(path.join(outDir(id), 'portfolio.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => ({
    ticker: r.ticker!,
    weight: Number(r.weight),
    shares: r.shares!,
    price: Number(r.price),
    value: r.value!,
  }));
  return { names: rows.filter((r) => r.ticker !== 'CASH'), cash: rows.find((r) => r.ticker === 'CASH') };
}

const market = generateDemoMarket();
const lastDay = market.dates.length - 1;
const demoClose = new Map(market.members.map((m, i) => [m.ticker, market.close[lastDay * market.members.length + i]!]));
const demoSector = new Map(market.members.map((m) => [m.ticker, m.sector]));

describe('every catalogue use case from the command line on the demo market', () => {
  it('covers the whole catalogue', () => {
    expect(Object.keys(ACCOUNT).sort()).toEqual(useCaseCatalogue.map((u) => u.id).sort());
  });

  for (const useCase of useCaseCatalogue) {
    const id = useCase.id;
    it(`${id}: exits 0 and writes a consistent portfolio`, () => {
      const r = runs.get(id)!;
      expect(r.code, `${id}: ${r.stderr}`).toBe(0);
      const { names, cash } = portfolio(id);
      expect(names.length).toBeGreaterThan(0);
      const cashWeight = cash?.weight ?? 0;
      expect(cashWeight).toBeGreaterThanOrEqual(0);
      if (cash) expect(Number(cash.value)).toBeGreaterThanOrEqual(0);
      expect(names.reduce((s, x) => s + x.weight, 0) + cashWeight).toBeCloseTo(1, 6);
      for (const x of names) expect(x.weight).toBeGreaterThan(0);

      const wholeShares = ACCOUNT[id]!.length > 0;
      if (wholeShares) {
        for (const x of names) {
          const n = Number(x.shares);
          expect(Number.isInteger(n) && n > 0, `${id} ${x.ticker} shares ${x.shares}`).toBe(true);
          expect(x.price).toBeCloseTo(demoClose.get(x.ticker)!, 6);
          expect(Number(x.value)).toBeCloseTo(n * x.price, 4);
        }
      }
      if (id === 'esg-exclusions') for (const x of names) expect(demoSector.get(x.ticker), x.ticker).not.toBe('Energy');
      if (id === 'small-account') expect(names.length).toBeLessThanOrEqual(20);
    });
  }

  it('periodic-rebalance keeps the turnover limit and trades nothing under 0.5% of the account', () => {
    const r = runs.get('periodic-rebalance')!;
    expect(r.code, r.stderr).toBe(0);
    const { names } = portfolio('periodic-rebalance');
    const held = new Map(HOLDINGS.map((h) => [h.ticker, h.shares]));
    const V = CASH + HOLDINGS.reduce((s, h) => s + h.shares * demoClose.get(h.ticker)!, 0);
    const after = new Map(names.map((x) => [x.ticker, Number(x.shares)]));
    let turnover = 0;
    for (const ticker of new Set([...held.keys(), ...after.keys()])) {
      const H = held.get(ticker) ?? 0;
      const traded = (Math.abs((after.get(ticker) ?? 0) - H) * demoClose.get(ticker)!) / V;
      turnover += traded;
      const soldOut = H > 0 && !after.has(ticker);
      if (traded > 1e-12 && !soldOut) expect(traded, ticker).toBeGreaterThanOrEqual(0.005 - 1e-9);
    }
    expect(turnover).toBeLessThanOrEqual(0.2 + 1e-6);
  });

  it('cash-withdrawal leaves an account worth the holdings less the withdrawal', () => {
    const { names, cash } = portfolio('cash-withdrawal');
    const V = CASH + HOLDINGS.reduce((s, h) => s + h.shares * demoClose.get(h.ticker)!, 0) - 2000;
    const invested = names.reduce((s, x) => s + Number(x.value), 0);
    expect(invested + Number(cash?.value ?? 0)).toBeCloseTo(V, 2);
  });
});
