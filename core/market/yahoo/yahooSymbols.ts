/**
 * iShares writes a share class without a separator (BRKB, BFB, MOGA), or with a dot or slash in older downloads
 * (BF.B, BRK/B); Yahoo writes it with a hyphen (BRK-B, BF-B, MOG-A). A squashed ticker cannot be split by rule:
 * UAA, GOOGL, FOXA and LBRDA are whole tickers that also end in their class letter. So the squashed ones are
 * listed: the NYSE share classes of the S&P 500 and the Russell indices, each taken only when the holding's name
 * says that class (`BERKSHIRE HATHAWAY INC CLASS B`).
 */
const SQUASHED_CLASSES: Readonly<Record<string, string>> = {
  BRKA: 'BRK-A',
  BRKB: 'BRK-B',
  BFA: 'BF-A',
  BFB: 'BF-B',
  MOGA: 'MOG-A',
  MOGB: 'MOG-B',
  GEFB: 'GEF-B',
  CRDA: 'CRD-A',
  CRDB: 'CRD-B',
  HEIA: 'HEI-A',
  LENB: 'LEN-B',
  BIOB: 'BIO-B',
  CWENA: 'CWEN-A',
  UHALB: 'UHAL-B',
  LGFA: 'LGF-A',
  LGFB: 'LGF-B',
  GTNA: 'GTN-A',
  HVTA: 'HVT-A',
  MKCV: 'MKC-V',
  STZB: 'STZ-B',
  TAPA: 'TAP-A',
  WSOB: 'WSO-B',
  JWA: 'JW-A',
  BHA: 'BH-A',
};

/** The Yahoo symbol of a holding's ticker; `name` is the holding's name as the file gives it. */
export function yahooSymbol(isharesTicker: string, name: string | null): string {
  const ticker = isharesTicker.trim().toUpperCase();
  // BF.B, BRK/B, BRK B: a written separator is always a class separator in a US listing
  if (/^[A-Z0-9]+[./ ][A-Z]$/.test(ticker)) return ticker.replace(/[./ ]/, '-');
  const squashed = SQUASHED_CLASSES[ticker];
  if (squashed !== undefined && name !== null) {
    const shareClass = squashed.slice(-1);
    if (new RegExp(`\\bCL(ASS|\\.)?\\s+${shareClass}\\b`, 'i').test(name)) return squashed;
  }
  return ticker;
}
