import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDiff, RunSummary, StoredRun } from '../api/runs.ts';
import { parseHtml, parseSvg } from '../core/runs/testing/parsedMarkup.ts';
import { syntheticBatch } from '../core/runs/testing/syntheticRuns.ts';
import { openDatabase } from '../core/store/database.ts';
import { saveRun } from '../core/store/runStore.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);
/** two optimize runs of the demo market, at most 15 and 30 names */
let small: number;
let large: number;
/** a batch stored as the batch job stores one, two years back, on another universe, with CPU and memory samples */
let batch: number;
const batchRun = syntheticBatch({ models: 6, lanes: 2, shape: 'worker', samples: true });

/** The run id `jessica optimize --json` answers. */
function optimize(maxNames: number): number {
  const r = jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '60', '--max-names', String(maxNames), '--time-limit', '4', '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { runId: number }).runId;
}

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-runs-'));
  small = optimize(15);
  large = optimize(30);
  const db = openDatabase(path.join(home, 'jessica.sqlite'));
  try {
    const { id: _id, ...stored } = batchRun;
    batch = saveRun(db, { ...stored, createdAt: '2024-03-01T10:00:00.000Z', universe: 'sp500x', status: 'done', options: { book: 'demo' }, spans: batchRun.spans });
  } finally {
    db.close();
  }
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The ids in the first column of a `runs list` table. */
const listedIds = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.trim().split(/\s+/)[0]));

describe('jessica runs list', () => {
  it('prints a table newest first: id, created, kind, status, universe, use case, solver, duration', () => {
    const r = jessica('runs', 'list');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+created \(UTC\)\s+kind\s+status\s+universe\s+use case\s+solver\s+duration$/);
    expect(listedIds(r.stdout)).toEqual([large, small, batch]);
    expect(lines[3]).toMatch(new RegExp(`^\\s*${batch}\\s+2024-03-01 10:00:00\\s+batch\\s+done\\s+sp500x\\s+index-tracking\\s+highs\\s+${(batchRun.durationMs / 1000).toFixed(1)} s$`));
    expect(lines[1]).toMatch(/^\s*\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+optimize\s+\S+\s+demo\s+index-tracking\s+highs\s+\d/);
  });

  it('filters by kind, status, universe, date and count, and prints JSON', () => {
    expect(listedIds(jessica('runs', 'list', '--kind', 'optimize').stdout)).toEqual([large, small]);
    expect(listedIds(jessica('runs', 'list', '--status', 'done').stdout)).toEqual([batch]);
    expect(listedIds(jessica('runs', 'list', '--universe', 'sp500x').stdout)).toEqual([batch]);
    expect(listedIds(jessica('runs', 'list', '--since', '2025-01-01').stdout)).toEqual([large, small]);
    expect(listedIds(jessica('runs', 'list', '--since', '2024-03-01T09:00:00-02:00').stdout)).toEqual([large, small]);
    expect(listedIds(jessica('runs', 'list', '--since', '2024-03-01T07:00:00-02:00').stdout)).toEqual([large, small, batch]);
    expect(listedIds(jessica('runs', 'list', '--limit', '1').stdout)).toEqual([large]);
    expect(jessica('runs', 'list', '--kind', 'bench').stdout).toBe('no run matches\n');
    const json = jessica('runs', 'list', '--kind', 'batch', '--json');
    expect((JSON.parse(json.stdout) as RunSummary[]).map((r) => [r.id, r.kind, r.universe])).toEqual([[batch, 'batch', 'sp500x']]);
  });

  it('refuses a --since that is no date and a --limit that is no count, in one line naming the option', () => {
    for (const [option, bad] of [
      ['--since', 'yesterday'],
      ['--limit', '0'],
      ['--limit', '5000'],
    ] as const) {
      const r = jessica('runs', 'list', option, bad);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(option);
      expect(r.stderr).toContain(bad);
    }
  });
});

describe('jessica runs show', () => {
  it('prints the run, its stages’ shares of the time and its span tree indented by depth', () => {
    const r = jessica('runs', 'show', String(small));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = JSON.parse(jessica('runs', 'show', String(small), '--json').stdout) as StoredRun;
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`run ${small}: optimize, ${run.status}`);
    expect(r.stdout).toMatch(/^options: .*maxNames=15/m);
    expect(r.stdout).toMatch(new RegExp(`^result: .*names=${(run.result as { names: number }).names}`, 'm'));
    expect(r.stdout).toMatch(/^machine: .*\d+ cores/m);
    // the stages table: one row per top-level span, shares adding up to the whole run
    const head = lines.findIndex((l) => /^stage\s+time\s+share$/.test(l));
    const roots = run.spans.filter((s) => s.parent === null);
    const shares = lines.slice(head + 1, head + 1 + roots.length).map((l) => Number(/([\d.]+) %$/.exec(l)![1]));
    expect(lines.slice(head + 1, head + 1 + roots.length).map((l) => l.split(/\s+/)[0])).toEqual(roots.map((s) => s.name));
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(98);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThan(101);
    // the tree: every span once, a child two spaces further in than its parent
    const tree = lines.slice(lines.findIndex((l) => /^span\s+duration\s+start$/.test(l)) + 1).filter((l) => l !== '');
    expect(tree).toHaveLength(run.spans.length);
    const indent = (l: string) => l.length - l.trimStart().length;
    const solveAt = tree.findIndex((l) => l.startsWith('solve '));
    expect(indent(tree[solveAt + 1]!)).toBe(2);
  });

  it('gives peak memory and mean CPU from the samples, and the pool lanes in the tree', () => {
    const r = jessica('runs', 'show', String(batch));
    expect(r.code).toBe(0);
    const peak = Math.max(...batchRun.samples.map((s) => s.rssMiB));
    const mean = batchRun.samples.reduce((a, s) => a + s.cpuPercent, 0) / batchRun.samples.length;
    expect(r.stdout).toContain(`resources: peak RSS ${peak.toFixed(0)} MiB, mean CPU ${mean.toFixed(0)} % of one core (${batchRun.samples.length} samples)`);
    expect(r.stdout).toMatch(/^ {4}worker \(lane [01]\)\s/m);
  });
});

