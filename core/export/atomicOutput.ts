import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { isProcessRunning } from '../runningProcess.ts';

/**
 * Outputs that are whole or absent, never a mix of two runs nor a run cut short.
 *
 * A directory (`optimize`, `batch`, `minimums --out D`) is written into a sibling `D.tmp-<pid>-<random>`; once every
 * file is in it (run.json last) it is put in place by renames: the previous output, if any, is renamed aside to
 * `D.old-<pid>-<random>`, the new one renamed to `D`, and the old one removed. Whenever the process is killed:
 *   - `D` is the previous output, complete, or the new one, complete, never a mix and never a partial one;
 *   - but in the instant between the two renames `D` is absent, the previous output whole at `D.old-…`: the next
 *     write into `D` renames it back before anything else;
 *   - the files being written sit only under `D.tmp-…`, a name nothing reads as an output.
 * Files written together (`accounts generate --out --holdings-out`, `--write-model` and its names) go to
 * `FILE.tmp-<pid>-<random>` each and are renamed over their targets back to back once all are written: each file
 * is whole, and only a kill in the instant between two renames leaves one new beside one old.
 * Leftovers of dead processes (`.tmp-` and `.old-` siblings whose pid no longer runs) are removed by the next write
 * into the same place. The guarantee is against a killed process, not a power cut: nothing is fsynced (a batch's
 * files are hundreds of megabytes).
 *
 * Only a directory that is empty or holds nothing but output files is ever replaced, so `--out .` in a project or
 * `--out ~` can never take the user's own files with it: outputPaths.ts refuses such a directory before any work,
 * and the swap checks again.
 */

/** Every file a Jessica command writes into an output directory: a directory holding only these is a previous output. */
export const OUTPUT_FILE_NAMES: ReadonlySet<string> = new Set([
  'run.json',
  'portfolio.csv',
  'frontier.csv',
  'clusters.csv',
  'allocations.csv',
  'trades.csv',
  'accounts.csv',
  'comparison.csv',
  'bench.csv',
  'bench.md',
]);

/** Files named per solver run of `compare`: highs.portfolio.csv, cbc-no-start.log. */
const PER_SOLVER_OUTPUT = /^(highs|cbc|gurobi)(-no-start)?\.(portfolio\.csv|log)$/;

/** A run's bundle (`runs export`): its manifest, model, waterfall and copies of the files the run read. */
const BUNDLE_OUTPUT = /^(bundle\.json|model\.mps|model\.names\.json|waterfall\.html|input\.[a-z-]+\.csv)$/;

/** What file browsers leave in a folder someone looked at: no one's work, so it does not stop a replacement. */
const BROWSER_LITTER: ReadonlySet<string> = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

const SIBLING = /^(.+)\.(tmp|old)-(\d+)-[0-9a-f]{8}$/;

/**
 * The entries of an existing directory that are not output files (another run's output may be replaced, anything
 * else is the user's); empty when the directory may be replaced.
 */
export function foreignEntries(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !(e.isFile() && (OUTPUT_FILE_NAMES.has(e.name) || PER_SOLVER_OUTPUT.test(e.name) || BUNDLE_OUTPUT.test(e.name) || BROWSER_LITTER.has(e.name))))
    .map((e) => e.name);
}

/** A directory's output written beside it and put in place whole; `discard` after a failure (a no-op once committed). */
export class StagedDirectory {
  private committed = false;

  private constructor(
    /** the directory as the user gave it: what results report */
    readonly target: string,
    /** the directory the files are written into until the commit */
    readonly staging: string,
    private readonly resolved: string,
    private readonly option: string,
  ) {}

  /** Creates the staging sibling of `target` (and its parents), after clearing what dead writers left there. */
  static open(target: string, option: string): StagedDirectory {
    const resolved = resolveTarget(target);
    fs.mkdirSync(path.dirname(resolved), { recursive: true });
    clearDeadSiblings(resolved);
    const staging = siblingPath(resolved, 'tmp');
    fs.mkdirSync(staging);
    return new StagedDirectory(target, staging, resolved, option);
  }

