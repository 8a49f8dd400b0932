import type { Command } from 'commander';
import type { Settings } from '../api/sync.ts';
import { printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/** `jessica settings`: what the store keeps for the app and the commands (the team database's URL, password never shown). */
export function settingsCommand(program: Command, ctx: CommandContext): void {
  const settings = program.command('settings').description("the store's settings: the team database `jessica sync` uses");
  const show = (s: Settings) => printOut(`pg-url: ${s.pgUrl ?? '(not set)'}\n`);
  settings
    .command('get')
    .description('show the settings (passwords as ***)')
    .action(async () => {
      const s = ctx.settle<Settings>(await ctx.core().dispatch('settings/get', {}));
      if (s) show(s);
    });
  settings
    .command('set')
    .description('set pg-url, the team database: postgres://user:password@host:5432/database')
    .argument('<key>', 'pg-url')
    .argument('<value>', 'the URL')
    .action(async (key: string, value: string) => {
      if (key !== 'pg-url') {
        printError(`jessica: unknown setting "${key}" (known: pg-url)`);
        process.exitCode = 1;
        return;
      }
      const s = ctx.settle<Settings>(await ctx.core().dispatch('settings/set', { pgUrl: value }));
      if (s) show(s);
    });
  settings
    .command('unset')
    .description('remove pg-url')
    .argument('<key>', 'pg-url')
    .action(async (key: string) => {
      if (key !== 'pg-url') {
        printError(`jessica: unknown setting "${key}" (known: pg-url)`);
        process.exitCode = 1;
        return;
      }
      const s = ctx.settle<Settings>(await ctx.core().dispatch('settings/set', { pgUrl: null }));
      if (s) show(s);
    });
}