describe('jessica runs diff', () => {
  it('prints the stages side by side with their change, and the fields that differ', () => {
    const r = jessica('runs', 'diff', String(small), String(large));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const diff = JSON.parse(jessica('runs', 'diff', String(small), String(large), '--json').stdout) as RunDiff;
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^run ${large} \\(optimize, .*\\) against run ${small} \\(optimize, `));
    expect(r.stdout).toMatch(new RegExp(`^stage\\s+run ${small}\\s+run ${large}\\s+delta$`, 'm'));
    expect(r.stdout).toMatch(/^solve\s+\d[\d.]* m?s\s+\d[\d.]* m?s\s+[+-]?\d[\d.]* m?s$/m);
    expect(r.stdout).toContain('\nfields that differ:\n');
    expect(r.stdout).toContain('  options.maxNames: 15 → 30\n');
    expect(diff.fields).toContainEqual({ field: 'options.maxNames', a: 15, b: 30 });
    expect(diff.stages.find((s) => s.path === 'solve')!.deltaMs).toBeCloseTo(diff.stages.find((s) => s.path === 'solve')!.bMs! - diff.stages.find((s) => s.path === 'solve')!.aMs!, 9);
  });
});

describe('jessica runs waterfall', () => {
  it('writes a valid SVG with a bar per span, and an HTML page with a second run under it', () => {
    const dir = path.join(home, 'waterfalls');
    const svg = path.join(dir, 'batch.svg');
    const r = jessica('runs', 'waterfall', String(batch), '--out', svg);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${svg} \\(image/svg\\+xml, \\d+ KiB\\)\\n$`));
    const doc = parseSvg(readFileSync(svg, 'utf8'));
    expect([...doc.querySelectorAll('rect.bar')].map((b) => Number(b.getAttribute('data-span'))).sort((a, b) => a - b)).toEqual(batchRun.spans.map((s) => s.id));

    const html = path.join(dir, 'two.html');
    const h = jessica('runs', 'waterfall', String(small), '--out', html, '--with', String(large));
    expect(h.code).toBe(0);
    const page = parseHtml(readFileSync(html, 'utf8')).document;
    expect(new Set([...page.querySelectorAll('svg rect.bar')].map((b) => b.getAttribute('data-run')))).toEqual(new Set([String(small), String(large)]));
    // written beside and renamed into place: nothing else is left in the directory
    expect(readdirSync(dir).sort()).toEqual(['batch.svg', 'two.html']);
  });

  it('refuses an --out that is neither .svg nor .html, or is a directory, in one line naming --out, writing nothing', () => {
    const png = path.join(home, 'waterfall.png');
    const r = jessica('runs', 'waterfall', String(small), '--out', png);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`jessica: --out ${png}: give a file ending in .svg or .html\n`);
    expect(existsSync(png)).toBe(false);
    const dir = path.join(home, 'a-directory.svg');
    mkdirSync(dir);
    const d = jessica('runs', 'waterfall', String(small), '--out', dir);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(new RegExp(`^jessica: --out ${dir}: is a directory`));
    expect(d.stderr.trimEnd().split('\n')).toHaveLength(1);
    const missing = jessica('runs', 'waterfall', '987654', '--out', path.join(home, 'missing.svg'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('jessica: no run 987654 in the store\n');
    expect(existsSync(path.join(home, 'missing.svg'))).toBe(false);
  });
});

describe('jessica runs delete', () => {
  it('deletes a run, which is then gone; deleting it again exits 1 naming the id', () => {
    const r = jessica('runs', 'delete', String(large));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`deleted run ${large}\n`);
    expect(listedIds(jessica('runs', 'list').stdout)).toEqual([small, batch]);
    const show = jessica('runs', 'show', String(large));
    expect(show.code).toBe(1);
    expect(show.stderr).toBe(`jessica: no run ${large} in the store\n`);
    const again = jessica('runs', 'delete', String(large));
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(`jessica: no run ${large} in the store\n`);
  });
});
