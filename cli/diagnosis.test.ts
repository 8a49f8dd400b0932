import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn } from './testing/runJessica.ts';
import { highsRuntime } from '../solver/writers/testing/solveWithHighs.ts';

let home: string;

const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-diagnosis-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('jessica optimize on an infeasible model', () => {
  it('exits 2 with one line naming the conflicting components and the arithmetic', () => {
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--max-names', '3', '--max-weight', '0.2');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('con.max-names (maxNames=3)');
    expect(lines[0]).toContain('con.max-weight (maxWeight=0.2)');
    expect(lines[0]).toContain(`at most ${3 * 20}% can be invested`);
    expect(lines[0]).toContain('con.budget');
  });
});

describe('jessica optimize --write-model', () => {
  // many names, fewer days: the in-sample MAD optimum is near 0 (SOLVER-FACTS) unless max weight binds
  it('writes an LP that HiGHS reads back to the same optimum, with its names and the run.json entry', async () => {
    const out = path.join(home, 'out');
    const file = path.join(home, 'models', 'tracking.lp');
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '120', '--max-weight', '0.0025', '--write-model', file, '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { objective: number; files: string[]; modelSize: { columns: number; rows: number } };
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { files: string[] };
    expect(run.files).toContain(file);
    expect(run.files).toContain(`${file}.names.json`);

    const highs = await highsRuntime();
    const solved = highs.solve(readFileSync(file, 'utf8'), { output_flag: false });
    expect(solved.Status).toBe('Optimal');
    // max weight 0.25 % over ~500 names leaves little freedom, so the optimum is far from the trivial 0
    expect(result.objective).toBeGreaterThan(1e-4);
    expect(Math.abs(solved.ObjectiveValue - result.objective)).toBeLessThan(1e-7 * result.objective);

    const names = JSON.parse(readFileSync(`${file}.names.json`, 'utf8')) as { columns: Record<string, string>; rows: Record<string, string> };
    expect(Object.keys(names.columns)).toHaveLength(result.modelSize.columns);
    expect(Object.keys(names.rows)).toHaveLength(result.modelSize.rows);
    expect(names.rows.c1).toMatch(/^tracking\[/);
    // the budget row of the file is the budget of the model: its columns are every weight and the cash
    const budgetRow = Object.entries(names.rows).find(([, v]) => v === 'budget')![0];
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^ ${budgetRow}:`, 'm'));
  });

  it('refuses a file name that is neither .lp nor .mps, naming the option', () => {
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--write-model', path.join(home, 'model.txt'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/writeModel: must end in \.lp or \.mps/);
  });
});
