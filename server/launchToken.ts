import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret a browser tab proves it was opened from the URL `jessica serve` printed. Any page the
 * user visits can reach 127.0.0.1, so the loopback address alone authorizes nothing. A new token per
 * launch (256 random bits) unless JESSICA_TOKEN pins one, e.g. for a bookmark or a test harness.
 */
export function launchToken(env: NodeJS.ProcessEnv = process.env): string {
  const pinned = env.JESSICA_TOKEN;
  return pinned !== undefined && pinned.length > 0 ? pinned : randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison, so response timing does not reveal how many leading characters of a
 * guess were right. Both sides are hashed first because timingSafeEqual needs equal lengths and
 * comparing lengths directly would leak the token's length.
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
