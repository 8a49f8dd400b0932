import type { Command } from 'commander';
import { runBatchWorker } from '../core/book/batchWorkerJobs.ts';
import type { WorkerEvent } from '../core/distributed/workerLoop.ts';
import { requireTeamDatabase } from '../core/sync/teamDatabaseUrl.ts';
import { positiveInteger } from './optionParsers.ts';
import { printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/**
 * `jessica worker`: takes distributed batches' jobs (cluster models, chunks of accounts) from the team PostgreSQL until
 * stopped (SIGINT or SIGTERM: the jobs in hand finish, then it exits 0). One line per job that fails and per lost
 * connection; with --verbose, one per job.
 */
export function workerCommand(program: Command, ctx: CommandContext): void {
  program
    .command('worker')
    .description('serve distributed batches: solve cluster models and map chunks of accounts taken from the team PostgreSQL')
    .option('--pg <url>', 'the team PostgreSQL (default: JESSICA_PG_URL, else the stored setting)')
    .option('--concurrency <n>', 'jobs at once, and threads for them (default: 1)', positiveInteger, 1)
    .option('--verbose', 'a line per job')
    .action(async (opts: { pg?: string; concurrency: number; verbose?: boolean }) => {
      const target = requireTeamDatabase(ctx.core().services.db, opts.pg);
      const stop = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
      const say = (event: WorkerEvent) => {
        const line = describe(event, opts.verbose === true);
        if (line === null) return;
        if (event.type === 'job-failed' || event.type === 'settle-lost') printError(line);
        else printOut(`${line}\n`);
      };
      printOut(`worker on ${target.redacted}, ${opts.concurrency} at once; SIGINT or SIGTERM to stop\n`);
      await runBatchWorker({ url: target.url, concurrency: opts.concurrency, signal: stop.signal, onEvent: say });
      printOut('worker stopped\n');
    });
}

function describe(event: WorkerEvent, verbose: boolean): string | null {
  switch (event.type) {
    case 'job-failed':
      return `${event.queue} job ${event.jobId} (attempt ${event.attempt + 1}) failed after ${event.ms} ms: ${event.error}`;
    case 'settle-lost':
      return `${event.queue} job ${event.jobId}: the database did not take its outcome (${event.error}); it will be retried`;
    case 'worker-waiting-for-database':
      return `waiting for the database: ${event.error}`;
    case 'error':
      return verbose ? `database: ${event.error.message}` : null;
    case 'job-started':
      return verbose ? `${event.queue} job ${event.jobId} started (attempt ${event.attempt + 1})` : null;
    case 'job-completed':
      return verbose ? `${event.queue} job ${event.jobId} done in ${event.ms} ms` : null;
    default:
      return null;
  }
}
