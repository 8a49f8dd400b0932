import { tokenMatches } from './launchToken.ts';

export interface GuardedRequest {
  /**
   * The route the request reached, as registered (`/rpc/*`, `/events`), or undefined when none did.
   * The route, not the request's path: the router decodes the path (`/%72pc/...` reaches `/rpc/*`),
   * so a check on the raw path would let an encoded spelling through.
   */
  route: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** `?token=` of the URL: browsers cannot set headers on a WebSocket */
  queryToken: string | undefined;
}

export interface Refusal {
  status: 401 | 403;
  message: string;
}

/** The API's routes need the launch token; the built renderer's files do not (script tags cannot send it). */
export function needsToken(route: string | undefined): boolean {
  return route !== undefined && (route === '/events' || route.startsWith('/rpc/'));
}

const loopbackNames = ['127.0.0.1', 'localhost'];

/**
 * Admits a request, or says why not.
 * - Host must name the loopback port: a DNS-rebinding page reaches 127.0.0.1 under its own host
 *   name, and this is the check that tells it apart.
 * - Origin, when a browser sends one, must be this shell: no other site's page may call it (there is
 *   no CORS, so it could not read answers, but a POST would still run).
 * - The API needs the token, as a Bearer header or, for the event socket only, the URL's `token`.
 */
export function refusal(request: GuardedRequest, shell: { port: number; token: string }): Refusal | undefined {
  const allowedHosts = loopbackNames.map((name) => `${name}:${shell.port}`);
  if (request.host === undefined || !allowedHosts.includes(request.host.toLowerCase())) {
    return { status: 403, message: `Host "${request.host ?? ''}" is not this app: open http://127.0.0.1:${shell.port}/` };
  }
  if (request.origin !== undefined && !allowedHosts.some((host) => request.origin!.toLowerCase() === `http://${host}`)) {
    return { status: 403, message: `requests from ${request.origin} are not accepted` };
  }
  if (!needsToken(request.route)) return undefined;
  const bearer = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
  const given = bearer ?? (request.route === '/events' ? request.queryToken : undefined);
  if (!tokenMatches(shell.token, given)) {
    return { status: 401, message: 'missing or wrong token: open the URL that `jessica serve` printed' };
  }
  return undefined;
}
