/** `1 ticker`, `2 tickers`, `1,000 days`: a count and its noun, for the import's messages. */
export function counted(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
