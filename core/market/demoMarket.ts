import type { Database } from '../store/database.ts';
import { demoSectors, inventCompany } from './demoCompanies.ts';
import { DemoRandom } from './demoRandom.ts';
import { UniverseWriter, type MemberRow } from './universeWriter.ts';

export const DEMO_UNIVERSE = 'demo';
export const DEMO_SEED = 500;
/** Fixed, never "today": the demo market and every result computed on it are reproducible. */
export const DEMO_END_DATE = '2025-12-31';
/** Weekdays (no holiday calendar): a bit over three years. */
export const DEMO_TRADING_DAYS = 800;
const INDEX_START_LEVEL = 4000;
/** Names that list during the window (IPOs, spin-offs), so the demo has members with partial history. */
const LATE_LISTINGS = 8;

export interface DemoMember extends MemberRow {
  name: string;
  sector: string;
  industry: string;
  /** at DEMO_END_DATE: sharesOutstanding × that day's close */
  marketCap: number;
  sharesOutstanding: number;
}

/**
 * A synthetic S&P 500-like market. Prices are raw share prices in cents, row-major
 * `close[t * members.length + i]`, NaN before a name lists. There are no dividends or splits, so
 * adj_close = close. `index` is the cap-weighted index level (see generateDemoMarket).
 */
export interface DemoMarket {
  seed: number;
  dates: string[];
  members: DemoMember[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  index: Float64Array;
}

/**
 * Generates the demo market from a seed; a pure function (same seed, same market).
 *
 * Daily return of name i in sector s on day t:
 *   r_{t,i} = μ_i + β_i f^M_t + γ_i f^s_t + σ_i ε_{t,i}
 * with a market factor f^M_t = μ_M + h_t z_t whose variance follows GARCH(1,1),
 * h²_t = ω + α (h_{t−1} z_{t−1})² + β_G h²_{t−1} (long-run 1.15%/day, calm and stressed spells),
 * sector factors f^s_t = v_s z^s_t, and z, z^s, ε unit-variance Student t₄ shocks (fat tails).
 * Idiosyncratic volatility falls with size: σ_i ∝ (cap_i / median cap)^(−0.12).
 *
 * Market caps at the end date are lognormal (median about $25B before sector tilts, σ = 1.4 in logs,
 * floor $5B: a handful of names over $1T, a long tail). End-date share prices are lognormal too, spread in log space over
 * exactly $5.50 .. $4,200 so every seed has names under $10 and over $1,000 (what makes small accounts
 * hard); earlier prices follow back from the end through the returns. Shares outstanding are fixed.
 *
 * The index level is chained over the names priced on both days, with weights = yesterday's caps:
 *   I_t = I_{t−1} · Σ_{i∈A_t} n_i P_{t,i} / Σ_{i∈A_t} n_i P_{t−1,i},  A_t = names priced on t−1 and t,
 * so its daily return is the cap-weighted member return, and a new listing joins the day after it lists.
 */
export function generateDemoMarket(seed: number = DEMO_SEED): DemoMarket {
  const random = new DemoRandom(seed);
  const dates = weekdaysEndingOn(DEMO_END_DATE, DEMO_TRADING_DAYS);
  const days = dates.length;

  const takenNames = new Set<string>();
  const takenTickers = new Set<string>();
  const sectorOf: number[] = [];
  const companies: { name: string; ticker: string; industry: string }[] = [];
  demoSectors.forEach((sector, s) => {
    for (let k = 0; k < sector.members; k++) {
      companies.push({ ...inventCompany(random, sector, takenNames, takenTickers), industry: random.pick(sector.industries) });
      sectorOf.push(s);
    }
  });
  const n = companies.length;

  const targetCap = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let cap: number;
    do cap = Math.exp(Math.log(25e9) + demoSectors[sectorOf[i]!]!.logCapTilt + 1.4 * random.normal());
    while (cap < 5e9);
    targetCap[i] = cap;
  }
  const endPrice = spreadInLogSpace(Array.from({ length: n }, () => random.normal()), 5.5, 4200);
  const medianCap = [...targetCap].sort((a, b) => a - b)[n >> 1]!;

