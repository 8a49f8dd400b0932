import type { z } from 'zod';

/** The parts of zod 4's internal definition read here: the type tag and the wrapped schemas. */
interface Definition {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function definition(schema: z.ZodType): Definition {
  return (schema as unknown as { _zod: { def: Definition } })._zod.def;
}

/** The schema under default, optional, nullable, readonly, catch and pipe wrappers: what a value must be. */
function baseSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = definition(s);
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/** The parameter names of a component's schema, or undefined when it is not an object of named fields. */
export function parameterSchemas(params: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = definition(baseSchema(params));
  return def.type === 'object' ? def.shape : undefined;
}

export type Coerced = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * A value typed on a command line, read as the parameter's schema expects: numbers (`0.05` or `5%`),
 * booleans (`true`/`false`, `yes`/`no`, `1`/`0`), lists (`AAPL,MSFT`; each item read as the list's
 * element), strings as given, anything else as JSON. Values that are not strings (from the API) pass
 * unchanged; either way the component's schema has the last word.
 */
export function coerceParameter(schema: z.ZodType, value: unknown): Coerced {
  if (typeof value !== 'string') return { ok: true, value };
  const text = value.trim();
  const def = definition(baseSchema(schema));
  switch (def.type) {
    case 'number': {
      const percent = text.endsWith('%');
      const n = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1);
      return text !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: `"${value}" is not a number` };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'yes', '1'].includes(lower)) return { ok: true, value: true };
      if (['false', 'no', '0'].includes(lower)) return { ok: true, value: false };
      return { ok: false, problem: `"${value}" is not true or false` };
    }
    case 'array': {
      // empty items (a trailing comma) are dropped: `AAPL,` means one ticker
      const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const values: unknown[] = [];
      for (const item of items) {
        const c = def.element ? coerceParameter(def.element, item) : { ok: true as const, value: item };
        if (!c.ok) return { ok: false, problem: `item ${c.problem}` };
        values.push(c.value);
      }
      return { ok: true, value: values };
    }
    case 'string':
    case 'enum':
    case 'literal':
      return { ok: true, value };
    default:
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: true, value };
      }
  }
}
