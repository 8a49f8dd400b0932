import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { foreignEntries } from './atomicOutput.ts';

/**
 * The places a job will write, checked before it does any work: a batch that fails only when it writes, after
 * minutes of solving, with `EEXIST` or `ENOTDIR`, is the failure these prevent. Each refusal is one line naming the
 * option and the path (`--out out/book: is a file, not a directory`), exit 1.
 *
 * `option` is the command line's name for the path (`--out`, `--write-model`); `field` the method's argument.
 */
export interface OutputOption {
  option: string;
  field: string;
}

/**
 * A directory to be replaced whole (atomicOutput.ts): absent (its nearest existing parent a directory Jessica may
 * write in), or a directory that is empty or holds only a previous run's output files, on the same file system as
 * its parent (the swap is a rename).
 */
export function checkOutputDirectory(dir: string, where: OutputOption): void {
  const refuse = refusal(dir, where);
  const absolute = path.resolve(dir);
  const parent = path.dirname(absolute);
  if (parent === absolute) throw refuse('is the root directory: give a directory inside it');
  const stat = statOrUndefined(absolute);
  if (stat === undefined) {
    checkWritableAncestor(parent, refuse);
    return;
  }
  if (!stat.isDirectory()) throw refuse('is a file, not a directory: give a new directory, or the directory of a previous run');
  const foreign = foreignEntries(absolute);
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
    throw refuse(
      `holds ${shown}, which ${foreign.length === 1 ? 'is' : 'are'} not a run's output: the output directory is replaced whole, so give a new or empty directory, or one a previous run wrote`,
    );
  }
  const real = fs.realpathSync(absolute);
  if (fs.statSync(path.dirname(real)).dev !== stat.dev) throw refuse('is a mount point, which cannot be replaced: give a directory inside it');
  // the new output is written beside the directory and renamed over it
  checkWritableAncestor(path.dirname(real), refuse);
}

/** A file to be written (replaced when present): not a directory, its nearest existing parent a directory Jessica may write in. */
export function checkOutputFile(file: string, where: OutputOption): void {
  const refuse = refusal(file, where);
  const absolute = path.resolve(file);
  const stat = statOrUndefined(absolute);
  if (stat?.isDirectory()) throw refuse('is a directory: give the file to write');
  checkWritableAncestor(path.dirname(absolute), refuse);
}

/** The nearest existing directory on the way up must be a directory, writable and searchable (it receives the new files or folders). */
function checkWritableAncestor(dir: string, refuse: (problem: string) => InputError): void {
  let existing = dir;
  let stat = statOrUndefined(existing);
  while (stat === undefined && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
    stat = statOrUndefined(existing);
  }
  if (stat === undefined) throw refuse(`no part of the path exists`);
  if (!stat.isDirectory()) throw refuse(`${existing} is a file, not a directory`);
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
    const why = code === 'EROFS' ? 'it is on a read-only file system' : 'permission denied';
    throw refuse(`cannot write in ${existing} (${why}, ${code})`);
  }
}

function refusal(file: string, { option, field }: OutputOption): (problem: string) => InputError {
  return (problem) => new InputError(`${option} ${file}: ${problem}`, { file, field }, { placed: true });
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // a part of the path is a file: say which, as the walk up finds it
    if (code === 'ENOTDIR') return undefined;
    throw error;
  }
}
