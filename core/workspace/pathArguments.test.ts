// api/pathArguments.ts is the list the shells confine by; this holds it to every schema of api/methods.ts.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methods, type MethodName } from '../../api/methods.ts';
import { pathArguments, pathArgumentsOf } from '../../api/pathArguments.ts';

/** What a name says of an argument: a file, a directory or an output is a path on this machine. */
const namedLikeAPath = /(File|Dir|Out)$|^(out|file|dir|writeModel)$/;

/** The schema under .optional(), .default(), .nullable(). */
function innermost(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner;
}

function stringArguments(method: MethodName): string[] {
  const schema = methods[method];
  if (!(schema instanceof z.ZodObject)) throw new Error(`${method}: its arguments are not an object schema; teach this test to walk it`);
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => innermost(field) instanceof z.ZodString)
    .map(([name]) => name);
}

describe('pathArguments', () => {
  it('covers every string argument of every method whose name is a file, a directory or an output', () => {
    const missing: string[] = [];
    for (const method of Object.keys(methods) as MethodName[]) {
      const covered = new Set(pathArgumentsOf(method).map(([name]) => name));
      for (const name of stringArguments(method)) if (namedLikeAPath.test(name) && !covered.has(name)) missing.push(`${method} ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('names only string arguments the methods have', () => {
    for (const [method, args] of Object.entries(pathArguments)) {
      expect(Object.hasOwn(methods, method), method).toBe(true);
      const strings = stringArguments(method as MethodName);
      for (const name of Object.keys(args)) expect(strings, `${method} ${name}`).toContain(name);
    }
  });

  it('says what each method does at the path: reads its inputs, writes its outputs', () => {
    expect(pathArgumentsOf('data/import')).toEqual([
      ['pricesFile', 'read'],
      ['constituentsFile', 'read'],
      ['indexFile', 'read'],
    ]);
    expect(pathArgumentsOf('accounts/generate')).toEqual([
      ['out', 'write'],
      ['holdingsOut', 'write'],
    ]);
    expect(pathArgumentsOf('data/list')).toEqual([]);
    expect(pathArgumentsOf('constructor')).toEqual([]);
  });
});
