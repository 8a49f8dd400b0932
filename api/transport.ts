import type { Envelope } from './envelope.ts';
import type { MethodArgs, MethodName } from './methods.ts';

/** How a shell reaches the core: in-process, over IPC or over HTTP, always the same envelopes. */
export interface Transport {
  invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Envelope<unknown>>;
  subscribe(event: string, handler: (payload: unknown) => void): () => void;
}
