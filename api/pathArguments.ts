import type { z } from 'zod';
import type { MethodName, methods } from './methods.ts';

/** What a method does at a path it is given: reads a file there, or writes one (or a directory of files). */
export type PathAccess = 'read' | 'write';

type PathArgumentsOf<M extends MethodName> = Readonly<Partial<Record<keyof z.input<(typeof methods)[M]>, PathAccess>>>;

/**
 * Every method argument that names a file or directory on this machine, with what the method does there.
 * The app's shells confine these (core/workspace/): a page, whatever data it renders, reaches only the
 * files the user meant it to. The CLI does not: the person at the terminal owns their files.
 * `jobs/start` carries a job method's arguments, so its own are those of the method it starts.
 * core/workspace/pathArguments.test.ts walks every schema of methods.ts: a path argument left out of this
 * list fails it.
 */
export const pathArguments: { readonly [M in MethodName]?: PathArgumentsOf<M> } = {
  'data/import': { pricesFile: 'read', constituentsFile: 'read', indexFile: 'read' },
  'data/yahoo': { holdingsFile: 'read', constituentsFile: 'read' },
  'portfolio/optimize': { holdingsFile: 'read', recentSalesFile: 'read', out: 'write', writeModel: 'write' },
  'accounts/import': { file: 'read', holdingsFile: 'read' },
  'accounts/generate': { out: 'write', holdingsOut: 'write' },
  'book/batch': { accountsFile: 'read', holdingsFile: 'read', out: 'write' },
  'book/minimums': { out: 'write' },
  'solvers/compare': { holdingsFile: 'read', recentSalesFile: 'read', out: 'write' },
  'runs/export': { dir: 'write' },
  'runs/replay': { dir: 'read' },
  'bench/run': { matrixFile: 'read', out: 'write' },
};

/** The path arguments of `method` as [name, access] pairs; none for a method that takes no path. */
export function pathArgumentsOf(method: string): [string, PathAccess][] {
  const own = Object.hasOwn(pathArguments, method) ? pathArguments[method as MethodName] : undefined;
  return Object.entries(own ?? {}) as [string, PathAccess][];
}
