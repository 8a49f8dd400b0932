import type { AccountRow, AccountsImportSummary } from '../api/book.ts';

const dollars = (v: number): string => `$${Math.round(v).toLocaleString('en-US')}`;
const count = (v: number): string => v.toLocaleString('en-US');

export function printImportSummary(s: AccountsImportSummary): string {
  const lines = [
    `imported book ${s.book}: ${count(s.accounts)} accounts (${count(s.taxable)} taxable, ${count(s.deferred)} deferred), ` +
      `${count(s.lots)} lots, ${dollars(s.totalValue)} in all`,
    `strategies: ${s.strategies.join(', ')}`,
    ...s.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function printAccountRows(rows: readonly AccountRow[]): string {
  const cells = [
    ['account', 'strategy', 'value', 'tax', 'cash', 'lots', 'exclude'],
    ...rows.map((a) => [a.accountId, a.strategy, a.value.toFixed(2), a.taxStatus, a.cash === null ? '' : a.cash.toFixed(2), String(a.lots), a.exclude.join(';')]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  const numeric = new Set([2, 4, 5]);
  return `${cells.map((r) => r.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n')}\n`;
}
