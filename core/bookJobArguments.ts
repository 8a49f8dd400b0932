import type { ParsedArgs } from '../api/methods.ts';
import { InputError } from './errors.ts';
import { checkOutputDirectory } from './export/outputPaths.ts';
import { implausibleDollars } from './plausibleValues.ts';
import { checkAsOfWithinPrices } from './portfolio/asOfWithinPrices.ts';
import type { Database } from './store/database.ts';

/**
 * What the book jobs refuse before they read a price (portfolio/optimize makes the same checks itself,
 * optimizeArguments.ts): an as-of date outside the prices, an --out the output could not be put in, an account
 * size no account has. A batch that fails on its --out after minutes of solving is the failure these prevent.
 */
export function checkBookJobArguments(db: Database, args: ParsedArgs<'book/batch'> | ParsedArgs<'book/minimums'>): void {
  checkAsOfWithinPrices(db, args.universe, args.asOf);
  if (args.out !== undefined) checkOutputDirectory(args.out, { option: '--out', field: 'out' });
  for (const size of 'sizes' in args ? (args.sizes ?? []) : []) {
    const problem = implausibleDollars(size);
    if (problem) throw new InputError(`--sizes: ${problem}`, { field: 'sizes' }, { placed: true });
  }
}
