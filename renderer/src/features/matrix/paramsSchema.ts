/**
 * A component's parameter form, read from its JSON Schema (components/list: paramsSchema): one field per
 * property, with its type, bounds, default and whether it is required. Values go back as JSON values.
 */

interface FieldBase {
  name: string;
  required: boolean;
  description?: string;
}

export type ParamField =
  | (FieldBase & { kind: 'number' | 'integer'; default?: number; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number })
  | (FieldBase & { kind: 'boolean'; default?: boolean })
  | (FieldBase & { kind: 'enum'; options: (string | number)[]; default?: string | number })
  | (FieldBase & { kind: 'string-list'; default?: string[] })
  | (FieldBase & { kind: 'string'; default?: string })
  /** anything else: edited as JSON text */
  | (FieldBase & { kind: 'json'; default?: unknown });

type Schema = Record<string, unknown>;

const isRecord = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** zod writes "no bound" on integers as ±MAX_SAFE_INTEGER; a form has nothing to say about those */
const bound = (v: unknown): number | undefined => {
  const n = num(v);
  return n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n;
};

function fieldOf(name: string, p: Schema, required: boolean): ParamField {
  const base: FieldBase = { name, required, ...(typeof p.description === 'string' ? { description: p.description } : {}) };
  const dflt = p.default;
  if (Array.isArray(p.enum) && p.enum.every((o) => typeof o === 'string' || typeof o === 'number')) {
    return { ...base, kind: 'enum', options: p.enum as (string | number)[], ...(typeof dflt === 'string' || typeof dflt === 'number' ? { default: dflt } : {}) };
  }
  if (p.type === 'number' || p.type === 'integer') {
    const field: ParamField = { ...base, kind: p.type };
    const set = (key: 'min' | 'max' | 'exclusiveMin' | 'exclusiveMax', v: unknown): void => {
      const b = bound(v);
      if (b !== undefined) field[key] = b;
    };
    set('min', p.minimum);
    set('max', p.maximum);
    set('exclusiveMin', p.exclusiveMinimum);
    set('exclusiveMax', p.exclusiveMaximum);
    if (num(dflt) !== undefined) field.default = dflt as number;
    return field;
  }
  if (p.type === 'boolean') return { ...base, kind: 'boolean', ...(typeof dflt === 'boolean' ? { default: dflt } : {}) };
  if (p.type === 'array' && isRecord(p.items) && p.items.type === 'string') {
    return { ...base, kind: 'string-list', ...(Array.isArray(dflt) ? { default: dflt.map(String) } : {}) };
  }
  if (p.type === 'string') return { ...base, kind: 'string', ...(typeof dflt === 'string' ? { default: dflt } : {}) };
  return { ...base, kind: 'json', ...(dflt === undefined ? {} : { default: dflt }) };
}

export function fieldsOf(schema: Schema): ParamField[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(properties).map(([name, p]) => fieldOf(name, isRecord(p) ? p : {}, required.has(name)));
}

/** Required parameters without a default: a component with any cannot be switched on without asking for them. */
export function missingRequired(schema: Schema): string[] {
  return fieldsOf(schema)
    .filter((f) => f.required && f.default === undefined)
    .map((f) => f.name);
}

/** The bounds of a numeric field in words, e.g. `integer, ≥ 1` or `number, > 0 and ≤ 1`. */
export function boundsText(field: ParamField): string {
  if (field.kind !== 'number' && field.kind !== 'integer') return field.kind === 'string-list' ? 'comma-separated list' : field.kind;
  const parts: string[] = [];
  if (field.exclusiveMin !== undefined) parts.push(`> ${field.exclusiveMin}`);
  else if (field.min !== undefined) parts.push(`≥ ${field.min}`);
  if (field.exclusiveMax !== undefined) parts.push(`< ${field.exclusiveMax}`);
  else if (field.max !== undefined) parts.push(`≤ ${field.max}`);
  return parts.length ? `${field.kind}, ${parts.join(' and ')}` : field.kind;
}

/** The text an input starts with: the stored value, else the default, else empty. */
export function textOf(field: ParamField, stored: unknown): string {
  const v = stored === undefined ? field.default : stored;
  if (v === undefined || v === null) return '';
  if (field.kind === 'string-list') return Array.isArray(v) ? v.join(', ') : String(v);
  if (field.kind === 'json') return JSON.stringify(v);
  return String(v);
}

/** One field's text as its JSON value; `undefined` leaves an optional field out. Throws a message on bad input. */
function valueOf(field: ParamField, raw: string): unknown {
  const text = raw.trim();
  if (text === '' && field.kind !== 'boolean' && field.kind !== 'string-list') {
    if (field.required && field.default === undefined) throw new Error('required');
    return undefined;
  }
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new Error(`expected a number, got "${text}"`);
      if (field.kind === 'integer' && !Number.isInteger(n)) throw new Error('expected a whole number');
      if (field.min !== undefined && n < field.min) throw new Error(`must be ≥ ${field.min}`);
      if (field.exclusiveMin !== undefined && n <= field.exclusiveMin) throw new Error(`must be > ${field.exclusiveMin}`);
      if (field.max !== undefined && n > field.max) throw new Error(`must be ≤ ${field.max}`);
      if (field.exclusiveMax !== undefined && n >= field.exclusiveMax) throw new Error(`must be < ${field.exclusiveMax}`);
      return n;
    }
    case 'boolean':
      return text === 'true';
    case 'enum': {
      const option = field.options.find((o) => String(o) === text);
      if (option === undefined) throw new Error(`one of ${field.options.join(', ')}`);
      return option;
    }
    case 'string-list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'string':
      return text;
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error('expected JSON');
      }
  }
}

/** The form's texts as parameter values, or a message per field that is not valid. */
export function valuesOf(fields: ParamField[], texts: Record<string, string>): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    try {
      const v = valueOf(field, texts[field.name] ?? '');
      if (v !== undefined) values[field.name] = v;
    } catch (error) {
      errors[field.name] = (error as Error).message;
    }
  }
  return { values, errors };
}
