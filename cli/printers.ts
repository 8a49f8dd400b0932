import type { OptimizeResult, UniverseSummary } from '../api/domain.ts';

export function printUniverses(list: readonly UniverseSummary[]): string {
  if (list.length === 0) return 'no universe yet: import one with `jessica data import`\n';
  const rows = [
    ['universe', 'members', 'tickers', 'days', 'first', 'last', 'price rows', 'index'],
    ...list.map((u) => [u.name, u.members, u.tickersWithPrices, u.tradingDays, u.firstDate ?? '', u.lastDate ?? '', u.priceRows, u.hasIndex ? 'yes' : 'no'].map(String)),
  ];
  return table(rows);
}

export function printOptimizeResult(r: OptimizeResult): string {
  const pct = (v: number | null, d = 3) => (v == null ? 'n/a' : `${(v * 100).toFixed(d)}%`);
  const lines = [
    `${r.useCase} on ${r.universe} as of ${r.asOf}, ${r.lookback} periods, benchmark ${r.benchmark}`,
    `model: ${r.modelClass}, ${r.modelSize.columns} columns (${r.modelSize.integerColumns} integer), ${r.modelSize.rows} rows, ${r.modelSize.nonzeros} nonzeros`,
    `solver: ${r.solver} ${r.solverVersion}: ${r.status} (${r.solverStatus})` +
      (r.gap != null && r.modelClass !== 'LP' ? `, gap ${pct(r.gap, 2)}` : '') +
      (r.heuristicObjective != null ? `, heuristic start ${r.heuristicObjective.toExponential(4)}` : ''),
    `tracking error ${pct(r.trackingError, 2)} a year, mean |active| ${pct(r.meanAbsoluteDeviation, 4)} a period, ${r.names} names` +
      (r.accountValue != null ? `, cash $${(r.cash ?? 0).toFixed(2)} of $${r.accountValue}` : r.cash ? `, cash ${pct(r.cash, 2)}` : ''),
    `stages: ${r.spans
      .filter((s) => s.parent === null)
      .map((s) => `${s.name} ${s.durationMs.toFixed(0)} ms`)
      .join(', ')}`,
    ...(r.race ?? []).map(
      (e) =>
        `  race: ${e.solver} ${e.outcome}, ${e.status}` +
        (e.objective != null ? `, objective ${e.objective.toPrecision(6)}` : '') +
        (e.bound != null ? `, bound ${e.bound.toPrecision(6)}` : '') +
        ` in ${e.seconds.toFixed(2)} s` +
        (e.message ? ` (${e.message})` : ''),
    ),
    ...r.warnings.map((w) => `warning: ${w}`),
    ...r.files.map((f) => `wrote ${f}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n') + '\n';
}
