/**
 * Headers of every response of the browser shell. The page holds the launch token in its URL, so it
 * must not leak it (no Referer), be framed by another site (clickjacking) or run script that did not
 * come from the built renderer (a strict CSP without 'unsafe-inline' or 'unsafe-eval').
 */
export function commonHeaders(): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * The Content-Security-Policy of the app's HTML: everything from the shell's own origin, the event
 * socket on the loopback port under either name the Host check admits, nothing inline, no plugins,
 * no <base> rewriting, no form posts, no framing.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
