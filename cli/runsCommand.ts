import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { RunDiff, RunFile, RunSummary, StoredRun } from '../api/runs.ts';
import { InputError } from '../core/errors.ts';
import { replaceFiles } from '../core/export/atomicOutput.ts';
import { checkOutputFile } from '../core/export/outputPaths.ts';
import { positiveInteger } from './optionParsers.ts';
import { printRunDiff, printRunList, printRunShow } from './runPrinters.ts';
import { printData, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/** The waterfall's format by the extension of `--out`. */
const WATERFALL_FORMATS: Readonly<Record<string, 'svg' | 'html'>> = { '.svg': 'svg', '.html': 'html', '.htm': 'html' };

/** `--limit`: runs/list answers at most 1,000 runs at a time; said here in the option's own name. */
function runCount(value: string): number {
  const n = positiveInteger(value);
  if (n > 1000) throw new InvalidArgumentError(`"${value}" is more than 1000 runs at a time: page with --since instead.`);
  return n;
}

/** `--since`: a date (yyyy-mm-dd) or a timestamp, as the stored runs' UTC ISO times compare with it. */
function sinceDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) {
    throw new InvalidArgumentError(`"${value}" is not a date (yyyy-mm-dd) or an ISO timestamp (2026-01-31T09:30:00Z).`);
  }
  return new Date(t).toISOString();
}

/**
 * `jessica runs`: the stored runs: list with filters, show one with its span tree and resource use, diff two,
 * delete one, and write a run's waterfall as a self-contained SVG or HTML file. Answers the `runs` command so
 * more subcommands can be added to it (`runs export`, `runs replay`).
 */
export function runsCommand(program: Command, ctx: CommandContext): Command {
  const runs = program.command('runs').description('run history: list, show, diff and delete stored runs; a run’s waterfall as an SVG or HTML file');

  runs
    .command('list')
    .description('stored runs, newest first: id, created, kind, status, universe, use case, solver, duration')
    .option('--kind <kind>', 'only runs of this kind: optimize, batch, minimums, compare, import, yahoo, sync, bench')
    .option('--status <status>', 'only runs that ended so, e.g. optimal, time-limit, done, failed')
    .option('--universe <name>', 'only runs on this universe')
    .option('--since <date>', 'only runs created on or after this date (yyyy-mm-dd, UTC) or ISO timestamp', sinceDate)
    .option('--limit <n>', 'at most this many runs (default 50, at most 1000)', runCount)
    .option('--json', 'print the list as JSON')
    .action(async (opts: { kind?: string; status?: string; universe?: string; since?: string; limit?: number; json?: boolean }) => {
      const { json, ...filter } = opts;
      const list = ctx.settle<RunSummary[]>(await ctx.core().dispatch('runs/list', filter));
      if (list && json) printData(`${JSON.stringify(list, null, 2)}\n`);
      else if (list) printOut(printRunList(list));
    });

  runs
    .command('show')
    .description('one run: its options, result and machine, CPU and memory, each stage’s share of the time, and the span tree')
    .argument('<id>', 'the run id (see `jessica runs list`)', positiveInteger)
    .option('--json', 'print the run, spans and samples included, as JSON')
    .action(async (id: number, opts: { json?: boolean }) => {
      const run = ctx.settle<StoredRun>(await ctx.core().dispatch('runs/show', { id }));
      if (run && opts.json) printData(`${JSON.stringify(run, null, 2)}\n`);
      else if (run) printOut(printRunShow(run));
    });

  runs
    .command('diff')
    .description('run B against run A: each stage’s time and its change, and the options, result figures and machine fields that differ')
    .argument('<a>', 'the run to compare against', positiveInteger)
    .argument('<b>', 'the run to compare', positiveInteger)
    .option('--json', 'print the diff as JSON')
    .action(async (a: number, b: number, opts: { json?: boolean }) => {
      const diff = ctx.settle<RunDiff>(await ctx.core().dispatch('runs/diff', { a, b }));
      if (diff && opts.json) printData(`${JSON.stringify(diff, null, 2)}\n`);
      else if (diff) printOut(printRunDiff(diff));
    });

  runs
    .command('delete')
    .description('delete a stored run with its spans, samples and allocations (the team database loses it at the next sync)')
    .argument('<id>', 'the run id', positiveInteger)
    .action(async (id: number) => {
      const deleted = ctx.settle<{ deleted: number }>(await ctx.core().dispatch('runs/delete', { id }));
      if (deleted) printOut(`deleted run ${id}\n`);
    });

  runs
    .command('waterfall')
    .description('write a run’s waterfall as one self-contained file: bars by start and duration, nested, coloured by stage, details on hover, CPU and memory under it')
    .argument('<id>', 'the run id', positiveInteger)
    .requiredOption('--out <file>', 'the file to write: FILE.svg or FILE.html (the format follows the extension)')
    .option('--with <id>', 'draw this run under it, on the same time axis', positiveInteger)
    .action(async (id: number, opts: { out: string; with?: number }) => {
      const format = WATERFALL_FORMATS[path.extname(opts.out).toLowerCase()];
      if (!format) throw new InputError(`--out ${opts.out}: give a file ending in .svg or .html`, { field: 'out', file: opts.out }, { placed: true });
      // before any work, so a bad place to write is said at once
      checkOutputFile(opts.out, { option: '--out', field: 'out' });
      const file = ctx.settle<RunFile>(await ctx.core().dispatch('runs/waterfall', { id, format, ...(opts.with === undefined ? {} : { with: opts.with }) }));
      if (!file) return;
      // written beside and renamed over the target: the file is whole or absent, never cut short
      replaceFiles([{ file: opts.out, data: file.text }]);
      printOut(`wrote ${opts.out} (${file.mediaType}, ${(Buffer.byteLength(file.text) / 1024).toFixed(0)} KiB)\n`);
    });

  return runs;
}
