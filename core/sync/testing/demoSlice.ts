import { DEMO_UNIVERSE, generateDemoMarket, loadDemoMarket, type DemoMarket } from '../../market/demoMarket.ts';
import type { Database } from '../../store/database.ts';

/**
 * The demo market cut down for sync tests whose point is not volume: every `stride`-th member (so every sector and
 * the spread of share prices stay) over the last `days` trading days (so the last date, 2025-12-31, stays and an
 * optimize with the default 252-day lookback still has its window). Prices are the generated ones, unchanged; the
 * index series is the full market's, as a benchmark it need not be recomputed.
 */
export function demoMarketSlice(market: DemoMarket, stride: number, days: number): DemoMarket {
  const n = market.members.length;
  const first = market.dates.length - days;
  const kept = market.members.map((_, i) => i).filter((i) => i % stride === 0);
  const cut = (series: Float64Array) => {
    const out = new Float64Array(days * kept.length);
    for (let t = 0; t < days; t++) kept.forEach((i, k) => (out[t * kept.length + k] = series[(first + t) * n + i]!));
    return out;
  };
  return {
    seed: market.seed,
    dates: market.dates.slice(first),
    members: kept.map((i) => market.members[i]!),
    open: cut(market.open),
    high: cut(market.high),
    low: cut(market.low),
    close: cut(market.close),
    volume: cut(market.volume),
    index: market.index.slice(first),
  };
}

/**
 * Writes the slice of the demo market (`market`, or the one generated now) as the universe `demo`, where
 * ensureDemoMarket finds it and leaves it be.
 */
export function loadDemoSlice(db: Database, stride: number, days: number, market: DemoMarket = generateDemoMarket()): DemoMarket {
  const slice = demoMarketSlice(market, stride, days);
  loadDemoMarket(db, slice, DEMO_UNIVERSE);
  return slice;
}
