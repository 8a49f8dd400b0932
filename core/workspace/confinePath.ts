import path from 'node:path';
import type { PathAccess } from '../../api/pathArguments.ts';
import { InputError } from '../errors.ts';
import type { PickedPaths } from './pickedPaths.ts';
import { realPath } from './realPath.ts';

/** Where an app shell lets its page read and write files. */
export interface Confinement {
  /** the workspace directory, as it really is (openWorkspace): relative paths are taken from it */
  workspace: string;
  /** the desktop app's: paths the user picked in a file dialog, allowed beside the workspace */
  picked?: PickedPaths;
}

function within(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * The path a method may be given for the page's argument `argument` (`value` as the page sent it), or an
 * InputError naming the argument. The rule: a relative path is taken from the workspace; the path, with
 * every symbolic link resolved, must be the workspace or inside it, so an absolute path elsewhere, a `..`
 * climbing out, or a link leading out is refused; or it is a path the user picked in a dialog for this
 * use (desktop). The answer is the resolved path, so the method opens exactly what was checked.
 */
export function confinePath(confinement: Confinement, argument: string, value: string, access: PathAccess): string {
  const { workspace, picked } = confinement;
  const refuse = (problem: string) => new InputError(problem, { field: argument });
  if (value.includes('\0')) throw refuse(`${JSON.stringify(value)} is not a path`);
  const candidate = path.resolve(workspace, value);
  let real: string;
  try {
    real = realPath(candidate);
  } catch (error) {
    throw refuse(`${value} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (picked?.allows(real, access)) return real;
  if (within(workspace, real)) return real;
  const elsewhere = picked ? ', or choose it in a file dialog' : '';
  if (within(workspace, candidate)) throw refuse(`${value} leads outside the workspace ${workspace} through a symbolic link${elsewhere}`);
  throw refuse(`${value} is outside the workspace ${workspace}: give a path inside it (a relative path is taken from there)${elsewhere}`);
}
