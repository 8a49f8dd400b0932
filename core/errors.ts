/** Where a piece of bad input sits: any of a file (and line in it), a field, a model component. */
export interface InputLocation {
  file?: string;
  line?: number;
  field?: string;
  component?: string;
}

/**
 * Bad input from the user: a file, an option, a model. The message already names where the problem is
 * (`data/prices.csv.gz line 1043, field close: "abc" is not a number`, the file as the user gave it), so a shell prints it as one line
 * and exits 1; `where` keeps the parts for callers that want to point at them.
 */
export class InputError extends Error {
  readonly where: InputLocation;

  /**
   * `placed`: the problem already says where in its own words (`--out out/x: is a file, not a directory`), so the
   * location is kept for callers but not written before it again.
   */
  constructor(problem: string, where: InputLocation = {}, { placed = false }: { placed?: boolean } = {}) {
    super(placed ? problem : describeLocation(where) + problem);
    this.name = 'InputError';
    this.where = { ...where };
  }
}

function describeLocation(where: InputLocation): string {
  const place = [
    where.file,
    where.line === undefined ? undefined : `line ${where.line}`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const parts = [
    place === '' ? undefined : place,
    where.field === undefined ? undefined : `field ${where.field}`,
    where.component === undefined ? undefined : `component ${where.component}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? '' : `${parts.join(', ')}: `;
}

/** A solve that produced no usable portfolio; `code` tells a shell how to react (the CLI exits 2). */
export class SolveFailure extends Error {
  readonly code: 'infeasible' | 'solver-failed';
  /** data behind the message, e.g. the conflicting components of an infeasible model */
  readonly details?: unknown;

  constructor(code: 'infeasible' | 'solver-failed', message: string, details?: unknown) {
    super(message);
    this.name = 'SolveFailure';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

/** Something the user named that does not exist: a universe, a run, a job. The message names it and what there is. */
export class NotFoundError extends Error {
  readonly where: InputLocation;

  constructor(message: string, where: InputLocation = {}) {
    super(message);
    this.name = 'NotFoundError';
    this.where = { ...where };
  }
}

/** Work the user stopped (jobs/cancel); `runId` is the run stored as `cancelled`, when one was. */
export class Cancelled extends Error {
  readonly runId?: number;

  constructor(message = 'cancelled', runId?: number) {
    super(message);
    this.name = 'Cancelled';
    if (runId !== undefined) this.runId = runId;
  }
}

/** Throws Cancelled once `signal` has been aborted: the check a job makes between its stages. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled();
}

/**
 * The store (`jessica.sqlite`) failed: the message names the file, SQLite's code and what to do. `userSide` says
 * whether the user must act on the file or its place (not a database, damaged, read-only, the disk full: exit 1)
 * or whether the same command may succeed when run again (locked by another process, an I/O error: exit 2).
 */
export class StoreError extends Error {
  readonly file: string;
  readonly sqliteCode: string;
  readonly userSide: boolean;

  constructor(file: string, sqliteCode: string, detail: string) {
    const known = STORE_PROBLEMS.find(([prefix]) => sqliteCode.startsWith(prefix));
    const [, what, advice, userSide] = known ?? ['', detail, 'if it persists, move it aside or set JESSICA_HOME to a new directory', false];
    super(`${file}: ${what} (${sqliteCode}): ${advice}`);
    this.name = 'StoreError';
    this.file = file;
    this.sqliteCode = sqliteCode;
    this.userSide = userSide;
  }
}

/** SQLite's result codes (the extended ones start with these) in words: what went wrong, what to do, the user's to fix. */
const STORE_PROBLEMS: readonly (readonly [string, string, string, boolean])[] = [
  ['SQLITE_NOTADB', 'is not a Jessica database', 'move it aside or set JESSICA_HOME', true],
  ['SQLITE_CORRUPT', 'is damaged', 'move it aside (a copy may be recovered with sqlite3 .recover) or set JESSICA_HOME', true],
  ['SQLITE_READONLY', 'cannot be written', 'check its permissions and those of its directory, or set JESSICA_HOME', true],
  ['SQLITE_CANTOPEN', 'cannot be opened', 'check that its directory exists and can be written, or set JESSICA_HOME', true],
  ['SQLITE_PERM', 'may not be written', 'check its permissions, or set JESSICA_HOME', true],
  ['SQLITE_FULL', 'cannot grow: the disk is full', 'free some space on its disk, or set JESSICA_HOME to another one', true],
  ['SQLITE_BUSY', 'is locked by another process', 'run the command again once the other one has finished', false],
  ['SQLITE_LOCKED', 'is locked', 'run the command again once the other one has finished', false],
  ['SQLITE_IOERR', 'could not be read or written (an I/O error)', 'check the disk, then run the command again', false],
];

/**
 * A number that cannot be written to an output (Infinity or NaN in a CSV cell or a run.json field). Every figure
 * is checked on input, so this is Jessica's own fault, never the user's: the file is not written and the shell
 * says which file and column it was.
 */
export class UnwritableNumberError extends Error {
  readonly file: string;
  readonly column: string;

  constructor(file: string, column: string, value: number) {
    super(`${file}: ${value} in column ${column} is not a finite number, so the file was not written (a figure escaped the input checks: please report it)`);
    this.name = 'UnwritableNumberError';
    this.file = file;
    this.column = column;
  }
}
