import fs from 'node:fs';
import path from 'node:path';

/** The app's workspace unless told otherwise: beside the store, in the data directory. */
export function defaultWorkspace(home: string): string {
  return path.join(home, 'workspace');
}

/**
 * Creates the workspace directory when it is missing and answers where it really is (symbolic links
 * resolved), which is what paths are checked against. Throws, naming it, when it is not a directory.
 */
export function openWorkspace(dir: string): string {
  const resolved = path.resolve(dir);
  try {
    fs.mkdirSync(resolved, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new Error(`the workspace ${resolved} is not a directory`);
    throw new Error(`the workspace ${resolved} cannot be created (${code ?? String(error)})`);
  }
  const real = fs.realpathSync.native(resolved);
  if (!fs.statSync(real).isDirectory()) throw new Error(`the workspace ${resolved} is not a directory`);
  return real;
}
