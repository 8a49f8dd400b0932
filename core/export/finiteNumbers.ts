import type { CastingContext } from 'csv-stringify';
import { UnwritableNumberError } from '../errors.ts';

/**
 * The last guard before a number reaches a file: `Infinity` or `NaN` in a CSV cell, or in run.json (where
 * JSON.stringify would quietly write null), means a figure escaped the input checks (an account of $1e308 whose
 * cents overflow). The file is refused whole, naming it and the column, instead of handing a client a trade list
 * with `Infinity` in it.
 */

/** `value`, when it is finite; else an UnwritableNumberError naming `file` and `column`. */
export function finite(value: number, file: string, column: string): number {
  if (Number.isFinite(value)) return value;
  throw new UnwritableNumberError(file, column, value);
}

/** csv-stringify's `cast` for number cells: each checked, written as csv-stringify writes numbers. */
export function finiteNumberCells(file: string, columns: readonly string[]): { number: (value: number, context: CastingContext) => string } {
  return {
    number: (value, context) => String(finite(value, file, columns[context.index] ?? String(context.column ?? context.index))),
  };
}

/** run.json's text: pretty JSON, every number checked (the column named by its key). */
export function finiteJson(value: unknown, file: string): string {
  return `${JSON.stringify(value, (key, v: unknown) => (typeof v === 'number' ? finite(v, file, key === '' ? '(the value)' : key) : v), 2)}\n`;
}
