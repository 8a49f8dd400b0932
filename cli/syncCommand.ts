import type { Command } from 'commander';
import type { ConnectionTest, SyncStatus, SyncSummary } from '../api/sync.ts';
import { runJobWithBar } from './jobProgressBar.ts';
import { printData, printError, printOut } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** A table whose first column is left-aligned and the rest right-aligned. */
function columns(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows.map((r) => r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ').trimEnd()).join('\n');
}

export function printSyncSummary(s: SyncSummary): string {
  const server = s.timescale === null ? 'plain PostgreSQL, no TimescaleDB' : `TimescaleDB ${s.timescale}: hypertables, compression`;
  const warnings = s.warnings.map((w) => `warning: ${w}\n`).join('');
  if (s.upToDate) return `up to date: nothing new for ${s.target} (${server}); checked in ${s.seconds.toFixed(2)} s\n${warnings}`;
  const rate = (rows: number, seconds: number) => (rows > 0 && seconds > 0 ? count(Math.round(rows / seconds)) : '');
  const body = [
    ['table', 'scopes', 'rows', 'seconds', 'rows/s'],
    ...s.tables.map((t) => [t.table, String(t.scopes), count(t.rows), t.seconds.toFixed(2), rate(t.rows, t.seconds)]),
    ['total', '', count(s.rows), s.seconds.toFixed(2), count(Math.round(s.rowsPerSecond))],
  ];
  return `synced store ${s.storeId} to ${s.target}: ${server}\n${columns(body)}\n${warnings}`;
}

export function printSyncStatus(s: SyncStatus): string {
  const body = [
    ['table', 'synced rows', 'pending scopes', 'last synced'],
    ...s.tables.map((t) => [t.table, count(t.syncedRows), String(t.pendingScopes), t.lastSyncedAt ?? 'never']),
  ];
  const head = `store ${s.storeId}, team database ${s.target ?? '(none set)'}: ${s.reachable ? 'reachable' : 'not reachable'}`;
  return `${head}\n${s.message ? `${s.message}\n` : ''}${columns(body)}\n`;
}

/**
 * `jessica sync`: the store's universes, books and runs into the team PostgreSQL/TimescaleDB (core/sync/syncStore.ts),
 * only what changed since the last sync; `--status` and `--test` answer without sending anything.
 */
export function syncCommand(program: Command, ctx: CommandContext): void {
  program
    .command('sync')
    .description("send the store's universes, books and runs to the team PostgreSQL/TimescaleDB: only what changed since the last sync")
    .option('--pg <url>', "the team database, e.g. postgres://user:password@host:5432/jessica (default: $JESSICA_PG_URL, else the one set in Settings or by `jessica settings set pg-url`)")
    .option('--status', 'what the team database holds of this store and what is waiting to be sent, per table (exit 2 when it cannot be reached)')
    .option('--test', 'connect and say what answered (PostgreSQL version, TimescaleDB), sending nothing (exit 2 when it fails)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { pg?: string; status?: boolean; test?: boolean; json?: boolean }) => {
      if (opts.status && opts.test) {
        printError('jessica: give --status or --test, not both');
        process.exitCode = 1;
        return;
      }
      const args = opts.pg === undefined ? {} : { url: opts.pg };
      if (opts.test) {
        const t = ctx.settle<ConnectionTest>(await ctx.core().dispatch('sync/test', args));
        if (!t) return;
        if (opts.json) printData(`${JSON.stringify(t, null, 2)}\n`);
        else if (t.ok) printOut(`ok: ${t.target}: ${t.message} (${t.milliseconds} ms)\n`);
        if (!t.ok) {
          if (!opts.json) printError(`jessica: team database ${t.target}: ${t.message}`);
          process.exitCode = 2;
        }
        return;
      }
      if (opts.status) {
        const s = ctx.settle<SyncStatus>(await ctx.core().dispatch('sync/status', args));
        if (!s) return;
        if (opts.json) printData(`${JSON.stringify(s, null, 2)}\n`);
        else printOut(printSyncStatus(s));
        if (!s.reachable) process.exitCode = 2;
        return;
      }
      const summary = ctx.settle<SyncSummary>(await runJobWithBar(ctx, 'sync/run', args, 'sync'));
      if (!summary) return;
      if (opts.json) printData(`${JSON.stringify(summary, null, 2)}\n`);
      else printOut(printSyncSummary(summary));
    });
}
