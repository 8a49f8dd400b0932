import type { Member, SectorWeight, UniverseMembers } from '../../api/market.ts';
import type { Database } from '../store/database.ts';
import { DEMO_UNIVERSE, ensureDemoMarket } from './demoMarket.ts';
import { requireUniverse } from './universeCatalog.ts';

interface MemberRow {
  ticker: string;
  name: string | null;
  sector: string | null;
  market_cap: number | null;
  weight: number | null;
  close: number | null;
}

/**
 * A universe's members at its last date d, largest benchmark weight first, and its sector mix.
 *
 * Benchmark weights follow the `cap` benchmark of buildTrackingProblem (DESIGN section 3), over the
 * members priced on d: b_i ∝ the weight column when any of them has one, else ∝ market cap, summing
 * to 1; equal (1/n) when none has either. A member without a close on d (delisted, or listed later
 * than the data) is shown with price null and weight 0. Sector s: Σ_{i∈s} b_i over its members.
 */
export function universeMembers(db: Database, universe: string): UniverseMembers {
  if (universe === DEMO_UNIVERSE) ensureDemoMarket(db);
  const { lastDate } = requireUniverse(db, universe);
  const rows = db
    .prepare(
      `SELECT m.ticker, m.name, m.sector, m.market_cap, m.weight, p.close
       FROM universe_members m
       LEFT JOIN prices p ON p.universe = m.universe AND p.date = @asOf AND p.ticker = m.ticker
       WHERE m.universe = @universe ORDER BY m.ticker`,
    )
    .all({ universe, asOf: lastDate }) as MemberRow[];

  const priced = rows.filter((r) => r.close !== null);
  const byWeightColumn = priced.some((r) => (r.weight ?? 0) > 0);
  const size = (r: MemberRow): number => {
    const v = byWeightColumn ? r.weight : r.market_cap;
    return v !== null && v > 0 ? v : 0;
  };
  const total = priced.reduce((s, r) => s + size(r), 0);
  const weightOf = (r: MemberRow): number => {
    if (r.close === null) return 0;
    return total > 0 ? size(r) / total : 1 / priced.length;
  };

  const members: Member[] = rows.map((r) => ({
    ticker: r.ticker,
    name: r.name ?? '',
    sector: r.sector ?? '',
    weight: weightOf(r),
    price: r.close,
    marketCap: r.market_cap,
  }));
  members.sort((a, b) => b.weight - a.weight || a.ticker.localeCompare(b.ticker));

  const sectors = new Map<string, SectorWeight>();
  for (const m of members) {
    const s = sectors.get(m.sector) ?? { sector: m.sector, names: 0, weight: 0 };
    s.names++;
    s.weight += m.weight;
    sectors.set(m.sector, s);
  }
  return {
    universe,
    asOf: lastDate,
    members,
    sectors: [...sectors.values()].sort((a, b) => b.weight - a.weight || a.sector.localeCompare(b.sector)),
  };
}
