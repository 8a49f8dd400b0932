import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayResult } from '../api/runs.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);
let runId: number;

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-bundle-'));
  const copied = jessica('usecases', 'copy', 'index-tracking', 'bundled');
  expect(copied.code).toBe(0);
  const r = jessica('optimize', '--universe', 'demo', '--use-case', 'bundled', '--fractional', '--json');
  expect(r.code).toBe(0);
  runId = (JSON.parse(r.stdout) as { runId: number }).runId;
}, 120_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('jessica runs export and replay', () => {
  it('exports a bundle and replays it to the same objective (exit 0), then says what changed and exits 2', () => {
    const dir = path.join(home, 'bundle');
    const exported = jessica('runs', 'export', String(runId), '--bundle', dir);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^run ${runId} bundled in .*bundle: bundle\\.json, run\\.json, model\\.mps`));
    expect(JSON.parse(readFileSync(path.join(dir, 'bundle.json'), 'utf8'))).toMatchObject({ method: 'portfolio/optimize', run: { id: runId } });

    const same = jessica('runs', 'replay', dir, '--json');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ reproduced: true, differences: [], changedInputs: [] } satisfies Partial<ReplayResult>);

    // the use case's weight cap tightened after the run: the replay finds another optimum and names the cause
    expect(jessica('usecases', 'set', 'bundled', 'con.max-weight.maxWeight=0.005').code).toBe(0);
    const moved = jessica('runs', 'replay', dir);
    expect(moved.code).toBe(2);
    expect(moved.stdout).toMatch(/NOT reproduced/);
    expect(moved.stdout).toMatch(/inputs changed since the run:\n {4}use case bundled: version 1/);
    expect(moved.stdout).toMatch(/differences:\n {4}objective: /);
    expect(moved.stderr).toMatch(/did not reproduce the run/);
  });

  it('refuses a directory that is not a bundle and a missing run, in one line with exit 1', () => {
    const none = jessica('runs', 'replay', path.join(home, 'nothing'));
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/nothing\/bundle\.json: not found/);
    const missing = jessica('runs', 'export', '9999', '--bundle', path.join(home, 'b2'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no run 9999/);
  });
});
