import { InputError } from '../errors.ts';
import { escapeText, hasControlCharacters, quoted } from '../quotedText.ts';
import { isCalendarDate } from './isoDate.ts';
import type { Ceiling } from './plausibility.ts';
import { tickerProblem } from './tickerSymbol.ts';

/*
 * Typed fields of a CSV record. Every reader takes the location as plain arguments (not an object) so
 * the hot path of a million-row import allocates nothing per field; the InputError is built only on failure.
 * An empty optional field is null, never an error and never zero. Every number is finite, written in
 * decimal, and at most its Ceiling (plausibility.ts); every text quoted in a message is escaped.
 */

export function requiredText(text: string | undefined, file: string, line: number, field: string): string {
  if (text === undefined || text.trim() === '') throw new InputError('is empty', { file, line, field });
  return text;
}

export function optionalText(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text;
}

/**
 * A name the app shows and prints as it is (an account id, a strategy, a company or sector name),
 * trimmed: at most `maxLength` characters and no control characters.
 */
export function requiredLabel(text: string | undefined, file: string, line: number, field: string, maxLength: number): string {
  return label(requiredText(text, file, line, field).trim(), file, line, field, maxLength);
}

/** As requiredLabel, null when empty; kept as written (not trimmed), as optionalText keeps it. */
export function optionalLabel(text: string | undefined, file: string, line: number, field: string, maxLength: number): string | null {
  return text === undefined || text === '' ? null : label(text, file, line, field, maxLength);
}

function label(text: string, file: string, line: number, field: string, maxLength: number): string {
  if (text.length > maxLength) throw new InputError(`${quoted(text)} is longer than ${maxLength} characters`, { file, line, field });
  if (hasControlCharacters(text)) throw new InputError(`${quoted(text)} holds control characters`, { file, line, field });
  return text;
}

/** A ticker as written (see tickerSymbol.ts), trimmed; `upperCase` for files whose tickers are matched in any case. */
export function requiredTicker(text: string | undefined, file: string, line: number, field: string, upperCase = false): string {
  const trimmed = requiredText(text, file, line, field).trim();
  const ticker = upperCase ? trimmed.toUpperCase() : trimmed;
  const problem = tickerProblem(ticker);
  if (problem !== null) throw new InputError(problem, { file, line, field });
  return ticker;
}

/** A real calendar date yyyy-mm-dd, trimmed, that is not after `latest` (latestDateNow): nothing is dated in the future. */
export function requiredPastDate(text: string | undefined, file: string, line: number, field: string, latest: string): string {
  const date = requiredText(text, file, line, field).trim();
  return pastDate(date, file, line, field, latest);
}

/** As requiredPastDate, null when empty. */
export function optionalPastDate(text: string | undefined, file: string, line: number, field: string, latest: string): string | null {
  const date = text?.trim();
  return date === undefined || date === '' ? null : pastDate(date, file, line, field, latest);
}

function pastDate(date: string, file: string, line: number, field: string, latest: string): string {
  if (!isCalendarDate(date)) throw new InputError(`${quoted(date)} is not a date (yyyy-mm-dd)`, { file, line, field });
  if (date > latest) throw new InputError(`${date} is in the future (today is ${latest} at the latest)`, { file, line, field });
  return date;
}

export function requiredPositive(text: string | undefined, file: string, line: number, field: string, ceiling: Ceiling): number {
  if (text === undefined || text === '') throw new InputError('is empty', { file, line, field });
  return positive(text, file, line, field, ceiling);
}

export function optionalPositive(text: string | undefined, file: string, line: number, field: string, ceiling: Ceiling): number | null {
  return text === undefined || text === '' ? null : positive(text, file, line, field, ceiling);
}

export function optionalNonNegative(text: string | undefined, file: string, line: number, field: string, ceiling: Ceiling): number | null {
  if (text === undefined || text === '') return null;
  const value = bounded(text, file, line, field, ceiling);
  if (value < 0) throw new InputError(`${escapeText(text)} is negative`, { file, line, field });
  return value;
}

/** A share count: whole and not negative. */
export function optionalVolume(text: string | undefined, file: string, line: number, field: string, ceiling: Ceiling): number | null {
  const value = optionalNonNegative(text, file, line, field, ceiling);
  if (value !== null && !Number.isInteger(value)) throw new InputError(`${escapeText(text!)} is not a whole number`, { file, line, field });
  return value;
}

/** Any finite number, negative too (a loss), at most the ceiling either way. */
export function requiredSigned(text: string | undefined, file: string, line: number, field: string, ceiling: Ceiling): number {
  const trimmed = requiredText(text, file, line, field).trim();
  const value = finite(trimmed, file, line, field);
  if (Math.abs(value) > ceiling.max) {
    throw new InputError(`${escapeText(trimmed)} is beyond ±${ceiling.max.toLocaleString('en-US')}, the most taken for ${ceiling.of}`, {
      file,
      line,
      field,
    });
  }
  return value;
}

function positive(text: string, file: string, line: number, field: string, ceiling: Ceiling): number {
  const value = bounded(text, file, line, field, ceiling);
  if (value <= 0) throw new InputError(`${escapeText(text)} is not positive`, { file, line, field });
  return value;
}

function bounded(text: string, file: string, line: number, field: string, ceiling: Ceiling): number {
  const value = finite(text, file, line, field);
  if (value > ceiling.max) throw aboveCeiling(text, file, line, field, ceiling);
  return value;
}

function aboveCeiling(text: string, file: string, line: number, field: string, ceiling: Ceiling): InputError {
  return new InputError(`${escapeText(text)} is more than ${ceiling.max.toLocaleString('en-US')}, the most taken for ${ceiling.of}`, {
    file,
    line,
    field,
  });
}

// Decimal only: Number() also reads hex, octal and binary ('0x1F'), Infinity, and blank text as 0.
const decimalNumber = /^[ \t]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;

function finite(text: string, file: string, line: number, field: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || !decimalNumber.test(text)) {
    throw new InputError(`${quoted(text)} is not a number`, { file, line, field });
  }
  return value;
}
