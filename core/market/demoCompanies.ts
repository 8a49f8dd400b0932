import type { DemoRandom } from './demoRandom.ts';

/**
 * The 11 GICS sectors with S&P 500-like member counts (504 in all, as the index holds 503-505 lines for
 * its ~500 companies), some of each sector's GICS industries, words for made-up company names, and the
 * tilts that make sectors differ: log market cap (technology and communication are bigger) and the
 * volatility of the sector factor (energy and technology swing more than utilities and staples).
 */
export interface DemoSector {
  name: string;
  members: number;
  industries: readonly string[];
  nameWords: readonly string[];
  logCapTilt: number;
  /** daily volatility of the sector factor */
  factorVolatility: number;
}

export const demoSectors: readonly DemoSector[] = [
  {
    name: 'Information Technology',
    members: 68,
    industries: ['Software', 'Semiconductors & Semiconductor Equipment', 'Technology Hardware, Storage & Peripherals', 'IT Services', 'Communications Equipment', 'Electronic Equipment, Instruments & Components'],
    nameWords: ['Systems', 'Software', 'Micro', 'Semiconductor', 'Networks', 'Data', 'Logic', 'Digital', 'Devices', 'Cloud'],
    logCapTilt: 0.6,
    factorVolatility: 0.009,
  },
  {
    name: 'Health Care',
    members: 62,
    industries: ['Pharmaceuticals', 'Biotechnology', 'Health Care Equipment & Supplies', 'Health Care Providers & Services', 'Life Sciences Tools & Services'],
    nameWords: ['Therapeutics', 'Pharma', 'Medical', 'Health', 'Biosciences', 'Diagnostics', 'Surgical', 'Genomics', 'Care', 'Labs'],
    logCapTilt: 0.2,
    factorVolatility: 0.006,
  },
  {
    name: 'Financials',
    members: 72,
    industries: ['Banks', 'Capital Markets', 'Insurance', 'Financial Services', 'Consumer Finance'],
    nameWords: ['Bancorp', 'Financial', 'Capital', 'Insurance', 'Trust', 'Payments', 'Holdings', 'Assurance', 'Exchange', 'Credit'],
    logCapTilt: 0.1,
    factorVolatility: 0.007,
  },
  {
    name: 'Consumer Discretionary',
    members: 52,
    industries: ['Specialty Retail', 'Hotels, Restaurants & Leisure', 'Automobiles', 'Broadline Retail', 'Household Durables', 'Textiles, Apparel & Luxury Goods'],
    nameWords: ['Motors', 'Stores', 'Brands', 'Resorts', 'Apparel', 'Homes', 'Restaurants', 'Outfitters', 'Travel', 'Retail'],
    logCapTilt: 0.1,
    factorVolatility: 0.008,
  },
  {
    name: 'Industrials',
    members: 78,
    industries: ['Aerospace & Defense', 'Machinery', 'Ground Transportation', 'Building Products', 'Electrical Equipment', 'Commercial Services & Supplies', 'Professional Services', 'Air Freight & Logistics'],
    nameWords: ['Industries', 'Aerospace', 'Machinery', 'Rail', 'Logistics', 'Controls', 'Engineering', 'Electric', 'Airlines', 'Services'],
    logCapTilt: -0.1,
    factorVolatility: 0.006,
  },
  {
    name: 'Communication Services',
    members: 22,
    industries: ['Interactive Media & Services', 'Entertainment', 'Media', 'Diversified Telecommunication Services'],
    nameWords: ['Media', 'Communications', 'Entertainment', 'Interactive', 'Broadcasting', 'Telecom', 'Studios', 'Wireless'],
    logCapTilt: 0.5,
    factorVolatility: 0.008,
  },
  {
    name: 'Consumer Staples',
    members: 38,
    industries: ['Beverages', 'Food Products', 'Household Products', 'Consumer Staples Distribution & Retail', 'Tobacco', 'Personal Care Products'],
    nameWords: ['Foods', 'Beverage', 'Brands', 'Grocers', 'Household', 'Farms', 'Bottling', 'Consumer'],
    logCapTilt: 0.0,
    factorVolatility: 0.005,
  },
  {
    name: 'Energy',
    members: 22,
    industries: ['Oil, Gas & Consumable Fuels', 'Energy Equipment & Services'],
    nameWords: ['Petroleum', 'Energy', 'Resources', 'Oil', 'Midstream', 'Drilling', 'Pipeline', 'Refining'],
    logCapTilt: 0.0,
    factorVolatility: 0.012,
  },
  {
    name: 'Utilities',
    members: 31,
    industries: ['Electric Utilities', 'Multi-Utilities', 'Gas Utilities', 'Water Utilities', 'Independent Power and Renewable Electricity Producers'],
    nameWords: ['Power', 'Electric', 'Utilities', 'Gas', 'Water', 'Light', 'Grid', 'Renewables'],
    logCapTilt: -0.3,
    factorVolatility: 0.005,
  },
  {
    name: 'Real Estate',
    members: 31,
    industries: ['Specialized REITs', 'Residential REITs', 'Retail REITs', 'Industrial REITs', 'Office REITs', 'Health Care REITs'],
    nameWords: ['Realty', 'Properties', 'Residential', 'Towers', 'Storage', 'Land', 'REIT', 'Estates'],
    logCapTilt: -0.4,
    factorVolatility: 0.007,
  },
  {
    name: 'Materials',
    members: 28,
    industries: ['Chemicals', 'Metals & Mining', 'Containers & Packaging', 'Construction Materials'],
    nameWords: ['Chemical', 'Materials', 'Mining', 'Steel', 'Packaging', 'Minerals', 'Coatings', 'Aggregates'],
    logCapTilt: -0.3,
    factorVolatility: 0.008,
  },
];

