import type { Command } from 'commander';
import { fraction, isoDate, nonNegativeDollars, positiveDollars, positiveInteger, positiveNumber, tickerList } from './optionParsers.ts';

/**
 * The options that say which model to build, shared by `optimize` (one solver) and `compare` (several on the
 * same model), with the solve's time limit and gap.
 */
export function modelOptions(command: Command): Command {
  return command
    .requiredOption('--universe <name>', 'universe (demo is built in)')
    .requiredOption('--use-case <id>', 'use case, e.g. index-tracking')
    .option('--as-of <date>', 'as-of date (default: the last date with prices)', isoDate)
    .option('--lookback <n>', 'return periods in the estimation window', positiveInteger, 252)
    .option('--benchmark <kind>', 'cap (member cap weights) or index (the index series; default when present)')
    .option('--max-names <k>', 'hold at most k names', positiveInteger)
    .option('--min-weight <w>', 'each name held at least w (or not at all)', fraction)
    .option('--max-weight <w>', 'each name at most w', fraction)
    .option('--sector-band <b>', 'each sector within ±b of its benchmark weight', fraction)
    .option('--exclude <tickers>', 'comma-separated tickers never to hold', tickerList)
    .option('--account-value <v>', 'account value in dollars for a new account: whole shares and a CASH row (not with --holdings: they make the value)', positiveDollars)
    .option('--holdings <file>', 'current positions, one row per tax lot: ticker,shares[,cost_basis,acquired,price] (price per share values a name outside the universe, which is sold)')
    .option('--recent-sales <file>', 'realized gain/loss report for the wash-sale rule: ticker,date,realized_gain[,shares] (negative gain = loss)')
    .option('--cash <v>', 'cash in the account besides the holdings, in dollars', nonNegativeDollars)
    .option('--withdraw <w>', 'dollars to raise (cash-withdrawal): the account value drops by it', positiveDollars)
    .option('--fractional', 'fractional shares with --account-value')
    .option('--time-limit <s>', 'solver time limit in seconds (MILPs: the heuristic gets 40 %, branch-and-bound the rest)', positiveNumber, 10)
    .option('--mip-gap <g>', 'stop a MILP once within this relative gap of its bound (e.g. 0.01 or 1%)', fraction);
}

/** The parsed options as the core's arguments: the files under their argument names, flags as booleans. */
export function modelArguments(opts: Record<string, unknown>): Record<string, unknown> {
  const { holdings, recentSales, ...rest } = opts;
  return { ...rest, holdingsFile: holdings, recentSalesFile: recentSales, fractional: Boolean(rest.fractional) };
}
