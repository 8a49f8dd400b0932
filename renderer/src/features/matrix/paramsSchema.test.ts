import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundsText, fieldsOf, missingRequired, textOf, valuesOf } from './paramsSchema.ts';

// The schemas are what components/list sends: zod parameter schemas written as JSON Schema by zod itself.
const schema = (params: z.ZodType): Record<string, unknown> => z.toJSONSchema(params, { io: 'input' }) as Record<string, unknown>;

const maxNames = schema(z.strictObject({ maxNames: z.number().int().min(1) }));
const maxWeight = schema(z.strictObject({ maxWeight: z.number().gt(0).lte(1) }));
const budget = schema(z.strictObject({ cashMin: z.number().min(0).max(1).default(0), cashMax: z.number().min(0).max(1).default(0) }));
const exclusions = schema(z.strictObject({ tickers: z.array(z.string().min(1)).default([]), sectors: z.array(z.string().min(1)).default([]) }));
const mixed = schema(z.strictObject({ fractional: z.boolean().default(false), benchmark: z.enum(['cap', 'index']), note: z.string().optional() }));

describe('fieldsOf', () => {
  it('reads an integer with a lower bound and no default as required, and drops the unbounded MAX_SAFE_INTEGER', () => {
    expect(fieldsOf(maxNames)).toEqual([{ name: 'maxNames', kind: 'integer', required: true, min: 1 }]);
    expect(missingRequired(maxNames)).toEqual(['maxNames']);
    expect(boundsText(fieldsOf(maxNames)[0]!)).toBe('integer, ≥ 1');
  });

  it('keeps an exclusive lower bound apart from an inclusive upper bound', () => {
    const [f] = fieldsOf(maxWeight);
    expect(f).toMatchObject({ kind: 'number', exclusiveMin: 0, max: 1 });
    expect(boundsText(f!)).toBe('number, > 0 and ≤ 1');
  });

  it('treats parameters with defaults as nothing to ask for before switching a component on', () => {
    expect(missingRequired(budget)).toEqual([]);
    expect(missingRequired(exclusions)).toEqual([]);
    expect(fieldsOf(exclusions).map((f) => f.kind)).toEqual(['string-list', 'string-list']);
  });

  it('reads booleans, enums and optional strings', () => {
    expect(fieldsOf(mixed)).toEqual([
      { name: 'fractional', kind: 'boolean', required: false, default: false },
      { name: 'benchmark', kind: 'enum', required: true, options: ['cap', 'index'] },
      { name: 'note', kind: 'string', required: false },
    ]);
  });
});

describe('valuesOf', () => {
  it('turns the texts into JSON values the zod schema accepts', () => {
    const fields = [...fieldsOf(budget), ...fieldsOf(exclusions), ...fieldsOf(mixed)];
    const { values, errors } = valuesOf(fields, {
      cashMin: '0',
      cashMax: '0.05',
      tickers: ' AAPL, MSFT ,,',
      sectors: '',
      fractional: 'true',
      benchmark: 'index',
      note: '',
    });
    expect(errors).toEqual({});
    expect(values).toEqual({ cashMin: 0, cashMax: 0.05, tickers: ['AAPL', 'MSFT'], sectors: [], fractional: true, benchmark: 'index' });
    z.strictObject({
      cashMin: z.number().min(0).max(1),
      cashMax: z.number().min(0).max(1),
      tickers: z.array(z.string().min(1)),
      sectors: z.array(z.string().min(1)),
      fractional: z.boolean(),
      benchmark: z.enum(['cap', 'index']),
    }).parse(values);
  });

  it('names each field whose text breaks its schema', () => {
    const fields = [...fieldsOf(maxNames), ...fieldsOf(maxWeight), ...fieldsOf(budget)];
    expect(valuesOf(fields, { maxNames: '2.5', maxWeight: '0', cashMin: '1.5', cashMax: 'x' }).errors).toEqual({
      maxNames: 'expected a whole number',
      maxWeight: 'must be > 0',
      cashMin: 'must be ≤ 1',
      cashMax: 'expected a number, got "x"',
    });
    expect(valuesOf(fieldsOf(maxNames), { maxNames: '' }).errors).toEqual({ maxNames: 'required' });
    expect(valuesOf(fieldsOf(mixed), { benchmark: 'total' }).errors).toEqual({ benchmark: 'one of cap, index' });
  });

  it('starts an input from the stored value, else the default, and reads it back unchanged', () => {
    const fields = fieldsOf(exclusions);
    const texts = Object.fromEntries(fields.map((f) => [f.name, textOf(f, f.name === 'tickers' ? ['XOM', 'CVX'] : undefined)]));
    expect(texts).toEqual({ tickers: 'XOM, CVX', sectors: '' });
    expect(valuesOf(fields, texts).values).toEqual({ tickers: ['XOM', 'CVX'], sectors: [] });
  });
});
