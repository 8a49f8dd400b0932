import type { PathAccess } from '../../api/pathArguments.ts';
import { realPath } from './realPath.ts';

/**
 * The files and directories the user chose in a file dialog of the desktop app during this session, with
 * what the dialog was for: a file opened may be read, a file saved or a directory chosen for output may be
 * written. The page may name these beside the workspace; the main process alone adds to them (the page can
 * only ask it to open a dialog), and they are forgotten when the app quits.
 */
export class PickedPaths {
  private readonly picked = new Map<string, Set<PathAccess>>();

  add(file: string, access: PathAccess): void {
    const real = realPath(file);
    const accesses = this.picked.get(real) ?? new Set<PathAccess>();
    accesses.add(access);
    this.picked.set(real, accesses);
  }

  /** Whether the user picked exactly this path (compared where it really is) for this use. */
  allows(file: string, access: PathAccess): boolean {
    return this.picked.get(realPath(file))?.has(access) ?? false;
  }
}
