import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { confinePath, type Confinement } from './confinePath.ts';
import { PickedPaths } from './pickedPaths.ts';
import { openWorkspace } from './workspaceDirectory.ts';

let root: string;
let workspace: string;
let outside: string;
let confinement: Confinement;

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jessica-confine-')));
  workspace = openWorkspace(path.join(root, 'workspace'));
  outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.csv'), 'date,ticker,close\n');
  mkdirSync(path.join(workspace, 'data'));
  writeFileSync(path.join(workspace, 'data', 'prices.csv'), 'date,ticker,close\n');
  symlinkSync(path.join(outside, 'secret.csv'), path.join(workspace, 'link-to-secret.csv'));
  symlinkSync(outside, path.join(workspace, 'link-to-outside'));
  symlinkSync(path.join(outside, 'not-yet.csv'), path.join(workspace, 'dangling.csv'));
  symlinkSync(path.join(workspace, 'data'), path.join(workspace, 'link-to-data'));
  confinement = { workspace };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function refusal(value: string, access: 'read' | 'write' = 'read', within: Confinement = confinement): InputError {
  try {
    confinePath(within, 'pricesFile', value, access);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`${value} was not refused`);
}

describe('confinePath', () => {
  it('takes a relative path from the workspace, and answers where it really is', () => {
    expect(confinePath(confinement, 'pricesFile', 'data/prices.csv', 'read')).toBe(path.join(workspace, 'data/prices.csv'));
    expect(confinePath(confinement, 'out', 'runs/new/portfolio', 'write')).toBe(path.join(workspace, 'runs/new/portfolio'));
    expect(confinePath(confinement, 'pricesFile', './data/../data/prices.csv', 'read')).toBe(path.join(workspace, 'data/prices.csv'));
    expect(confinePath(confinement, 'out', '.', 'write')).toBe(workspace);
  });

  it('admits an absolute path inside the workspace, and a link that stays inside it', () => {
    expect(confinePath(confinement, 'pricesFile', path.join(workspace, 'data/prices.csv'), 'read')).toBe(path.join(workspace, 'data/prices.csv'));
    expect(confinePath(confinement, 'pricesFile', 'link-to-data/prices.csv', 'read')).toBe(path.join(workspace, 'data/prices.csv'));
  });

  it('refuses an absolute path elsewhere and a `..` that climbs out, naming the argument', () => {
    for (const value of ['/etc/shadow', '/etc/passwd', path.join(outside, 'secret.csv'), '../outside/secret.csv', 'data/../../outside/secret.csv', '..']) {
      const error = refusal(value);
      expect(error.where).toEqual({ field: 'pricesFile' });
      expect(error.message).toBe(`field pricesFile: ${value} is outside the workspace ${workspace}: give a path inside it (a relative path is taken from there)`);
    }
  });

  it('refuses a symbolic link that leads out, to a file, a directory, or nothing yet (a write would create it)', () => {
    for (const [value, access] of [
      ['link-to-secret.csv', 'read'],
      ['link-to-outside/secret.csv', 'read'],
      ['link-to-outside/new-book.csv', 'write'],
      ['dangling.csv', 'write'],
    ] as const) {
      expect(refusal(value, access).message, value).toMatch(new RegExp(`^field pricesFile: ${value} leads outside the workspace .* through a symbolic link$`));
    }
  });

  it('refuses what is not a path', () => {
    expect(refusal('prices\0.csv').message).toMatch(/is not a path/);
  });

  it('admits, in the desktop app, exactly what the user picked for that use', () => {
    const picked = new PickedPaths();
    const desktop: Confinement = { workspace, picked };
    const secret = path.join(outside, 'secret.csv');
    expect(refusal(secret, 'read', desktop).message).toMatch(/, or choose it in a file dialog$/);
    picked.add(secret, 'read');
    expect(confinePath(desktop, 'pricesFile', secret, 'read')).toBe(secret);
    // through the workspace's link to it: the same file
    expect(confinePath(desktop, 'pricesFile', 'link-to-secret.csv', 'read')).toBe(secret);
    expect(refusal(secret, 'write', desktop).where).toEqual({ field: 'pricesFile' });
    expect(refusal(path.join(outside, 'other.csv'), 'read', desktop).where).toEqual({ field: 'pricesFile' });
    picked.add(path.join(outside, 'to-be-written.csv'), 'write');
    expect(confinePath(desktop, 'out', path.join(outside, 'to-be-written.csv'), 'write')).toBe(path.join(outside, 'to-be-written.csv'));
  });
});

describe('openWorkspace', () => {
  it('creates the directory, answers where it really is, and refuses a file', () => {
    symlinkSync(workspace, path.join(root, 'workspace-link'));
    expect(openWorkspace(path.join(root, 'workspace-link'))).toBe(workspace);
    expect(openWorkspace(path.join(root, 'fresh', 'ws'))).toBe(path.join(root, 'fresh', 'ws'));
    expect(() => openWorkspace(path.join(workspace, 'data', 'prices.csv'))).toThrow(/is not a directory/);
  });
});
