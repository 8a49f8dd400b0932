import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { clearDeadSiblings, replaceFiles, StagedDirectory } from './atomicOutput.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jessica-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that ran and is gone: a child that exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

const contents = (d: string) => Object.fromEntries(readdirSync(d).sort().map((f) => [f, readFileSync(path.join(d, f), 'utf8')]));

describe('StagedDirectory', () => {
  it('writes beside the target and puts the whole directory in place on commit, replacing a previous output', () => {
    const out = path.join(dir, 'a', 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'portfolio.csv'), 'old');
    writeFileSync(path.join(out, 'trades.csv'), 'old trades');
    const staged = StagedDirectory.open(out, '--out');
    expect(path.dirname(staged.staging)).toBe(path.dirname(out));
    expect(staged.write('portfolio.csv', 'new')).toBe(path.join(out, 'portfolio.csv'));
    // until the commit the previous output is untouched
    expect(contents(out)).toEqual({ 'portfolio.csv': 'old', 'trades.csv': 'old trades' });
    staged.write('run.json', '{}');
    staged.commit();
    expect(contents(out)).toEqual({ 'portfolio.csv': 'new', 'run.json': '{}' });
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('discard leaves the previous output as it was and no sibling behind', () => {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'run.json'), 'previous');
    const staged = StagedDirectory.open(out, '--out');
    staged.write('portfolio.csv', 'half');
    staged.discard();
    expect(contents(out)).toEqual({ 'run.json': 'previous' });
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it("refuses at commit to replace a directory that has come to hold the user's own files", () => {
    const out = path.join(dir, 'out');
    const staged = StagedDirectory.open(out, '--out');
    staged.write('run.json', '{}');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    expect(() => staged.commit()).toThrow(InputError);
    expect(() => staged.commit()).toThrow(/--out .*out: now holds notes.txt, not written by Jessica/);
    staged.discard();
    expect(contents(out)).toEqual({ 'notes.txt': 'mine' });
  });

  it("removes what dead writers left, and puts back a previous output a writer killed between its renames had moved aside", () => {
    const out = path.join(dir, 'out');
    const dead = deadPid();
    const leftover = `${out}.tmp-${dead}-0123abcd`;
    const aside = `${out}.old-${dead}-89abcdef`;
    const live = `${out}.tmp-${process.pid}-00000000`;
    for (const d of [leftover, aside, live]) mkdirSync(d);
    writeFileSync(path.join(aside, 'run.json'), 'previous');
    writeFileSync(path.join(dir, 'out.tmp-notes'), 'not ours');
    clearDeadSiblings(out);
    expect(contents(out)).toEqual({ 'run.json': 'previous' });
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(aside)).toBe(false);
    // a live writer's staging and files that only look alike stay
    expect(existsSync(live)).toBe(true);
    expect(existsSync(path.join(dir, 'out.tmp-notes'))).toBe(true);
  });
});

describe('replaceFiles', () => {
  it('replaces each file whole, creating parents, and leaves no temporary file', () => {
    const a = path.join(dir, 'x', 'accounts.csv');
    const b = path.join(dir, 'x', 'lots.csv');
    replaceFiles([{ file: a, data: 'one' }]);
    replaceFiles([
      { file: a, data: 'two' },
      { file: b, data: 'lots' },
    ]);
    expect(contents(path.join(dir, 'x'))).toEqual({ 'accounts.csv': 'two', 'lots.csv': 'lots' });
  });

  it('replaces none of the files when one cannot be written', () => {
    const a = path.join(dir, 'accounts.csv');
    writeFileSync(a, 'before');
    writeFileSync(path.join(dir, 'plain'), 'a file, not a directory');
    expect(() =>
      replaceFiles([
        { file: a, data: 'after' },
        { file: path.join(dir, 'plain', 'lots.csv'), data: 'lots' },
      ]),
    ).toThrow();
    expect(readFileSync(a, 'utf8')).toBe('before');
    expect(readdirSync(dir).sort()).toEqual(['accounts.csv', 'plain']);
  });
});
