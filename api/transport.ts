import type { Envelope } from './envelope.ts';
import type { EventName, EventPayloads } from './events.ts';
import type { MethodArgs, MethodName, MethodResult } from './methods.ts';

/** How a shell reaches the core: in-process, over IPC or over HTTP, always the same envelopes. */
export interface Transport {
  invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Envelope<MethodResult<M>>>;
  subscribe<E extends EventName>(event: E, handler: (payload: EventPayloads[E]) => void): () => void;
}
