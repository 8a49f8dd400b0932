import { InvalidArgumentError, type Command } from 'commander';
import { benchPresets, type BenchResult } from '../api/bench.ts';
import type { Envelope } from '../api/envelope.ts';
import type { EventPayloads } from '../api/events.ts';
import type { Job } from '../api/jobs.ts';
import { benchTable } from '../core/bench/benchMarkdown.ts';
import { positiveInteger } from './optionParsers.ts';
import { printData, printError, printOut, terminalLine } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/** The bench's report: its table, why rows were skipped or failed, where the files are. */
export function printBench(r: BenchResult): string {
  const lines = [`bench ${r.matrix} [run ${r.runId}]: ${r.rows.length} rows, ${r.repeats} timed run${r.repeats === 1 ? '' : 's'} each after a warm-up (unless the matrix says otherwise)`, '', benchTable(r.rows), ''];
  for (const row of r.rows) if (row.reason !== null) lines.push(`${row.label}: ${row.status}: ${row.reason}`);
  lines.push(
    `environment: ${r.environment.cpu}, ${r.environment.cores} cores, ${r.environment.memoryGiB} GiB, ${r.environment.platform}, node ${r.environment.node}`,
    ...r.files.map((f) => `wrote ${f}`),
    `setup ${r.setupSeconds.toFixed(1)} s, the whole bench ${r.seconds.toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `jessica bench`: the performance-train bench as a job (bench/run), a line on stderr as each row starts, the table
 * on stdout at the end. Ctrl-C cancels it between runs (a running solve at once) and it is stored as cancelled.
 * Exit 2 when a row failed; a row skipped with its reason (no team database for the postgres variant, no Chromium
 * for the screens) is no failure. The command gives the core its screen timer (cli/screenTimer.ts: Chromium on the
 * built app), which the app's Bench screen has not: only here do the screens rows run.
 */
export function benchCommand(program: Command, ctx: CommandContext): void {
  program
    .command('bench')
    .description(
      'run the standard workloads across the variants a matrix names (solver, workers, universe, lookback, objective, store, book size, screen); writes bench.csv and bench.md',
    )
    .option('--matrix <file>', 'the matrix, JSON or YAML (default: bench/matrix.default.yaml)')
    .option('--preset <name>', `a matrix shipped in bench/: ${benchPresets.join(' | ')}`, preset)
    .option('--repeats <n>', "timed runs per row, after one untimed warm-up (default: the matrix's)", positiveInteger)
    .option('--out <dir>', 'write bench.csv, bench.md and run.json here')
    .option('--pg <url>', 'the team database the postgres store variant reads prices from (default: JESSICA_PG_URL, else the stored setting; none: skipped)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { matrix?: string; preset?: string; repeats?: number; out?: string; pg?: string; json?: boolean }) => {
      if (opts.matrix !== undefined && opts.preset !== undefined) {
        printError('jessica: give --matrix or --preset, not both');
        process.exitCode = 1;
        return;
      }
      const args = {
        ...(opts.matrix === undefined ? {} : { matrixFile: opts.matrix }),
        ...(opts.preset === undefined ? {} : { preset: opts.preset }),
        ...(opts.repeats === undefined ? {} : { repeats: opts.repeats }),
        ...(opts.out === undefined ? {} : { out: opts.out }),
        ...(opts.pg === undefined ? {} : { pgUrl: opts.pg }),
      };
      const { services } = ctx.core();
      // loaded only here: the timer brings the browser shell's server, and Playwright once a screens row runs
      services.screenTimer ??= (await import('./screenTimer.ts')).chromiumScreenTimer({ log: (line) => printError(terminalLine(line)) });
      const result = ctx.settle<BenchResult>(await runWithRowLines(ctx, args));
      if (!result) return;
      if (opts.json) printData(`${JSON.stringify(result, null, 2)}\n`);
      else printOut(printBench(result));
      if (result.failed > 0) {
        printError(`${result.failed} row${result.failed === 1 ? '' : 's'} failed; exit 2`);
        process.exitCode = 2;
      }
    });
}

function preset(value: string): string {
  if (!(benchPresets as readonly string[]).includes(value)) throw new InvalidArgumentError(`no preset "${value}" (known: ${benchPresets.join(', ')}).`);
  return value;
}

/** Starts bench/run as a job and prints a line on stderr each time it moves to the next row; answers its envelope. */
async function runWithRowLines(ctx: CommandContext, args: Record<string, unknown>): Promise<Envelope<unknown>> {
  const core = ctx.core();
  let jobId: string | null = null;
  let stage = '';
  const offProgress = core.subscribe('jobs/progress', (payload) => {
    const { jobId: id, progress } = payload as EventPayloads['jobs/progress'];
    if (id !== jobId || progress.stage === stage) return;
    stage = progress.stage;
    printError(terminalLine(progress.message));
  });
  let finish: (outcome: Envelope<unknown>) => void = () => undefined;
  const finished = new Promise<Envelope<unknown>>((resolve) => (finish = resolve));
  const offFinished = core.subscribe('jobs/finished', (payload) => {
    const { job } = payload as EventPayloads['jobs/finished'];
    if (job.id === jobId) finish(job.outcome!);
  });
  const cancel = () => {
    if (jobId !== null) {
      printError('cancelling the bench (Ctrl-C again to stop at once)');
      void core.dispatch('jobs/cancel', { jobId });
    }
  };
  process.once('SIGINT', cancel);
  try {
    const started = await core.dispatch('jobs/start', { method: 'bench/run', args });
    if (!started.ok) return started;
    jobId = (started.value as Job).id;
    return await finished;
  } finally {
    process.off('SIGINT', cancel);
    offProgress();
    offFinished();
  }
}
