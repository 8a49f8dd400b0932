/** An iShares ETF whose holdings file Jessica reads, and the Yahoo symbol of the index the fund tracks. */
export interface IsharesFund {
  /** the fund's own ticker: IVV */
  etf: string;
  /** the fund's name as the first line of its holdings file gives it */
  name: string;
  /** Yahoo's symbol for the index's level: ^GSPC */
  index: string;
}

export const ISHARES_FUNDS: readonly IsharesFund[] = [
  { etf: 'IVV', name: 'iShares Core S&P 500 ETF', index: '^GSPC' },
  { etf: 'IWM', name: 'iShares Russell 2000 ETF', index: '^RUT' },
  { etf: 'IWB', name: 'iShares Russell 1000 ETF', index: '^RUI' },
  { etf: 'IWV', name: 'iShares Russell 3000 ETF', index: '^RUA' },
];

/**
 * The fund of a holdings file: by the name on its first line, else by the file's name as iShares saves it
 * (`IVV_holdings.csv`), else null.
 */
export function identifyFund(firstLine: string, fileName: string): IsharesFund | null {
  const name = firstLine.replace(/^\ufeff/, '').replace(/^"|"$/g, '').trim().toLowerCase();
  const byName = ISHARES_FUNDS.find((fund) => fund.name.toLowerCase() === name);
  if (byName !== undefined) return byName;
  const prefix = /^([A-Za-z]{3,4})[_-]holdings/i.exec(fileName)?.[1]?.toUpperCase();
  return ISHARES_FUNDS.find((fund) => fund.etf === prefix) ?? null;
}
