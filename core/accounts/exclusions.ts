import { InputError, type InputLocation } from '../errors.ts';
import { demoSectors } from '../market/demoCompanies.ts';
import { MAX_NAME_LENGTH } from '../market/plausibility.ts';
import { tickerProblem } from '../market/tickerSymbol.ts';
import { hasControlCharacters, quoted } from '../quotedText.ts';

/** The 11 GICS sector names (the demo market's sectors are exactly these, spelled as the real data spells them). */
const gicsSectors = new Map(demoSectors.map((s) => [s.name.toLowerCase(), s.name]));

const sectorPrefix = 'sector:';

/**
 * An account's `exclude` field: a semicolon list of tickers and `sector:NAME` entries, in any case.
 * Tickers are upper-cased; a sector keeps its GICS spelling when it names one of the 11 GICS sectors
 * (so `sector:energy` and `SECTOR:Energy` are one exclusion and the accounts share a cluster), else
 * its own spelling as given (at most MAX_NAME_LENGTH characters, no control characters). A ticker is
 * one the price import takes (tickerSymbol.ts), so any imported name can be excluded. The result is sorted and has no duplicates, so two accounts with the same
 * restrictions have equal lists. Empty entries (`MO;;PM;`) are ignored.
 */
export function parseExclusions(text: string | undefined, where: InputLocation): string[] {
  const entries = new Set<string>();
  for (const raw of (text ?? '').split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    entries.add(normalizeExclusion(entry, where));
  }
  return [...entries].sort();
}

function normalizeExclusion(entry: string, where: InputLocation): string {
  const colon = entry.indexOf(':');
  if (colon >= 0) {
    const prefix = entry.slice(0, colon + 1).trim().toLowerCase();
    if (prefix !== sectorPrefix) {
      throw new InputError(`${quoted(entry)} is neither a ticker nor sector:NAME`, where);
    }
    const name = entry.slice(colon + 1).trim().replace(/\s+/g, ' ');
    if (name === '') throw new InputError(`${quoted(entry)} names no sector`, where);
    if (name.length > MAX_NAME_LENGTH || hasControlCharacters(name)) {
      throw new InputError(`${quoted(entry)} is not a sector name (at most ${MAX_NAME_LENGTH} characters, no control characters)`, where);
    }
    return sectorPrefix + (gicsSectors.get(name.toLowerCase()) ?? name);
  }
  const ticker = entry.toUpperCase();
  const problem = tickerProblem(ticker);
  if (problem !== null) throw new InputError(`${problem}, nor sector:NAME`, where);
  return ticker;
}

/** The sector named by an exclusion entry, or null for a ticker. */
export function excludedSector(entry: string): string | null {
  return entry.startsWith(sectorPrefix) ? entry.slice(sectorPrefix.length) : null;
}

/** Whether a normalized sector name is one of the 11 GICS sectors. */
export function isGicsSector(name: string): boolean {
  return gicsSectors.get(name.toLowerCase()) === name;
}

/** `sector:NAME` for a sector, the form exclusion lists hold. */
export function sectorExclusion(sector: string): string {
  return sectorPrefix + sector;
}
