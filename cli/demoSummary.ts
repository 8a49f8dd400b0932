import type { AccountOutcome, AccountRow, AccountsImportSummary, BatchResult } from '../api/book.ts';
import type { UniverseSummary } from '../api/domain.ts';

const percent = (x: number) => `${(100 * x).toFixed(2)} %`;
const dollars = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
const count = (x: number) => x.toLocaleString('en-US');

/**
 * Size bands a manager reads a book by. Whole-share tracking error is a matter of account size (a $10k
 * account cannot hold 100 names in proportion), so the distribution is shown per band, not only overall.
 */
const SIZE_BANDS: readonly { label: string; from: number; to: number }[] = [
  { label: 'under $25k', from: 0, to: 25_000 },
  { label: '$25k–$50k', from: 25_000, to: 50_000 },
  { label: '$50k–$100k', from: 50_000, to: 100_000 },
  { label: '$100k–$250k', from: 100_000, to: 250_000 },
  { label: '$250k–$1M', from: 250_000, to: 1_000_000 },
  { label: '$1M and over', from: 1_000_000, to: Infinity },
];

/** The q-quantile of sorted values, by the nearest rank below. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
}

export interface DemoFacts {
  universe: UniverseSummary | undefined;
  book: AccountsImportSummary;
  accounts: readonly AccountRow[];
  batch: BatchResult;
  outcomes: readonly AccountOutcome[];
  teTarget: number;
}

/** The family a cluster's account minimum belongs to: its whole-sector screens, or none. */
function screenFamily(exclude: readonly string[]): string {
  return exclude.length === 0 ? 'no screen' : exclude.join(', ');
}

/**
 * What a manager wants to see first after the book job: the book, how it was clustered, how well the
 * whole-share accounts track by size, the account minimum per screen family, where the time went, where
 * the files are, and what to run next.
 */
export function printDemoSummary(f: DemoFacts): string {
  const { batch, book } = f;
  const lines: string[] = [];
  const market = batch.universe === 'demo' ? 'the built-in demo market' : batch.universe;
  const span = f.universe ? ` (${count(f.universe.members)} names, prices ${f.universe.firstDate}..${f.universe.lastDate})` : '';
  lines.push(`Jessica demo: a book of ${count(book.accounts)} SMAs on ${market}${span}, use case ${batch.useCase}, as of ${batch.asOf} [run ${batch.runId}]`);
  const restricted = f.accounts.filter((a) => a.exclude.length > 0).length;
  const withLots = f.accounts.filter((a) => a.lots > 0).length;
  lines.push(
    `book: ${count(book.accounts)} accounts worth ${dollars(book.totalValue)} (${count(book.taxable)} taxable, ${count(book.deferred)} deferred; strategies ${book.strategies.join(', ')});`,
    `      ${count(restricted)} with restrictions of their own (employer stock, values screens), ${count(withLots)} with legacy lots`,
  );
  lines.push(
    `clusters: ${count(batch.clusters.length)} (strategy × tax status × screen family × size band), one model portfolio per band and screen family`,
    `accounts: ${count(batch.accounts - batch.fallback - batch.unallocated)} allocated in whole shares from their own cluster, ${count(batch.fallback)} from a fallback target, ${count(batch.unallocated)} not allocated; ${count(f.outcomes.reduce((s, o) => s + o.trades, 0))} trades`,
    '',
    'whole-share tracking error against the benchmark, by account size:',
  );
  const widths = [14, 9, 10, 10, 10];
  lines.push(`  ${pad(['account size', 'accounts', 'median', '90th pct', 'max'], widths)}`);
  for (const band of SIZE_BANDS) {
    const te = f.outcomes.filter((o) => o.value >= band.from && o.value < band.to).map((o) => o.trackingError).sort((a, b) => a - b);
    if (te.length === 0) continue;
    lines.push(`  ${pad([band.label, count(te.length), percent(quantile(te, 0.5)), percent(quantile(te, 0.9)), percent(te[te.length - 1]!)], widths)}`);
  }
  lines.push(`  ${pad(['all', count(batch.accounts), percent(batch.trackingError.median), percent(batch.trackingError.p90), percent(batch.trackingError.max)], widths)}`, '');

  const minimums = new Map<string, number | null>();
  for (const c of batch.clusters) minimums.set(screenFamily(c.key.exclude), c.accountMinimum);
  lines.push(`account minimum: the smallest account whose whole shares track within ${percent(f.teTarget)}`);
  for (const [family, minimum] of [...minimums].sort(([a], [b]) => (a === 'no screen' ? -1 : b === 'no screen' ? 1 : a.localeCompare(b)))) {
    lines.push(`  ${family.padEnd(30)} ${minimum === null ? `none up to the largest size tried` : dollars(minimum)}`);
  }
  const missing = f.outcomes.filter((o) => o.trackingError > f.teTarget);
  const missingBelow = missing.filter((o) => o.belowMinimum).length;
  lines.push(
    `  ${count(batch.belowMinimum)} accounts are below their minimum (accounts.csv: below_minimum)`,
    `  ${count(missing.length)} accounts miss ${percent(f.teTarget)}: ${count(missingBelow)} below their minimum, ${count(missing.length - missingBelow)} above it`,
    '',
  );

  const stages = batch.spans.filter((s) => s.parent === null);
  lines.push(`time: ${batch.seconds.toFixed(1)} s in all: ${stages.map((s) => `${s.name} ${(s.durationMs / 1000).toFixed(2)} s`).join(', ')}`);
  for (const w of batch.warnings) lines.push(`warning: ${w}`);
  if (batch.files.length > 0) {
    const dir = batch.files[0]!.replace(/[/\\][^/\\]*$/, '');
    lines.push(`files in ${dir}: ${batch.files.map((file) => file.slice(dir.length + 1)).join(', ')}`);
  }
  lines.push(
    '',
    'next:',
    '  npx jessica serve                     the workbench in the browser: this book, its clusters and accounts, the execution waterfall',
    `  npx jessica batch --book ${book.book} --universe ${batch.universe} --use-case ${batch.useCase} --audit 30 --out out/audit`,
    '                                        the same book audited against accounts optimized one by one',
    '  npx jessica data import --universe sp500 --prices ../shared/data/sp500/prices.csv.gz \\',
    '      --constituents ../shared/data/sp500/constituents.csv --index ../shared/data/sp500/index.csv',
    '  npx jessica demo --universe sp500     this job on the real S&P 500 once it is imported',
  );
  return `${lines.join('\n')}\n`;
}
