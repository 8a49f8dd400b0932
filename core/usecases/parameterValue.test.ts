import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { coerceParameter, parameterSchemas } from './parameterValue.ts';

describe('coerceParameter reads command-line text as the schema expects', () => {
  it('numbers, as decimals or percentages, through default and optional wrappers', () => {
    expect(coerceParameter(z.number(), '0.05')).toEqual({ ok: true, value: 0.05 });
    expect(coerceParameter(z.number().min(0).default(0), ' 5% ')).toEqual({ ok: true, value: 0.05 });
    expect(coerceParameter(z.number().int().optional(), '30')).toEqual({ ok: true, value: 30 });
    expect(coerceParameter(z.number(), 'abc')).toEqual({ ok: false, problem: '"abc" is not a number' });
    expect(coerceParameter(z.number(), '')).toMatchObject({ ok: false });
  });

  it('booleans in the usual spellings, and nothing else', () => {
    expect(coerceParameter(z.boolean(), 'yes')).toEqual({ ok: true, value: true });
    expect(coerceParameter(z.boolean().default(false), 'FALSE')).toEqual({ ok: true, value: false });
    expect(coerceParameter(z.boolean(), 'maybe')).toMatchObject({ ok: false });
  });

  it('lists split at commas, each item read as the element type', () => {
    expect(coerceParameter(z.array(z.string()).default([]), 'AAPL, MSFT,,')).toEqual({ ok: true, value: ['AAPL', 'MSFT'] });
    expect(coerceParameter(z.array(z.number()), '1,2.5')).toEqual({ ok: true, value: [1, 2.5] });
    expect(coerceParameter(z.array(z.number()), '1,x')).toEqual({ ok: false, problem: 'item "x" is not a number' });
    expect(coerceParameter(z.array(z.string()), '')).toEqual({ ok: true, value: [] });
  });

  it('strings stay as given and values that are not strings pass through for the schema to judge', () => {
    expect(coerceParameter(z.string(), ' Energy ')).toEqual({ ok: true, value: ' Energy ' });
    expect(coerceParameter(z.enum(['a', 'b']), 'a')).toEqual({ ok: true, value: 'a' });
    expect(coerceParameter(z.number(), 0.1)).toEqual({ ok: true, value: 0.1 });
    expect(coerceParameter(z.number(), [1])).toEqual({ ok: true, value: [1] });
  });

  it('finds the parameter names of an object schema, refined or not', () => {
    const refined = z.strictObject({ lo: z.number(), hi: z.number() }).refine((p) => p.lo <= p.hi);
    expect(Object.keys(parameterSchemas(refined)!)).toEqual(['lo', 'hi']);
    expect(parameterSchemas(z.number())).toBeUndefined();
  });
});
