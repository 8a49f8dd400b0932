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

  constructor(problem: string, where: InputLocation = {}) {
    super(describeLocation(where) + problem);
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