  /** Where to write `name` now. */
  staged(name: string): string {
    return path.join(this.staging, name);
  }

  /** Where `name` will be once committed, as results and messages name it. */
  final(name: string): string {
    return path.join(this.target, name);
  }

  /** Writes a small file (portfolio.csv, run.json) into the staging directory; answers where it will be. */
  write(name: string, text: string): string {
    fs.writeFileSync(this.staged(name), text);
    return this.final(name);
  }

  /** Puts the staged directory in place of `target` (see the guarantee above). */
  commit(): void {
    const asides: string[] = [];
    // another writer committing into the same place between our two renames makes the second fail: put theirs aside too
    for (let attempt = 0; ; attempt++) {
      const aside = this.moveAside();
      if (aside) asides.push(aside);
      try {
        fs.renameSync(this.staging, this.resolved);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt < 3 && (code === 'ENOTEMPTY' || code === 'EEXIST')) continue;
        const previous = asides.pop();
        if (previous && !fs.existsSync(this.resolved)) fs.renameSync(previous, this.resolved);
        throw error;
      }
    }
    this.committed = true;
    for (const aside of asides) fs.rmSync(aside, { recursive: true, force: true });
  }

  /** Removes the staged files: the run failed, the previous output stays as it was. */
  discard(): void {
    if (!this.committed) fs.rmSync(this.staging, { recursive: true, force: true });
  }

  /** Renames the present output aside, after checking it is one; undefined when there is none. */
  private moveAside(): string | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(this.resolved);
    } catch {
      return undefined;
    }
    const foreign = stat.isDirectory() ? foreignEntries(this.resolved) : [path.basename(this.resolved)];
    if (foreign.length > 0) {
      throw new InputError(
        `${this.option} ${this.target}: now holds ${foreign.slice(0, 3).join(', ')}, not written by Jessica, so the new output was not put there`,
        { file: this.target },
        { placed: true },
      );
    }
    const aside = siblingPath(this.resolved, 'old');
    fs.renameSync(this.resolved, aside);
    return aside;
  }
}

/** Writes each file beside its target and renames them all over their targets once every one is written. */
export function replaceFiles(files: readonly { file: string; data: string | Uint8Array }[]): void {
  const staged: { temporary: string; target: string }[] = [];
  try {
    for (const { file, data } of files) {
      const target = resolveTarget(file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      clearDeadSiblings(target);
      const temporary = siblingPath(target, 'tmp');
      staged.push({ temporary, target });
      fs.writeFileSync(temporary, data, { flag: 'wx' });
    }
    for (const { temporary, target } of staged) fs.renameSync(temporary, target);
  } catch (error) {
    for (const { temporary } of staged) fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes the `.tmp-` and `.old-` siblings of `target` whose writer is dead; when `target` itself is missing because
 * its writer died between its two renames, the previous output it had moved aside is put back first.
 */
export function clearDeadSiblings(target: string): void {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const dead = names
    .map((name) => ({ name, match: SIBLING.exec(name) }))
    .filter(({ match }) => match !== null && match[1] === base && !isProcessRunning(Number(match[3])))
    .map(({ name, match }) => ({ file: path.join(dir, name), kind: match![2] }));
  const previous = dead.find((d) => d.kind === 'old');
  if (previous && !fs.existsSync(target)) {
    fs.renameSync(previous.file, target);
    dead.splice(dead.indexOf(previous), 1);
  }
  for (const d of dead) fs.rmSync(d.file, { recursive: true, force: true });
}

function siblingPath(target: string, kind: 'tmp' | 'old'): string {
  return `${target}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The absolute path to write, through a symbolic link the user pointed at (the link stays, its target is replaced). */
function resolveTarget(target: string): string {
  const absolute = path.resolve(target);
  try {
    return fs.lstatSync(absolute).isSymbolicLink() ? fs.realpathSync(absolute) : absolute;
  } catch {
    return absolute;
  }
}

