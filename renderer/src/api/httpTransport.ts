import type { Envelope } from '../../../api/envelope.ts';
import type { EventName, EventPayloads } from '../../../api/events.ts';
import type { MethodArgs, MethodName, MethodResult } from '../../../api/methods.ts';
import type { Transport } from '../../../api/transport.ts';

export interface HttpTransportOptions {
  /** the server's origin, e.g. http://127.0.0.1:4321 */
  origin: string;
  token: string | null;
  /** delay before reopening the event socket after it closed */
  reconnectMs?: number;
}

type Handler = (payload: unknown) => void;

/**
 * The browser's way to the core: `POST /rpc/<method>` with the arguments as JSON, answered by an envelope,
 * and one WebSocket on `/events?token=…` carrying `{event, payload}` for every subscription. The socket opens
 * with the transport and reopens when it drops, so a job's first progress is not lost to a late connection.
 */
export function httpTransport({ origin, token, reconnectMs = 1000 }: HttpTransportOptions): Transport {
  const handlers = new Map<string, Set<Handler>>();

  function connect(): void {
    const url = new URL('/events', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (token) url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    ws.onmessage = (message) => {
      let parsed: { event?: unknown; payload?: unknown };
      try {
        parsed = JSON.parse(String(message.data)) as { event?: unknown; payload?: unknown };
      } catch {
        return;
      }
      if (typeof parsed.event !== 'string') return;
      for (const handler of handlers.get(parsed.event) ?? []) handler(parsed.payload);
    };
    ws.onclose = () => setTimeout(connect, reconnectMs);
  }
  connect();

  return {
    async invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Envelope<MethodResult<M>>> {
      let response: Response;
      try {
        response = await fetch(new URL(`/rpc/${method}`, origin), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(args ?? {}),
        });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: `cannot reach the Jessica server at ${origin}: ${why}` } };
      }
      const body: unknown = await response.json().catch(() => null);
      if (body && typeof body === 'object' && 'ok' in body) return body as Envelope<MethodResult<M>>;
      if (response.status === 401 || response.status === 403) {
        return {
          ok: false,
          error: { code: 'bad-input', message: 'the launch token is missing or wrong: open the address `jessica serve` printed' },
        };
      }
      return { ok: false, error: { code: 'internal', message: `${method}: the server answered ${response.status} ${response.statusText}` } };
    },

    subscribe<E extends EventName>(event: E, handler: (payload: EventPayloads[E]) => void): () => void {
      const set = handlers.get(event) ?? new Set<Handler>();
      handlers.set(event, set);
      const entry = handler as Handler;
      set.add(entry);
      return () => set.delete(entry);
    },
  };
}
