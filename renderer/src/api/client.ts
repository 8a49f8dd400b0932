import type { Envelope } from '../../../api/envelope.ts';
import type { JobMethod, JobProgress } from '../../../api/jobs.ts';
import type { MethodArgs, MethodName, MethodResult } from '../../../api/methods.ts';
import type { Transport } from '../../../api/transport.ts';
import { ApiFailure } from './apiFailure.ts';
import { startJob, type RunningJob } from './jobRunner.ts';

/** The renderer's one way to the core, whatever carries it (IPC in Electron, HTTP in a browser). */
export interface ApiClient {
  /** the envelope as the core answered */
  invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Envelope<MethodResult<M>>>;
  /** the value of an ok envelope; an error envelope is thrown as an ApiFailure */
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  subscribe: Transport['subscribe'];
  /** long work: `jobs/start`, then progress until the method's own envelope; throws an ApiFailure if it cannot start */
  startJob<M extends JobMethod>(method: M, args: MethodArgs<M>, onProgress?: (progress: JobProgress) => void): Promise<RunningJob<M>>;
}

export function createClient(transport: Transport, options: { pollMs?: number } = {}): ApiClient {
  return {
    invoke: (method, args) => transport.invoke(method, args),
    async call(method, args) {
      const envelope = await transport.invoke(method, args);
      if (!envelope.ok) throw new ApiFailure(envelope.error);
      return envelope.value;
    },
    subscribe: (event, handler) => transport.subscribe(event, handler),
    startJob: (method, args, onProgress) => startJob(transport, method, args, { onProgress, pollMs: options.pollMs }),
  };
}
