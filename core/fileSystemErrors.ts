import type { ApiError } from '../api/envelope.ts';

/**
 * Node's file-system errors (`EACCES: permission denied, open '/x/y'`) in words, with the path first, so a shell
 * prints one line naming the file. What the user fixes by pointing elsewhere or freeing something (permissions,
 * a read-only disk, a full one, a path that is not there) is bad input (exit 1); the rest (an I/O error, too many
 * open files) is not the user's input, so it is an internal failure (exit 2), still naming the path.
 */
const PROBLEMS: Readonly<Record<string, readonly [string, 'bad-input' | 'internal']>> = {
  EACCES: ['permission denied', 'bad-input'],
  EPERM: ['operation not permitted', 'bad-input'],
  EROFS: ['the file system is read-only', 'bad-input'],
  ENOSPC: ['no space left on the device', 'bad-input'],
  EDQUOT: ['the disk quota is used up', 'bad-input'],
  EFBIG: ['the file is too large for the file system', 'bad-input'],
  ENOENT: ['no such file or directory', 'bad-input'],
  ENOTDIR: ['a part of the path is a file, not a directory', 'bad-input'],
  EISDIR: ['is a directory, not a file', 'bad-input'],
  EEXIST: ['already exists as something else (a file where a directory is wanted)', 'bad-input'],
  ENOTEMPTY: ['the directory is not empty', 'bad-input'],
  ENAMETOOLONG: ['the name is too long', 'bad-input'],
  ELOOP: ['too many levels of symbolic links', 'bad-input'],
  EBUSY: ['is busy (a mount point, or in use)', 'bad-input'],
  EXDEV: ['is on another file system', 'bad-input'],
  EIO: ['an input/output error on the device', 'internal'],
  EMFILE: ['too many open files', 'internal'],
  ENFILE: ['too many open files in the system', 'internal'],
};

/** The envelope's error for a file-system error that names its path; undefined for anything else. */
export function fileSystemFailure(error: unknown): ApiError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path: file } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof file !== 'string') return undefined;
  const [words, kind] = PROBLEMS[code] ?? [error.message, 'internal'];
  return { code: kind, message: `${file}: ${words} (${code})`, where: { file } };
}
