/** JSON-plain types of the market data screens: members, sector mix, price and index series. */

export interface Member {
  ticker: string;
  name: string;
  sector: string;
  /** benchmark weight at the last date (cap or given weights), 0..1 */
  weight: number;
  /** last close */
  price: number | null;
  marketCap: number | null;
}

export interface SectorWeight {
  sector: string;
  names: number;
  weight: number;
}

export interface UniverseMembers {
  universe: string;
  asOf: string | null;
  members: Member[];
  sectors: SectorWeight[];
}

/** Closes on the universe's trading days; null where a ticker has no price that day. */
export interface PriceSeries {
  universe: string;
  dates: string[];
  /** the index's closes, when the universe has an index series */
  index: (number | null)[] | null;
  prices: Record<string, (number | null)[]>;
}
