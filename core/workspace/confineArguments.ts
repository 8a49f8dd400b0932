import { pathArgumentsOf, type PathAccess } from '../../api/pathArguments.ts';
import { confinePath, type Confinement } from './confinePath.ts';

/** One path argument of a call: as the page gave it, and as the method is given it. */
export interface ConfinedPath {
  argument: string;
  given: string;
  resolved: string;
  access: PathAccess;
}

export interface ConfinedCall {
  /** the call's arguments with every path argument replaced by its resolved path */
  args: unknown;
  paths: ConfinedPath[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Confines every path argument of a call before the core sees it (api/pathArguments.ts says which),
 * the arguments of the method a `jobs/start` starts included; throws the first refusal as an InputError
 * naming the argument. Arguments that are missing or not strings are left for the method's schema to
 * refuse, in its own words.
 */
export function confineArguments(method: string, args: unknown, confinement: Confinement): ConfinedCall {
  if (method === 'jobs/start' && isRecord(args) && typeof args.method === 'string' && isRecord(args.args)) {
    const job = confineOwnArguments(args.method, args.args, confinement);
    return { args: { ...args, args: job.args }, paths: job.paths };
  }
  return confineOwnArguments(method, args, confinement);
}

function confineOwnArguments(method: string, args: unknown, confinement: Confinement): ConfinedCall {
  const pathArguments = pathArgumentsOf(method);
  if (pathArguments.length === 0 || !isRecord(args)) return { args, paths: [] };
  const confined: Record<string, unknown> = { ...args };
  const paths: ConfinedPath[] = [];
  for (const [argument, access] of pathArguments) {
    const given = Object.hasOwn(args, argument) ? args[argument] : undefined;
    if (typeof given !== 'string' || given === '') continue;
    const resolved = confinePath(confinement, argument, given, access);
    confined[argument] = resolved;
    paths.push({ argument, given, resolved, access });
  }
  return { args: confined, paths };
}
