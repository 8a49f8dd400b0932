import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobMethods } from '../../api/jobs.ts';
import { methods } from '../../api/methods.ts';
import { pathArgumentsOf } from '../../api/pathArguments.ts';
import { InputError } from '../errors.ts';
import { confineArguments } from './confineArguments.ts';
import type { Confinement } from './confinePath.ts';
import { openWorkspace } from './workspaceDirectory.ts';

let root: string;
let confinement: Confinement;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jessica-confine-args-'));
  confinement = { workspace: openWorkspace(path.join(root, 'workspace')) };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function refusedField(method: string, args: unknown): string | undefined {
  try {
    confineArguments(method, args, confinement);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).where.field;
  }
}

describe('confineArguments', () => {
  it("rewrites each path argument to its resolved path and keeps the others, listing the paths with the user's spelling", () => {
    const call = confineArguments('data/import', { universe: 'sp500', pricesFile: 'sp500/prices.csv.gz', indexFile: 'index.csv' }, confinement);
    expect(call.args).toEqual({ universe: 'sp500', pricesFile: path.join(confinement.workspace, 'sp500/prices.csv.gz'), indexFile: path.join(confinement.workspace, 'index.csv') });
    expect(call.paths).toEqual([
      { argument: 'pricesFile', given: 'sp500/prices.csv.gz', resolved: path.join(confinement.workspace, 'sp500/prices.csv.gz'), access: 'read' },
      { argument: 'indexFile', given: 'index.csv', resolved: path.join(confinement.workspace, 'index.csv'), access: 'read' },
    ]);
  });

  it('refuses a path outside the workspace in every path argument of every method, and of every job it starts', () => {
    const missed: string[] = [];
    for (const method of Object.keys(methods)) {
      for (const [argument] of pathArgumentsOf(method)) {
        if (refusedField(method, { [argument]: '/etc/passwd' }) !== argument) missed.push(`${method} ${argument}`);
        if ((jobMethods as readonly string[]).includes(method) && refusedField('jobs/start', { method, args: { [argument]: '../escape.csv' } }) !== argument) {
          missed.push(`jobs/start ${method} ${argument}`);
        }
      }
    }
    expect(missed).toEqual([]);
    // every job method that takes a path was walked
    expect(jobMethods.filter((m) => pathArgumentsOf(m).length > 0)).toEqual(['portfolio/optimize', 'data/import', 'data/yahoo', 'book/batch', 'book/minimums', 'solvers/compare', 'runs/replay', 'bench/run']);
  });

  it("leaves what is not a path argument's string to the method's schema", () => {
    for (const args of [undefined, null, [], 'data.csv', { pricesFile: 42 }, { pricesFile: '' }, { pricesFile: ['/etc/passwd'] }]) {
      expect(confineArguments('data/import', args, confinement)).toEqual({ args, paths: [] });
    }
    expect(confineArguments('jobs/start', { method: 'data/import' }, confinement)).toEqual({ args: { method: 'data/import' }, paths: [] });
    expect(confineArguments('usecases/show', { id: '/etc/passwd' }, confinement).paths).toEqual([]);
  });
});
