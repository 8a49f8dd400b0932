/*
 * The largest value each number in an imported file may take. A number beyond these is a mistake in the
 * file (a misplaced exponent, cents read as dollars many times over, an overflow written out), not a fact
 * about the market, and let through it breaks the optimization far from its cause: a close of 1e308
 * overflows the solver's matrix and ends as an opaque solver failure. Each ceiling sits well above the
 * largest real value, so no real data is refused.
 */

import { MAX_PLAUSIBLE_DOLLARS } from '../plausibleValues.ts';

/** A largest plausible value, and what it bounds, for the message that refuses a value above it. */
export interface Ceiling {
  max: number;
  of: string;
}

/** Dollars per share: the dearest listed share (Berkshire Hathaway A) trades under $1,000,000. */
export const MAX_PRICE: Ceiling = { max: 10_000_000, of: 'a price per share in dollars' };

/** Shares traded in a day: the busiest names trade a few billion. */
export const MAX_VOLUME: Ceiling = { max: 1e13, of: 'shares traded in a day' };

/** Dollars: $100 trillion, some 25 times the largest company. */
export const MAX_MARKET_CAP: Ceiling = { max: 1e14, of: 'a market cap in dollars' };

/** Shares: the S&P 500 file itself holds a count of 8e11, so the ceiling sits above that. */
export const MAX_SHARES_OUTSTANDING: Ceiling = { max: 1e13, of: 'shares outstanding' };

/** A benchmark weight, as a fraction or in percent: no member weighs more than the whole index. */
export const MAX_MEMBER_WEIGHT: Ceiling = { max: 100, of: 'a member weight (a fraction, or percent)' };

/**
 * Dollars in one account (its value or its cash): $1 trillion, above any single managed account; the same
 * figure the command line's dollar options are held to (MAX_PLAUSIBLE_DOLLARS in core/plausibleValues.ts).
 */
export const MAX_ACCOUNT_DOLLARS: Ceiling = { max: MAX_PLAUSIBLE_DOLLARS, of: 'the dollars of an account' };

/** Shares in one tax lot: a billion shares is a controlling stake in most listed companies. */
export const MAX_LOT_SHARES: Ceiling = { max: 1e9, of: 'the shares of a lot' };

/** Dollars gained or lost in one sale: as much as an account may hold. */
export const MAX_REALIZED_GAIN: Ceiling = { max: MAX_PLAUSIBLE_DOLLARS, of: 'a realized gain or loss in dollars' };

/** An index level: the S&P 500 is in the thousands; some national indices run into the millions. */
export const MAX_INDEX_LEVEL: Ceiling = { max: 1e9, of: 'an index level' };

/** Characters of a company, sector or industry name: real ones are under 100. */
export const MAX_NAME_LENGTH = 200;
