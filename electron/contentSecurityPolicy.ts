/**
 * The desktop page's Content-Security-Policy, sent as a response header for every page the session
 * loads. Built: everything from the app's own origin, nothing inline, no eval, no plugins, no <base>
 * rewriting, no form posts, no framing; the core is reached over IPC, so no network at all beyond
 * the app's files.
 *
 * With `devServer` (electron-vite's renderer dev server, never in a packaged app) two allowances that
 * hot reloading needs: the inline React Refresh preamble and the dev server's HMR socket.
 */
export function contentSecurityPolicy(options: { devServer?: string } = {}): string {
  const dev = options.devServer === undefined ? undefined : new URL(options.devServer);
  const hmrSocket = dev && `ws://${dev.host}`;
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    dev ? `connect-src 'self' ${hmrSocket}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
