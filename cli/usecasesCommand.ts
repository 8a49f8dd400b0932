import { Argument, InvalidArgumentError, type Command } from 'commander';
import type { Envelope } from '../api/envelope.ts';
import type { Core } from '../core/createCore.ts';
import { matrixCsv } from '../core/usecases/matrixCsv.ts';
import type { EditResult, StoredUseCase, UseCaseDetail, UseCaseMatrix, UseCaseSummary } from '../api/useCases.ts';
import { componentCatalogue } from '../solver/components/catalogue.ts';
import { printEdit, printMatrix, printUseCase, printUseCaseList } from './useCasePrinters.ts';
import { printData, printOut } from './terminalText.ts';

/** What the command group needs from main: the core, opened on first use, and how an envelope ends the command. */
export interface CommandContext {
  core(): Core;
  settle<T>(envelope: Envelope<unknown>): T | undefined;
}

/** `name=value` → [name, value], split at the first `=` so values may contain one. */
function assignment(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${text}" is not name=value, e.g. con.max-weight.maxWeight=0.05`);
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

/** A variadic `name=value` argument, checked as commander parses it so a bad one exits 1 with its reason. */
function assignmentsArgument(name: string, description: string, required: boolean): Argument {
  return new Argument(required ? `<${name}...>` : `[${name}...]`, description)
    .argParser((text: string, previous: Record<string, string> | undefined) => {
      const [key, value] = assignment(text);
      return { ...previous, [key]: value };
    })
    .default(required ? undefined : {});
}

/** A report or table, escaped for the terminal; machine formats (JSON, CSV) as they are unless stdout is one. */
function out(text: string, machine = false): void {
  (machine ? printData : printOut)(text);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `jessica usecases ...`: the model-to-use-case matrix, its edits and their history. */
export function usecasesCommand(program: Command, ctx: CommandContext): void {
  const group = program.command('usecases').description('the use-case matrix: list, show, edit and copy use cases (every edit is a new version)');

  group
    .command('list')
    .description('list use cases with their current version')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = ctx.settle<UseCaseSummary[]>(await ctx.core().dispatch('usecases/list', {}));
      if (list) out(opts.json ? json(list) : printUseCaseList(list), opts.json);
    });

  group
    .command('show <id>')
    .description('a use case: its components with parameters and its version history')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const u = ctx.settle<UseCaseDetail>(await ctx.core().dispatch('usecases/show', { id }));
      if (u) out(opts.json ? json(u) : printUseCase(u, new Map([...componentCatalogue.values()].map((c) => [c.id, c.kind]))), opts.json);
    });

  group
    .command('matrix')
    .description('use cases × components (the terminal view has a row per component; --csv a row per use case)')
    .option('--csv', 'print CSV: use_case,title,origin,version,solver, then one column per component (empty: off; JSON parameters: on)')
    .option('--json', 'print JSON')
    .action(async (opts: { csv?: boolean; json?: boolean }) => {
      const m = ctx.settle<UseCaseMatrix>(await ctx.core().dispatch('usecases/matrix', {}));
      if (m) out(opts.csv ? matrixCsv(m) : opts.json ? json(m) : printMatrix(m), opts.csv || opts.json);
    });

  group
    .command('set <id>')
    .description('set parameters as one new version, e.g. con.max-weight.maxWeight=0.05 (enables the component when off), or the solver, e.g. solver=race')
    .addArgument(
      assignmentsArgument(
        'assignments',
        'component.parameter=value (lists as a,b; fractions as 0.05 or 5%), or solver=highs|cbc|gurobi|race (race: every installed solver at once)',
        true,
      ),
    )
    .option('--note <text>', 'why, stored with the version')
    .option('--json', 'print the new version as JSON')
    .action(async (id: string, values: Record<string, string>, opts: { note?: string; json?: boolean }) => {
      const r = ctx.settle<EditResult>(await ctx.core().dispatch('usecases/set', { id, values, note: opts.note }));
      if (r) out(opts.json ? json(r) : printEdit(r), opts.json);
    });

  group
    .command('enable <id> <component>')
    .description('turn a component on (with the components it requires), optionally with name=value parameters')
    .addArgument(assignmentsArgument('params', 'parameter=value', false))
    .option('--note <text>', 'why, stored with the version')
    .action(async (id: string, component: string, params: Record<string, string>, opts: { note?: string }) => {
      const r = ctx.settle<EditResult>(await ctx.core().dispatch('usecases/enable', { id, component, params, note: opts.note }));
      if (r) out(printEdit(r));
    });

  group
    .command('disable <id> <component>')
    .description('turn a component off (refused while another component requires it)')
    .option('--note <text>', 'why, stored with the version')
    .action(async (id: string, component: string, opts: { note?: string }) => {
      const r = ctx.settle<EditResult>(await ctx.core().dispatch('usecases/disable', { id, component, note: opts.note }));
      if (r) out(printEdit(r));
    });

  group
    .command('copy <id> <newId>')
    .description('copy a use case into a new one (version 1) to edit without touching the original')
    .option('--title <title>', 'title of the copy (default: the original title + " (copy)")')
    .option('--note <text>', 'why, stored with the version')
    .action(async (id: string, newId: string, opts: { title?: string; note?: string }) => {
      const r = ctx.settle<StoredUseCase>(await ctx.core().dispatch('usecases/copy', { id, newId, title: opts.title, note: opts.note }));
      if (r) out(`${r.useCase.id} version ${r.version}: ${r.note}\n`);
    });
}
