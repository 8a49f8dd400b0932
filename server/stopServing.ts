import type { Job } from '../api/jobs.ts';
import type { Core } from '../core/createCore.ts';
import type { Bridge } from './createBridge.ts';

/** How often the running jobs are looked at while they unwind. */
const POLL_MS = 20;

async function runningJobs(core: Pick<Core, 'dispatch'>): Promise<number> {
  const envelope = await core.dispatch('jobs/list', {});
  return envelope.ok ? (envelope.value as Job[]).filter((job) => job.state === 'running').length : 0;
}

/**
 * The browser shell's orderly stop: every running job is cancelled (an import stops at its next row and
 * drops its staging file, a solve at once), the bridge stops taking calls and closes its sockets, then the
 * jobs are given until `deadline` (a Date.now() value) to unwind. Answers how many are still running,
 * which the caller reports before it exits without them. The core's services are closed by the caller.
 */
export async function stopServing(core: Pick<Core, 'dispatch' | 'cancelJobs'>, bridge: Pick<Bridge, 'close'>, deadline: number): Promise<number> {
  core.cancelJobs();
  await bridge.close();
  let running = await runningJobs(core);
  while (running > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    running = await runningJobs(core);
  }
  return running;
}
