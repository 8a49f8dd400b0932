/** What every benchmark prints with: the median of repeated runs, and a markdown table. */
export { median } from '../core/bench/benchMeasures.ts';


export function markdownTable(header: readonly string[], body: readonly string[][]): string {
  const all = [header, ...body];
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  return [line(header), `| ${w.map((x) => '-'.repeat(x)).join(' | ')} |`, ...body.map(line)].join('\n');
}
