import type { BenchResult, BenchRow } from '../../api/bench.ts';

/** A markdown table, columns padded to their widest cell; a `|` inside a cell is escaped. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const all = [header, ...body].map((row) => row.map(escape));
  const widths = header.map((_, i) => Math.max(3, ...all.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(all[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...all.slice(1).map(line)].join('\n');
}

const seconds = (ms: number | null) => (ms === null ? '–' : (ms / 1000).toFixed(ms < 10_000 ? 3 : 2));

/** The bench's table, one line per row: what it ran, on what data, its median time, spread, peak memory, status. */
export function benchTable(rows: readonly BenchRow[]): string {
  return markdownTable(
    ['workload', 'variant', 'data', 'median s', 'spread s (min–max)', 'peak RSS MiB', 'runs', 'status', 'environment'],
    rows.map((r) => [
      r.workload,
      r.factor === null && r.value === null ? r.label.slice(r.workload.length + 3) : `${r.factor}=${r.value}`,
      r.data || '–',
      seconds(r.medianMs),
      r.minMs === null ? '–' : `${seconds(r.minMs)}–${seconds(r.maxMs)}`,
      r.peakRssMiB === null ? '–' : r.peakRssMiB.toFixed(0),
      String(r.repeats),
      r.status,
      r.environment,
    ]),
  );
}

/**
 * bench.md: the command, how the figures were taken, the table, why any row was skipped or failed, what each
 * row answered, and the environment (CPU, cores, RAM, OS, Node, the packages' and solvers' versions).
 */
export function benchMarkdown(result: BenchResult): string {
  const env = result.environment;
  const notes = result.rows.filter((r) => r.reason !== null).map((r) => `- ${r.label}: ${r.status}: ${r.reason}`);
  const answers = result.rows.filter((r) => r.answer !== null).map((r) => `- ${r.label}: ${r.answer}`);
  const versions = (record: Record<string, string>) =>
    Object.entries(record)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ') || 'none';
  return [
    `# Bench: ${result.matrix}`,
    '',
    `command: \`${result.command}\``,
    '',
    `${result.repeats} timed runs per row (unless the matrix says otherwise), after one untimed warm-up; a time is one run's wall time through its handler ` +
      `(portfolio/optimize, book/batch), each run stored with its spans (run ${result.runId} is the bench itself), or for a screens row one visit's time ` +
      `to the rendered screen in the browser; the spread is the fastest and slowest run; ` +
      `peak RSS is the process's largest resident set while the row's runs ran. Setup (data imported, books and batches made, team database synced; untimed): ` +
      `${result.setupSeconds.toFixed(1)} s; the whole bench: ${result.seconds.toFixed(1)} s.`,
    '',
    benchTable(result.rows),
    '',
    ...(notes.length > 0 ? ['Skipped and failed rows:', '', ...notes, ''] : []),
    ...(answers.length > 0 ? ['What each row answered (variants of one model should agree):', '', ...answers, ''] : []),
    '## Environment',
    '',
    `- CPU: ${env.cpu}, ${env.cores} cores (${env.arch})`,
    `- RAM: ${env.memoryGiB} GiB`,
    `- OS: ${env.platform} (${env.hostname})`,
    `- Node: ${env.node}`,
    `- packages: ${versions(env.packages)}`,
    `- solvers: ${versions(env.solvers)}`,
    ...(Object.keys(env.env).length > 0 ? [`- environment variables: ${Object.entries(env.env).map(([name, value]) => `${name}=${value}`).join(', ')}`] : []),
    '',
  ].join('\n');
}
