import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where an executable runs from, as a shell would find it: a name is looked up in the directories of PATH, in order,
 * and the first executable file wins; a path (it holds a slash) is taken as it is, resolved against the working
 * directory. The answer is an absolute path, or undefined when there is no such executable.
 */
export function findExecutable(executable: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (executable.includes('/') || executable.includes(path.sep)) {
    const file = path.resolve(executable);
    return isExecutable(file) ? file : undefined;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.resolve(dir, executable);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

/** A file (not a directory, which X_OK also passes) that this user may execute. */
function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
