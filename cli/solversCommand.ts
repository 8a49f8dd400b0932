import type { Command } from 'commander';
import type { SolverAvailability } from '../api/solvers.ts';
import { printData, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/**
 * `jessica solvers`: the solvers this machine has, with version, path, licence and declared features, and for each
 * one that cannot run, why and what to do. An unavailable solver is information, so the command exits 0.
 */
export function solversCommand(program: Command, ctx: CommandContext): void {
  program
    .command('solvers')
    .description('the solvers this machine has: version, path, licence and features (HiGHS, CBC, Gurobi)')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = ctx.settle<SolverAvailability[]>(await ctx.core().dispatch('solvers/list', {}));
      if (list && opts.json) printData(`${JSON.stringify(list, null, 2)}\n`);
      else if (list) printOut(printSolvers(list));
    });
}

/**
 * The table (solver, available, version, path, licence, features), then a line for each licence Gurobi's own words
 * describe and for each unavailable solver with its reason.
 */
export function printSolvers(list: readonly SolverAvailability[]): string {
  const rows = [
    ['solver', 'available', 'version', 'path', 'licence', 'features'],
    ...list.map((s) => [s.name, s.available ? 'yes' : 'no', s.version ?? '-', s.path ?? '-', s.licence.state, s.features.join(' ')]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const table = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  const notes: string[] = [];
  for (const s of list) {
    if (s.licence.state !== 'not-needed' && s.licence.words) notes.push(`${s.name} licence (${s.licence.state}): ${s.licence.words}`);
  }
  for (const s of list) {
    if (!s.available) notes.push(`${s.name} is unavailable: ${s.reason ?? 'no reason given'}`);
  }
  return `${[...table, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')}\n`;
}
