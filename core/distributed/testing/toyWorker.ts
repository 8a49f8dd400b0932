/**
 * A worker process for the tests and the queue bench: squares `value` from its job's data after `sleepMs` and
 * writes the result (kind "square", the job's key) with putResult. Prints every event as one JSON line on stdout;
 * SIGTERM stops it gracefully.
 *
 *   node --import tsx core/distributed/testing/toyWorker.ts '{"url":"postgres://…","queue":"toy","concurrency":2}'
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchStore } from '../batchStore.ts';
import type { JobMeta } from '../jobSlots.ts';
import { runWorker } from '../workerLoop.ts';
import { TOY_KIND, type ToyJob, type ToyWorkerConfig } from './toyWorkers.ts';

const config = JSON.parse(process.argv[2] ?? '') as ToyWorkerConfig;
const perJob = new Set(['job-started', 'job-completed', 'squared']);
// the bench's workers stay quiet per job, so what it times is the queue rather than the printing
const say = (event: { type: string; [field: string]: unknown }) => {
  if (!(config.quiet && perJob.has(event.type))) process.stdout.write(`${JSON.stringify(event)}\n`);
};
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
process.on('SIGINT', () => stop.abort());

const store = await BatchStore.open(config.url, { onError: (error) => say({ type: 'store-error', error: error.message }) });
const square = async (job: ToyJob, meta: JobMeta) => {
  if (job.sleepMs) await sleep(job.sleepMs, undefined, { signal: meta.signal });
  await store.putResult(job.batchId, TOY_KIND, job.key, Buffer.from(String(job.value * job.value)), meta.worker, meta.attempt);
  say({ type: 'squared', key: job.key, jobId: meta.jobId, attempt: meta.attempt });
};

await runWorker({
  url: config.url,
  concurrency: config.concurrency,
  handlers: { [config.queue]: square },
  signal: stop.signal,
  onEvent: (event) => say('error' in event && event.error instanceof Error ? { ...event, error: event.error.message } : event),
  pollingIntervalSeconds: config.pollingIntervalSeconds ?? 0.5,
  ...(config.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: config.maintenanceIntervalSeconds } : {}),
});
await store.close();
say({ type: 'exit', maxRssMb: process.resourceUsage().maxRSS / 1024 });
