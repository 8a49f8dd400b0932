import { describe, expect, it } from 'vitest';
import { tinyProblem } from '../../solver/components/testing/tinyProblem.ts';
import { InputError } from '../errors.ts';
import type { HoldingsFile } from './holdingsCsv.ts';
import { priceHoldingsOnUniverse } from './holdingsOnUniverse.ts';

// tinyProblem: universe tiny as of 2024-01-08, closes AAA 120, BBB 310, CCC 45
const read = (lots: HoldingsFile['holdings']['lots'], lines = lots.map((_, k) => k + 2)): HoldingsFile => ({ file: 'lots.csv', holdings: { cash: 100, lots }, lines });

describe('priceHoldingsOnUniverse', () => {
  it('values names in the universe at the close: a given price is dropped, with a warning only beyond 1 %', () => {
    const { holdings, warnings } = priceHoldingsOnUniverse(
      read([
        { ticker: 'AAA', shares: 2, price: 121.1 }, // 0.9 % off: silently dropped
        { ticker: 'ccc', shares: 4, costBasis: 40, price: 50 }, // 11 % off
        { ticker: 'BBB', shares: 1 },
      ]),
      tinyProblem(),
    );
    expect(holdings).toEqual({
      cash: 100,
      lots: [
        { ticker: 'AAA', shares: 2 },
        { ticker: 'ccc', shares: 4, costBasis: 40 },
        { ticker: 'BBB', shares: 1 },
      ],
    });
    expect(warnings).toEqual(['lots.csv line 3: the price 50 of CCC is not used: CCC is in universe tiny and valued at its 2024-01-08 close 45 (11.1 % apart)']);
  });

  it('keeps the price of a name outside the universe and says that it is sold, per ticker', () => {
    const { holdings, warnings } = priceHoldingsOnUniverse(
      read([
        { ticker: 'OLD', shares: 10, price: 12.5 },
        { ticker: 'AAA', shares: 1 },
        { ticker: 'OLD', shares: 6, price: 12.5 },
        { ticker: 'GONE', shares: 3, price: 1000 },
      ]),
      tinyProblem(),
    );
    expect(holdings.lots.map((l) => l.price)).toEqual([12.5, undefined, 12.5, 1000]);
    expect(warnings).toEqual([
      'OLD (lots.csv lines 2, 4) is not in universe tiny: its 16 shares are sold at the given prices, $200.00 to cash',
      'GONE (lots.csv line 5) is not in universe tiny: its 3 shares are sold at the given price 1000, $3,000.00 to cash',
    ]);
  });

  it('rejects a name outside the universe without a price, naming the file, its line and the field price', () => {
    let error: unknown;
    try {
      priceHoldingsOnUniverse(read([{ ticker: 'AAA', shares: 1 }, { ticker: 'OLD', shares: 10 }], [2, 7]), tinyProblem());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toEqual({ file: 'lots.csv', line: 7, field: 'price' });
    expect((error as InputError).message).toMatch(/^lots\.csv line 7, field price: OLD is not in universe tiny on 2024-01-08, so the file must give its price/);
  });
});
