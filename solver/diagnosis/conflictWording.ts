import type { ConflictComponent } from './conflict.ts';

/**
 * How conflict sentences name components and amounts: a component with the parameters the use
 * case gave it, weights as percentages of the account, money as whole dollars.
 */

/** `con.max-names (maxNames=3)`; lists show their first five entries. */
export function describe(c: ConflictComponent): string {
  const parts = Object.entries(c.params)
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.slice(0, 5).join(',')}${v.length > 5 ? `,… ${v.length} in all` : ''}]` : String(v)}`);
  return parts.length > 0 ? `${c.id} (${parts.join(', ')})` : c.id;
}

/** `a`, `a and b`, `a, b and c` */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The components described and listed with `andList`. */
export function describeAll(cs: readonly ConflictComponent[]): string {
  return andList(cs.map(describe));
}

export function numberParam(c: ConflictComponent, key: string, fallback: number): number {
  const v = c.params[key];
  return typeof v === 'number' ? v : fallback;
}

/** 0.4753 → `47.5%` */
export function percent(x: number): string {
  return `${Number((x * 100).toFixed(1))}%`;
}

/** 4619.6 → `$4,620`, −2573.2 → `-$2,573` */
export function dollars(x: number): string {
  const whole = Math.round(x);
  return `${whole < 0 ? '-' : ''}$${Math.abs(whole).toLocaleString('en-US')}`;
}

export function round(x: number): number {
  return Number(x.toPrecision(3));
}

/** The components of `ids` that are in the conflict, in the order given. */
export function present(byId: ReadonlyMap<string, ConflictComponent>, ids: readonly string[]): ConflictComponent[] {
  return ids.map((id) => byId.get(id)).filter((c): c is ConflictComponent => c !== undefined);
}
