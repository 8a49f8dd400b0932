import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyError } from 'fastify';
import { fail, type Envelope } from '../api/envelope.ts';
import type { Core } from '../core/createCore.ts';
import { confineCore } from '../core/workspace/confineCore.ts';
import { openWorkspace } from '../core/workspace/workspaceDirectory.ts';
import { streamEvents } from './eventStream.ts';
import { refusal } from './requestGuard.ts';
import { commonHeaders, contentSecurityPolicy } from './securityHeaders.ts';

export interface BridgeOptions {
  core: Pick<Core, 'dispatch' | 'subscribe'>;
  token: string;
  /** the only directory the page's file paths may reach (created when missing); relative paths are taken from it */
  workspace: string;
  /** the built renderer: index.html and its assets */
  rendererDir: string;
  /** 0 picks a free port */
  port: number;
  /** loopback only: the shell is for the person at this machine */
  host?: '127.0.0.1';
}

export interface Bridge {
  port: number;
  /** what the user opens: the page reads the token from it */
  url: string;
  /** the workspace, as it really is */
  workspace: string;
  close(): Promise<void>;
}

/** Arguments are a few fields and file paths; anything near a megabyte is not a call. */
const BODY_LIMIT = 1024 * 1024;

/** Envelopes leave as JSON text, so every transport hands the renderer the same JSON-plain value. */
function envelopeText(envelope: Envelope<unknown>): string {
  try {
    return JSON.stringify(envelope);
  } catch (error) {
    return JSON.stringify(fail({ code: 'internal', message: `the answer is not JSON: ${error instanceof Error ? error.message : String(error)}` }));
  }
}

function requestPath(url: string): string {
  return url.split('?')[0] ?? url;
}

function queryToken(query: unknown): string | undefined {
  const token = (query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/**
 * The browser shell (DESIGN section 2): `POST /rpc/domain/verb` with the arguments as the JSON body
 * answers the core's envelope, always with HTTP 200, unknown methods and invalid arguments included;
 * only what never reached the core (no token, a body that is not JSON or too large) gets a 4xx, still
 * as an envelope. `GET /events` upgrades to a WebSocket carrying every core event as `{event, payload}`.
 * Every other GET is the built renderer, falling back to index.html for the app's own routes.
 * Static files need no token (a script tag cannot send one); the Host check still applies to them.
 */
export async function createBridge(options: BridgeOptions): Promise<Bridge> {
  const { token, rendererDir } = options;
  const index = path.join(rendererDir, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: build the renderer first`);
  const workspace = openWorkspace(options.workspace);
  // the page is whatever a browser tab runs: its paths are confined, its failures cleaned of file data
  const core = confineCore(options.core, { workspace });

  let port = options.port;
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: BODY_LIMIT, onProtoPoisoning: 'error', onConstructorPoisoning: 'error' });
  // JSON is the only body the API reads; text/plain (which a cross-site form can send) is refused
  app.removeContentTypeParser('text/plain');

  // registered before the guard: its own onRequest hook marks upgrade requests, which is how it knows
  // to close the socket of an upgrade the guard refuses
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });

  app.addHook('onRequest', async (request, reply) => {
    const refused = refusal(
      {
        route: request.routeOptions.url,
        host: request.headers.host,
        origin: request.headers.origin,
        authorization: request.headers.authorization,
        queryToken: queryToken(request.query),
      },
      { port, token },
    );
    if (refused) return reply.code(refused.status).type('application/json; charset=utf-8').send(JSON.stringify(fail({ code: 'bad-input', message: refused.message })));
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(commonHeaders());
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', contentSecurityPolicy(port));
      // the page is tiny and changes with every build; the hashed assets may be cached
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `the request body is over ${BODY_LIMIT} bytes`
        : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'send the arguments as application/json'
          : `request body: ${error.message}`;
    const envelope = fail({ code: status < 500 ? 'bad-input' : 'internal', message: status < 500 ? message : error.message });
    return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(envelope));
  });

  app.get('/events', { websocket: true }, (socket) => streamEvents(socket, core));

  app.post('/rpc/*', async (request, reply) => {
    const method = (request.params as { '*': string })['*'];
    const envelope = await core.dispatch(method, request.body);
    return reply.code(200).type('application/json; charset=utf-8').send(envelopeText(envelope));
  });

  await app.register(fastifyStatic, { root: rendererDir, index: 'index.html', dotfiles: 'ignore' });

  app.setNotFoundHandler((request, reply) => {
    const pathname = requestPath(request.url);
    // the app's own routes (no file extension) are index.html; a missing asset stays a 404
    if ((request.method === 'GET' || request.method === 'HEAD') && !/^\/(rpc|events)(\/|$)/.test(pathname) && path.posix.extname(pathname) === '') {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    const envelope = fail({ code: 'unknown-method', message: `${request.method} ${pathname}: call methods as POST /rpc/domain/verb` });
    return reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(envelope));
  });

  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    workspace,
    close: () => app.close(),
  };
}
