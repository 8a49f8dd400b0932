import path from 'node:path';
import type { ParsedArgs } from '../../api/methods.ts';
import { InputError } from '../errors.ts';
import { checkOutputDirectory, checkOutputFile } from '../export/outputPaths.ts';
import { implausibleDollars } from '../plausibleValues.ts';
import type { Database } from '../store/database.ts';
import { checkAsOfWithinPrices } from './asOfWithinPrices.ts';

/** The arguments that say the model, whoever solves it (`portfolio/optimize`, `solvers/compare`). */
export type ModelArguments = Omit<ParsedArgs<'portfolio/optimize'>, 'solver' | 'writeModel' | 'out' | 'timeLimit' | 'mipGap'>;

/**
 * What `portfolio/optimize` refuses before it reads a price: combinations and figures that cannot make a
 * portfolio, and places it could not write to. Each would otherwise cost the whole solve first (an account value
 * beside holdings ran 11 s into "no feasible point"; an --out that is a file failed after the solve).
 */
export function checkOptimizeArguments(db: Database, args: ModelArguments & { out?: string; writeModel?: string }): void {
  for (const [field, option] of [['accountValue', '--account-value'], ['cash', '--cash'], ['withdraw', '--withdraw']] as const) {
    const value = args[field];
    const problem = value === undefined ? undefined : implausibleDollars(value);
    if (problem) throw new InputError(`${option}: ${problem}`, { field }, { placed: true });
  }
  if (args.accountValue !== undefined && args.holdingsFile !== undefined) {
    throw new InputError(
      `--account-value with --holdings: the holdings (and --cash) already make the account's value; ` +
        `use --cash to add cash to them, or drop --holdings for a new account of $${args.accountValue}`,
      { field: 'accountValue' },
      { placed: true },
    );
  }
  checkAsOfWithinPrices(db, args.universe, args.asOf);
  if (args.out !== undefined) checkOutputDirectory(args.out, { option: '--out', field: 'out' });
  if (args.writeModel !== undefined) {
    const model = { option: '--write-model', field: 'writeModel' };
    checkOutputFile(args.writeModel, model);
    checkOutputFile(`${args.writeModel}.names.json`, model);
    if (args.out !== undefined && isInside(args.writeModel, args.out)) {
      throw new InputError(
        `--write-model ${args.writeModel}: inside --out ${args.out}, which is replaced whole when the run completes: write the model beside it`,
        { file: args.writeModel, field: 'writeModel' },
        { placed: true },
      );
    }
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
