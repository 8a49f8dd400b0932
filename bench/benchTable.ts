/** What every benchmark prints with: the median of repeated runs, and a markdown table. */

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function markdownTable(header: readonly string[], body: readonly string[][]): string {
  const all = [header, ...body];
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  return [line(header), `| ${w.map((x) => '-'.repeat(x)).join(' | ')} |`, ...body.map(line)].join('\n');
}