const firstWords = [
  'Acorn', 'Alder', 'Apex', 'Arbor', 'Atlas', 'Aurora', 'Beacon', 'Birch', 'Blue', 'Boulder', 'Bright', 'Cascade',
  'Cedar', 'Clear', 'Coastal', 'Cobalt', 'Compass', 'Copper', 'Crest', 'Delta', 'Eagle', 'Echo', 'Ember', 'Evergreen',
  'Falcon', 'Fern', 'Frontier', 'Galaxy', 'Garnet', 'Glacier', 'Golden', 'Granite', 'Harbor', 'Hawk', 'Highland',
  'Horizon', 'Indigo', 'Iron', 'Juniper', 'Keystone', 'Lake', 'Liberty', 'Lumen', 'Maple', 'Meridian', 'Mesa',
  'Monarch', 'North', 'Oak', 'Orbit', 'Pacific', 'Pine', 'Pioneer', 'Prairie', 'Quarry', 'Radiant', 'Redwood',
  'Ridge', 'River', 'Sable', 'Sage', 'Sierra', 'Silver', 'Sky', 'Sterling', 'Stone', 'Summit', 'Sun', 'Tide',
  'Timber', 'Titan', 'Union', 'Valley', 'Vanguard', 'Vista', 'Willow', 'Zenith',
];
const endings = ['Inc.', 'Corp.', 'Co.', 'Group', 'Holdings', 'plc', 'Ltd.'];
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A made-up company name that no other member has, and a 2-4 letter ticker that no other member has. */
export function inventCompany(
  random: DemoRandom,
  sector: DemoSector,
  takenNames: Set<string>,
  takenTickers: Set<string>,
): { name: string; ticker: string } {
  let name: string;
  do {
    name = `${random.pick(firstWords)} ${random.pick(sector.nameWords)} ${random.pick(endings)}`;
  } while (takenNames.has(name));
  takenNames.add(name);
  const initials = name.split(' ').slice(0, 2).map((word) => word[0]!.toUpperCase()).join('');
  let ticker: string;
  do {
    ticker = initials;
    const extra = random.integer(0, 2);
    for (let k = 0; k < extra; k++) ticker += letters[random.integer(0, 25)];
  } while (takenTickers.has(ticker));
  takenTickers.add(ticker);
  return { name, ticker };
}