  const beta = new Float64Array(n);
  const sectorLoading = new Float64Array(n);
  const drift = new Float64Array(n);
  const idiosyncratic = new Float64Array(n);
  const turnover = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    beta[i] = clamp(1 + 0.25 * random.normal(), 0.4, 1.9);
    sectorLoading[i] = clamp(1 + 0.2 * random.normal(), 0.5, 1.5);
    drift[i] = 0.0001 + 0.0002 * random.normal();
    idiosyncratic[i] = clamp(0.013 * (targetCap[i]! / medianCap) ** -0.12 * Math.exp(0.25 * random.normal()), 0.006, 0.04);
    turnover[i] = 0.007 * Math.exp(0.4 * random.normal());
  }
  const listedFrom = new Int32Array(n);
  for (let k = 0; k < LATE_LISTINGS; k++) listedFrom[random.integer(0, n - 1)] = random.integer(100, days - 200);

  // Unrounded growth paths: growth[t*n+i] = Π_{u≤t} (1 + r_{u,i}); day 0 is the base.
  const growth = new Float64Array(days * n);
  const dailyReturn = new Float64Array(days * n);
  const longRunVariance = 0.0115 ** 2;
  const garchShock = 0.08;
  const garchPersistence = 0.9;
  let variance = longRunVariance;
  let lastMarketShock = 0;
  for (let t = 0; t < days; t++) {
    variance =
      longRunVariance * (1 - garchShock - garchPersistence) + garchShock * lastMarketShock ** 2 + garchPersistence * variance;
    lastMarketShock = Math.sqrt(variance) * random.fatTailed();
    const market = 0.0003 + lastMarketShock;
    const sectorFactor = demoSectors.map((sector) => sector.factorVolatility * random.fatTailed());
    for (let i = 0; i < n; i++) {
      const r = t === 0 ? 0 : Math.max(-0.6, drift[i]! + beta[i]! * market + sectorLoading[i]! * sectorFactor[sectorOf[i]!]! + idiosyncratic[i]! * random.fatTailed());
      dailyReturn[t * n + i] = r;
      growth[t * n + i] = (t === 0 ? 1 : growth[(t - 1) * n + i]!) * (1 + r);
    }
  }

  const open = new Float64Array(days * n).fill(NaN);
  const high = new Float64Array(days * n).fill(NaN);
  const low = new Float64Array(days * n).fill(NaN);
  const close = new Float64Array(days * n).fill(NaN);
  const volume = new Float64Array(days * n).fill(NaN);
  const shares = new Float64Array(n);
  const last = (days - 1) * n;
  for (let i = 0; i < n; i++) {
    const scale = endPrice[i]! / growth[last + i]!;
    const dailyVolatility = Math.hypot(beta[i]! * 0.0115, sectorLoading[i]! * demoSectors[sectorOf[i]!]!.factorVolatility, idiosyncratic[i]!);
    for (let t = listedFrom[i]!; t < days; t++) {
      const k = t * n + i;
      const price = scale * growth[k]!;
      const previous = price / (1 + dailyReturn[k]!);
      // The overnight gap takes a quarter of the day's move scale; the intraday range reaches past open and close.
      const opening = previous * (1 + 0.25 * dailyVolatility * random.normal());
      close[k] = cents(price);
      open[k] = cents(opening);
      high[k] = cents(Math.max(price, opening) * (1 + 0.3 * dailyVolatility * Math.abs(random.normal())));
      low[k] = cents(Math.min(price, opening) * (1 - 0.3 * dailyVolatility * Math.abs(random.normal())));
    }
    shares[i] = Math.round(targetCap[i]! / close[last + i]!);
    for (let t = listedFrom[i]!; t < days; t++) {
      const surprise = Math.abs(dailyReturn[t * n + i]!) / dailyVolatility;
      volume[t * n + i] = Math.round(shares[i]! * turnover[i]! * Math.exp(0.35 * random.normal()) * (1 + 0.5 * surprise));
    }
  }

  const index = new Float64Array(days);
  index[0] = INDEX_START_LEVEL;
  for (let t = 1; t < days; t++) {
    let today = 0;
    let yesterday = 0;
    for (let i = 0; i < n; i++) {
      const before = close[(t - 1) * n + i]!;
      if (Number.isNaN(before)) continue;
      today += shares[i]! * close[t * n + i]!;
      yesterday += shares[i]! * before;
    }
    index[t] = index[t - 1]! * (today / yesterday);
  }

  const members: DemoMember[] = companies.map((company, i) => ({
    ticker: company.ticker,
    name: company.name,
    sector: demoSectors[sectorOf[i]!]!.name,
    industry: company.industry,
    marketCap: shares[i]! * close[last + i]!,
    sharesOutstanding: shares[i]!,
    weight: null,
  }));
  return { seed, dates, members, open, high, low, close, volume, index };
}

/**
 * Loads the demo market into universe `demo` the first time it is needed, through the same writer
 * (one transaction) as a CSV import. Returns true when it had to load it.
 */
export function ensureDemoMarket(db: Database): boolean {
  if (db.prepare('SELECT 1 FROM universes WHERE name = ?').get(DEMO_UNIVERSE) !== undefined) return false;
  loadDemoMarket(db, generateDemoMarket(DEMO_SEED), DEMO_UNIVERSE);
  return true;
}

/** Writes a generated market as a universe, replacing any universe of that name. */
export function loadDemoMarket(db: Database, market: DemoMarket, universe: string): void {
  const writer = UniverseWriter.begin(db, universe, `generated demo market (seed ${market.seed}, ending ${market.dates[market.dates.length - 1]})`);
  try {
    const n = market.members.length;
    for (let t = 0; t < market.dates.length; t++) {
      const date = market.dates[t]!;
      for (let i = 0; i < n; i++) {
        const k = t * n + i;
        const close = market.close[k]!;
        if (Number.isNaN(close)) continue;
        writer.addPrice(date, market.members[i]!.ticker, market.open[k]!, market.high[k]!, market.low[k]!, close, close, market.volume[k]!);
      }
      writer.addIndexClose(date, market.index[t]!);
    }
    for (const member of market.members) writer.addMember(member);
    writer.commit();
  } catch (error) {
    writer.rollback();
    throw error;
  }
}

/** The last `count` weekdays up to and including `endDate` (ISO dates, ascending). */
function weekdaysEndingOn(endDate: string, count: number): string[] {
  const dates: string[] = [];
  const day = new Date(`${endDate}T00:00:00Z`);
  while (dates.length < count) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() - 1);
  }
  return dates.reverse();
}

/** Maps draws affinely in log space so the smallest becomes `low` and the largest `high`. */
function spreadInLogSpace(draws: number[], low: number, high: number): number[] {
  const min = Math.min(...draws);
  const max = Math.max(...draws);
  return draws.map((z) => Math.exp(Math.log(low) + ((z - min) / (max - min)) * (Math.log(high) - Math.log(low))));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function cents(price: number): number {
  return Math.round(price * 100) / 100;
}
