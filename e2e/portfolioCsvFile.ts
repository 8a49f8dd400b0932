import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  ticker: string;
  weight: number;
  shares: number | null;
  price: number;
  value: number | null;
}

/** portfolio.csv as written by the core: `ticker,weight,shares,price,value`, a CASH row for an account value. */
export async function readPortfolioCsv(file: string): Promise<{ header: string[]; rows: CsvRow[] }> {
  const text = await readFile(file, 'utf8');
  const records = parse(text, { skip_empty_lines: true }) as string[][];
  const [header = [], ...body] = records;
  const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
  return {
    header,
    rows: body.map((r) => ({ ticker: r[0]!, weight: Number(r[1]), shares: num(r[2]), price: Number(r[3]), value: num(r[4]) })),
  };
}
