import fs from 'node:fs';
import path from 'node:path';

/** Symbolic links followed before giving up: the kernel's own limit (ELOOP) is 40. */
const MAX_LINKS = 40;

/**
 * Where `file` really is: every symbolic link on the way resolved, for the part of the path that exists,
 * with the part that does not yet exist (a file or directory about to be written) appended. A link that
 * points at nothing is followed too, since writing through it would create its target.
 */
export function realPath(file: string, linksLeft = MAX_LINKS): string {
  const missing: string[] = [];
  let existing = path.resolve(file);
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    const dangling = danglingLinkTarget(existing);
    if (dangling !== undefined) {
      if (linksLeft <= 0) throw Object.assign(new Error(`too many symbolic links at ${existing}`), { code: 'ELOOP' });
      return realPath(path.join(dangling, ...missing), linksLeft - 1);
    }
    const parent = path.dirname(existing);
    if (parent === existing) return path.join(existing, ...missing);
    missing.unshift(path.basename(existing));
    existing = parent;
  }
}

function danglingLinkTarget(file: string): string | undefined {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return undefined;
    // from the link's directory as it really is: a `..` in the target climbs out of that, not of its spelling
    return path.resolve(fs.realpathSync.native(path.dirname(file)), fs.readlinkSync(file));
  } catch {
    return undefined;
  }
}
