import type { ModelIR } from '../model/ir.ts';
import { variableSet } from '../model/ir.ts';
import type { ConflictComponent, ElasticSlack } from './elasticDiagnosis.ts';

export interface ConflictFacts {
  /** the full infeasible model: final column bounds and rows of every component */
  ir: ModelIR;
  level: 'relaxation' | 'integer';
  slacks: ElasticSlack[];
  irreducible: boolean;
}

/**
 * The conflict in one line, in the portfolio manager's words. For the conflicts people run into
 * most, the arithmetic that makes them impossible:
 * - max names × max weight below what the budget must invest:  K · m < 1 − cashMax;
 * - exclusions (and a max weight) leaving too little room:      Σ_{i not excluded} u_i < 1 − cashMax;
 * - a sector band its names cannot reach:                       Σ_{i∈s} u_i < B_s − band,
 * with u_i the final upper bound of w_i in the model. Any other conflict is listed as components that
 * cannot hold together, with the elastic LP's smallest repair when there is one.
 */
export function conflictMessage(conflict: readonly ConflictComponent[], facts: ConflictFacts): string {
  const byId = new Map(conflict.map((c) => [c.id, c]));
  const sentences: string[] = [];
  const named = new Set<string>();
  const budget = byId.get('con.budget');
  const required = budget ? 1 - numberParam(budget, 'cashMax', 0) : undefined;
  const needs = required === undefined ? '' : `con.budget requires ${required >= 1 ? '100%' : `at least ${percent(required)}`} invested`;

  const maxNames = byId.get('con.max-names');
  const maxWeight = byId.get('con.max-weight');
  if (required !== undefined && maxNames && maxWeight) {
    const k = numberParam(maxNames, 'maxNames', NaN);
    const m = numberParam(maxWeight, 'maxWeight', NaN);
    if (k * m < required) {
      sentences.push(`${describe(maxNames)} with ${describe(maxWeight)}: at most ${percent(k * m)} can be invested (${k} names × ${percent(m)}), ${needs}`);
      named.add('con.budget').add('con.max-names').add('con.max-weight');
    }
  }

  const exclusions = byId.get('con.exclusions');
  const w = variableSet(facts.ir, 'weights');
  if (required !== undefined && exclusions && w && !named.has('con.budget')) {
    let open = 0;
    let room = 0;
    for (let i = 0; i < w.count; i++) {
      const u = Math.min(1, facts.ir.cols.upper[w.start + i]!);
      if (u > 0) open++;
      room += Math.max(0, u);
    }
    if (open === 0) {
      sentences.push(`${describe(exclusions)} excludes all ${w.count} names of the universe, ${needs}`);
      named.add('con.budget').add('con.exclusions');
    } else if (room < required) {
      const cap = maxWeight ? ` with ${describe(maxWeight)}` : '';
      sentences.push(`${describe(exclusions)}${cap}: the ${open} names left can hold at most ${percent(room)}, ${needs}`);
      named.add('con.budget').add('con.exclusions');
      if (maxWeight) named.add('con.max-weight');
    }
  }

  const band = byId.get('con.sector-band');
  if (band && w) {
    const shortfall = unreachableSectors(facts.ir, w);
    const worst = shortfall[0];
    if (worst) {
      const limits = [maxWeight, exclusions].filter((c): c is ConflictComponent => c !== undefined);
      const b = numberParam(band, 'band', 0);
      const others = shortfall.length > 1 ? ` (and ${shortfall.length - 1} more sector${shortfall.length > 2 ? 's' : ''})` : '';
      sentences.push(
        `${describe(band)}${limits.map((c) => ` with ${describe(c)}`).join('')}: sector ${worst.sector} needs at least ${percent(worst.needs)} ` +
          `(benchmark ${percent(worst.needs + b)} − ${percent(b)}) but its ${worst.names} names can hold at most ${percent(worst.room)}${others}`,
      );
      named.add('con.sector-band');
      for (const c of limits) named.add(c.id);
    }
  }

  const rest = conflict.filter((c) => !named.has(c.id));
  let line: string;
  if (sentences.length === 0) {
    line = `these components cannot hold together: ${conflict.map(describe).join(', ')}`;
  } else {
    line = sentences.join('; ') + (rest.length > 0 ? `; together with ${rest.map(describe).join(', ')}` : '');
  }
  if (facts.level === 'integer') line += ' (the continuous relaxation is feasible: the whole-number requirements make it impossible)';
  if (sentences.length === 0 && facts.slacks.length > 0) {
    line += `; smallest repair: ${facts.slacks.map((s) => `${s.component} off by ${round(s.violation)}`).join(', ')}`;
  }
  if (!facts.irreducible) line += ' (not proven minimal: some tests ran out of time)';
  return line;
}

interface SectorShortfall {
  sector: string;
  names: number;
  needs: number;
  room: number;
}

/** Sector rows B_s − band ≤ Σ_{i∈s} w_i whose names' upper bounds sum to less than B_s − band, worst first. */
function unreachableSectors(ir: ModelIR, w: { start: number; count: number }): SectorShortfall[] {
  const span = ir.components.find((c) => c.component === 'con.sector-band');
  if (!span) return [];
  const out: SectorShortfall[] = [];
  for (let r = span.rowStart; r < span.rowStart + span.rowCount; r++) {
    const needs = ir.rows.lower[r]!;
    let room = 0;
    let names = 0;
    for (let k = ir.matrix.starts[r]!; k < ir.matrix.starts[r + 1]!; k++) {
      const j = ir.matrix.index[k]!;
      if (j < w.start || j >= w.start + w.count) continue;
      names++;
      room += ir.matrix.value[k]! * Math.max(0, Math.min(1, ir.cols.upper[j]!));
    }
    if (room < needs - 1e-9) {
      const name = /^sectorBand\[(.*)\]$/.exec(ir.rows.names[r]!)?.[1] ?? ir.rows.names[r]!;
      out.push({ sector: name, names, needs, room });
    }
  }
  return out.sort((a, b) => b.needs - b.room - (a.needs - a.room));
}

/** `con.max-names (maxNames=3)`; lists show their first five entries. */
export function describe(c: ConflictComponent): string {
  const parts = Object.entries(c.params)
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.slice(0, 5).join(',')}${v.length > 5 ? `,… ${v.length} in all` : ''}]` : String(v)}`);
  return parts.length > 0 ? `${c.id} (${parts.join(', ')})` : c.id;
}

function numberParam(c: ConflictComponent, key: string, fallback: number): number {
  const v = c.params[key];
  return typeof v === 'number' ? v : fallback;
}

function percent(x: number): string {
  return `${Number((x * 100).toFixed(1))}%`;
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}
