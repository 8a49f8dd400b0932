import { InputError } from '../errors.ts';

/*
 * Typed fields of a CSV record. Every reader takes the location as plain arguments (not an object) so
 * the hot path of a million-row import allocates nothing per field; the InputError is built only on failure.
 * An empty optional field is null, never an error and never zero.
 */

export function requiredText(text: string | undefined, file: string, line: number, field: string): string {
  if (text === undefined || text.trim() === '') throw new InputError('is empty', { file, line, field });
  return text;
}

export function optionalText(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text;
}

export function requiredPositive(text: string | undefined, file: string, line: number, field: string): number {
  if (text === undefined || text === '') throw new InputError('is empty', { file, line, field });
  return positive(text, file, line, field);
}

export function optionalPositive(text: string | undefined, file: string, line: number, field: string): number | null {
  return text === undefined || text === '' ? null : positive(text, file, line, field);
}

export function optionalNonNegative(text: string | undefined, file: string, line: number, field: string): number | null {
  if (text === undefined || text === '') return null;
  const value = finite(text, file, line, field);
  if (value < 0) throw new InputError(`${text} is negative`, { file, line, field });
  return value;
}

/** A share count: whole and not negative. */
export function optionalVolume(text: string | undefined, file: string, line: number, field: string): number | null {
  const value = optionalNonNegative(text, file, line, field);
  if (value !== null && !Number.isInteger(value)) throw new InputError(`${text} is not a whole number`, { file, line, field });
  return value;
}

function positive(text: string, file: string, line: number, field: string): number {
  const value = finite(text, file, line, field);
  if (value <= 0) throw new InputError(`${text} is not positive`, { file, line, field });
  return value;
}

function finite(text: string, file: string, line: number, field: string): number {
  // Number rejects '12abc' where parseFloat would not, but reads blank text as 0.
  const value = Number(text);
  if (!Number.isFinite(value) || (value === 0 && text.trim() === '')) {
    throw new InputError(`"${text}" is not a number`, { file, line, field });
  }
  return value;
}
