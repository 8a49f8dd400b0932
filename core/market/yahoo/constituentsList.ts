import { InputError } from '../../errors.ts';
import { weightSumWarning } from '../constituentWeights.ts';
import { streamCsv } from '../csvFile.ts';
import { constituentColumns, constituentRow } from '../constituentRow.ts';
import { requiredTicker } from '../csvFields.ts';
import type { MemberRow } from '../universeWriter.ts';

/**
 * The members a constituents CSV lists (`ticker[,name,sector,industry,market_cap,shares_outstanding,weight]`), their
 * tickers in upper case as Yahoo writes symbols, and a warning when the weights sum far from 1. Every field is held
 * to the rules of `data import`; a ticker listed twice is an error naming both lines.
 */
export async function readConstituentsList(file: string, signal?: AbortSignal): Promise<{ members: MemberRow[]; warnings: string[] }> {
  const members = new Map<string, { member: MemberRow; line: number }>();
  let weightSum = 0;
  let weighted = 0;
  await streamCsv(
    file,
    constituentColumns,
    (column) => (record, line) => {
      const ticker = requiredTicker(record[column.ticker], file, line, 'ticker', true);
      const listed = members.get(ticker);
      if (listed !== undefined) throw new InputError(`${ticker} is listed twice (first on line ${listed.line})`, { file, line, field: 'ticker' });
      const member = constituentRow(ticker, record, column, file, line);
      members.set(ticker, { member, line });
      if (member.weight !== null) {
        weightSum += member.weight;
        weighted++;
      }
    },
    { signal },
  );
  const warning = weightSumWarning(file, weightSum, weighted, members.size);
  return { members: [...members.values()].map((entry) => entry.member), warnings: warning === null ? [] : [warning] };
}
