import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The built renderer is served under its own scheme instead of file://: a file:// page may load any
 * other local file as a subresource and has no origin of its own for the CSP's 'self' to mean, while
 * `jessica://app/` is one standard, secure origin holding only the renderer's files.
 */
export const APP_SCHEME = 'jessica';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/**
 * The file a request of the app scheme reads, or undefined when it names no file of the renderer.
 * Paths are resolved inside `rendererDir` and anything that would step out of it (`..`, encoded or
 * not) names nothing; a path without a file is one of the app's own routes and gets index.html.
 */
export function rendererFile(rendererDir: string, requestUrl: string): string | undefined {
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'app') return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname}`);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return path.extname(pathname) === '' ? path.join(root, 'index.html') : undefined;
}
