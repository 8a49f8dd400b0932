import { InputError } from '../errors.ts';

/** How many bad rows of one file are collected before reading stops: enough to fix a file in one pass. */
export const MAX_ROW_ERRORS = 20;

/**
 * Every bad row of a file, reported at once. The message is the first bad row's (file, line, field,
 * problem) followed by the others as `line L, field F: problem`; `where` points at the first.
 */
export class BadRowsError extends InputError {
  readonly rows: readonly InputError[];

  constructor(file: string, rows: readonly InputError[], stoppedAtLine: number | null) {
    const first = rows[0]!;
    super('', first.where);
    this.name = 'InputError';
    this.rows = rows;
    const others = rows.slice(1).map((row) => withoutFile(row.message, file));
    const more = others.length === 0 ? '' : ` (${rows.length} bad rows; also ${others.join('; ')})`;
    const stopped = stoppedAtLine === null ? '' : ` (reading stopped at line ${stoppedAtLine} after ${rows.length} bad rows)`;
    this.message = first.message + more + stopped;
  }
}

/**
 * Collects the row errors of one file while it streams: `check` runs one row's validation and keeps
 * its InputError instead of stopping, until MAX_ROW_ERRORS have been seen (then the stream is stopped).
 * Errors other than InputError (bugs, I/O) pass through at once.
 */
export class RowErrors {
  private readonly rows: InputError[] = [];
  private stoppedAt: number | null = null;

  constructor(private readonly file: string) {}

  check(line: number, validate: () => void): void {
    try {
      validate();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.rows.push(error);
      if (this.rows.length >= MAX_ROW_ERRORS) {
        this.stoppedAt = line;
        throw this.error();
      }
    }
  }

  get count(): number {
    return this.rows.length;
  }

  /** Throws the collected errors as one BadRowsError, if there are any. */
  throwIfAny(): void {
    if (this.rows.length > 0) throw this.error();
  }

  private error(): BadRowsError {
    return new BadRowsError(this.file, this.rows, this.stoppedAt);
  }
}

function withoutFile(message: string, file: string): string {
  return message.startsWith(`${file} `) ? message.slice(file.length + 1) : message;
}
