import path from 'node:path';
import { InputError } from '../../errors.ts';
import { weightSumWarning } from '../constituentWeights.ts';
import { tickerProblem } from '../tickerSymbol.ts';
import type { MemberRow } from '../universeWriter.ts';
import { counted } from './counted.ts';
import { readConstituentsList } from './constituentsList.ts';
import { readIsharesHoldings, type LeftOutRow } from './isharesHoldings.ts';

/** The tickers of a Yahoo import and what their source says about each. */
export interface TickerSource {
  /** for the summary: `holdings IWM_holdings.csv (IWM, as of 2026-04-10)`, `constituents sp500.csv`, `--tickers` */
  label: string;
  /** under their Yahoo symbols, in the source's order */
  members: MemberRow[];
  /** the source's names are iShares' (capitals, cut at 34 characters): a quote's long name is better */
  preferQuoteNames: boolean;
  /** the index the source tracks (a holdings file's fund), or null */
  index: string | null;
  /** holdings rows that are not listed stocks */
  leftOut: LeftOutRow[];
  warnings: string[];
}

export interface SourceArguments {
  holdingsFile?: string | undefined;
  constituentsFile?: string | undefined;
  tickers?: readonly string[] | undefined;
}

/** Reads the one source the arguments name (the api's schema has made sure there is exactly one). */
export async function readTickerSource(args: SourceArguments, signal?: AbortSignal): Promise<TickerSource> {
  if (args.holdingsFile !== undefined) return holdingsSource(args.holdingsFile);
  if (args.constituentsFile !== undefined) {
    const { members, warnings } = await readConstituentsList(args.constituentsFile, signal);
    return { label: `constituents ${path.basename(args.constituentsFile)}`, members, preferQuoteNames: false, index: null, leftOut: [], warnings };
  }
  if (args.tickers !== undefined) return tickerListSource(args.tickers);
  throw new InputError('give exactly one of a holdings file, a constituents file or a list of tickers', { field: 'tickers' });
}

function holdingsSource(file: string): TickerSource {
  const read = readIsharesHoldings(file);
  const name = path.basename(file);
  const facts = [read.fund?.etf ?? read.fundName, read.asOf === null ? null : `as of ${read.asOf}`].filter((fact) => fact !== null && fact !== '');
  const warnings = [...read.warnings];
  if (read.leftOut.length > 0) {
    const kinds = new Map<string, number>();
    for (const row of read.leftOut) kinds.set(row.reason, (kinds.get(row.reason) ?? 0) + 1);
    warnings.push(
      `${counted(read.leftOut.length, 'row')} of ${name} ${read.leftOut.length === 1 ? 'is not a listed stock and was' : 'are not listed stocks and were'} left out: ` +
        [...kinds].map(([reason, count]) => `${count} ${reason}`).join(', '),
    );
  }
  const renamed = read.holdings.filter((holding) => holding.ticker !== holding.isharesTicker);
  if (renamed.length > 0) {
    warnings.push(`${counted(renamed.length, 'iShares ticker')} ${renamed.length === 1 ? 'is' : 'are'} written otherwise on Yahoo: ${renamed.slice(0, 10).map((h) => `${h.isharesTicker} as ${h.ticker}`).join(', ')}${renamed.length > 10 ? ', …' : ''}`);
  }
  if (read.fund === null) warnings.push(`${name} is not the holdings file of a fund Jessica knows (IVV, IWM, IWB, IWV): give --index for its index series`);
  const weights = read.holdings.filter((holding) => holding.weight !== null);
  const weightWarning = weightSumWarning(file, weights.reduce((sum, holding) => sum + holding.weight!, 0), weights.length, read.holdings.length);
  if (weightWarning !== null) warnings.push(weightWarning);
  return {
    label: `holdings ${name}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`,
    members: read.holdings.map((holding) => ({
      ticker: holding.ticker,
      name: holding.name,
      sector: holding.sector,
      industry: null,
      marketCap: null,
      sharesOutstanding: null,
      weight: holding.weight,
    })),
    preferQuoteNames: true,
    index: read.fund?.index ?? null,
    leftOut: read.leftOut,
    warnings,
  };
}

function tickerListSource(tickers: readonly string[]): TickerSource {
  const seen = new Set<string>();
  for (const written of tickers) {
    const ticker = written.trim().toUpperCase();
    const problem = tickerProblem(ticker);
    if (problem !== null) throw new InputError(problem, { field: 'tickers' });
    seen.add(ticker);
  }
  return {
    label: '--tickers',
    members: [...seen].map((ticker) => ({ ticker, name: null, sector: null, industry: null, marketCap: null, sharesOutstanding: null, weight: null })),
    preferQuoteNames: true,
    index: null,
    leftOut: [],
    warnings: [],
  };
}
