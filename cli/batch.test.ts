import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-batch-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('jessica batch', () => {
  it('runs a generated book on the demo market and writes the four CSV files and run.json', () => {
    const accounts = path.join(home, 'accounts.csv');
    expect(jessica('accounts', 'generate', '--count', '50', '--seed', '4', '--restrictions', 'sets', '--out', accounts).code).toBe(0);
    const out = path.join(home, 'out');
    const r = jessica('batch', '--accounts', accounts, '--universe', 'demo', '--use-case', 'index-tracking', '--time-limit', '0.5', '--workers', '2', '--te-target', '2%', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/50 accounts in \d+ clusters/);
    for (const f of ['clusters.csv', 'allocations.csv', 'trades.csv', 'accounts.csv', 'run.json']) expect(existsSync(path.join(out, f)), f).toBe(true);
    const outcomes = parse(readFileSync(path.join(out, 'accounts.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(outcomes.length).toBe(50);
    const clusters = parse(readFileSync(path.join(out, 'clusters.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    // with a target tracking error every cluster reports its minimum, and accounts below it are flagged
    const flagged = outcomes.filter((o) => o.below_minimum === 'true').length;
    expect(flagged).toBe(clusters.reduce((s, c) => s + Number(c.below_minimum), 0));
    for (const o of outcomes) {
      const c = clusters.find((x) => x.cluster_id === o.cluster_id)!;
      if (c.account_minimum !== '') expect(o.below_minimum === 'true').toBe(Number(o.value) < Number(c.account_minimum));
    }
  });

  it('exits 2 when no cluster model has a target, every account listed unallocated with its reason; --allow-partial exits 0', () => {
    const accounts = path.join(home, 'accounts-partial.csv');
    expect(jessica('accounts', 'generate', '--count', '12', '--seed', '6', '--out', accounts).code).toBe(0);
    // at most 3 names of at most 20 %: no model can be fully invested
    expect(jessica('usecases', 'copy', 'index-tracking', 'impossible').code).toBe(0);
    expect(jessica('usecases', 'set', 'impossible', 'con.max-names.maxNames=3', 'con.max-weight.maxWeight=0.2').code).toBe(0);
    const out = path.join(home, 'out-partial');
    const args = ['batch', '--accounts', accounts, '--universe', 'demo', '--use-case', 'impossible', '--time-limit', '0.5', '--workers', '2', '--out', out];
    const r = jessica(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/0 allocated from their own cluster, 0 from a fallback target, 12 not allocated/);
    expect(r.stdout).toMatch(/failed model c\d+/);
    expect(r.stderr).toMatch(/partial result: \d+ cluster models? without a target, 12 accounts not allocated .*exit 2 \(--allow-partial to exit 0\)/);
    const outcomes = parse(readFileSync(path.join(out, 'accounts.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(outcomes.length).toBe(12);
    for (const o of outcomes) {
      expect(o.status).toBe('unallocated');
      expect(o.reason).toMatch(/heuristic-failed|no other cluster model has a target/);
    }
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { partial: boolean; unallocated: number };
    expect(run).toMatchObject({ partial: true, unallocated: 12 });
    const allowed = jessica(...args, '--allow-partial');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toBe('');
  });

  it('exits 1 naming the problem when neither --accounts nor --book is given', () => {
    const r = jessica('batch', '--universe', 'demo', '--use-case', 'index-tracking');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/accountsFile or book/);
  });
});
