import type { ModelIR } from '../model/ir.ts';
import { variableSet } from '../model/ir.ts';
import type { ConflictComponent, ConflictFinding, ConflictView } from './conflict.ts';
import { describe, numberParam, percent } from './conflictWording.ts';

/**
 * Conflicts of the portfolio's shape against the budget, with u_i the final upper bound of w_i in
 * the conflict's model and 1 − cashMax what con.budget requires invested.
 */

function investedNeed(view: ConflictView): { budget: ConflictComponent; required: number; needs: string } | undefined {
  const budget = view.byId.get('con.budget');
  if (!budget) return undefined;
  const required = 1 - numberParam(budget, 'cashMax', 0);
  return { budget, required, needs: `con.budget requires ${required >= 1 ? '100%' : `at least ${percent(required)}`} invested` };
}

/** Max names × max weight below what the budget must invest:  K · m < 1 − cashMax. */
export function maxNamesTimesMaxWeight(view: ConflictView): ConflictFinding | undefined {
  const need = investedNeed(view);
  const maxNames = view.byId.get('con.max-names');
  const maxWeight = view.byId.get('con.max-weight');
  if (!need || !maxNames || !maxWeight) return undefined;
  const k = numberParam(maxNames, 'maxNames', NaN);
  const m = numberParam(maxWeight, 'maxWeight', NaN);
  if (!(k * m < need.required)) return undefined;
  return {
    sentence: `${describe(maxNames)} with ${describe(maxWeight)}: at most ${percent(k * m)} can be invested (${k} names × ${percent(m)}), ${need.needs}`,
    names: ['con.budget', 'con.max-names', 'con.max-weight'],
  };
}

/** Exclusions (and a max weight) leaving too little room:  Σ_{i not excluded} u_i < 1 − cashMax. */
export function exclusionsLeaveTooLittle(view: ConflictView): ConflictFinding | undefined {
  const need = investedNeed(view);
  const exclusions = view.byId.get('con.exclusions');
  const w = variableSet(view.facts.ir, 'weights');
  if (!need || !exclusions || !w || view.named.has('con.budget')) return undefined;
  let open = 0;
  let room = 0;
  for (let i = 0; i < w.count; i++) {
    const u = Math.min(1, view.facts.ir.cols.upper[w.start + i]!);
    if (u > 0) open++;
    room += Math.max(0, u);
  }
  if (open === 0) {
    return { sentence: `${describe(exclusions)} excludes all ${w.count} names of the universe, ${need.needs}`, names: ['con.budget', 'con.exclusions'] };
  }
  if (!(room < need.required)) return undefined;
  const maxWeight = view.byId.get('con.max-weight');
  const cap = maxWeight ? ` with ${describe(maxWeight)}` : '';
  return {
    sentence: `${describe(exclusions)}${cap}: the ${open} names left can hold at most ${percent(room)}, ${need.needs}`,
    names: ['con.budget', 'con.exclusions', ...(maxWeight ? ['con.max-weight'] : [])],
  };
}

/** A sector band its names cannot reach:  Σ_{i∈s} u_i < B_s − band. */
export function sectorBandOutOfReach(view: ConflictView): ConflictFinding | undefined {
  const band = view.byId.get('con.sector-band');
  const w = variableSet(view.facts.ir, 'weights');
  if (!band || !w) return undefined;
  const shortfall = unreachableSectors(view.facts.ir, w);
  const worst = shortfall[0];
  if (!worst) return undefined;
  const limits = [view.byId.get('con.max-weight'), view.byId.get('con.exclusions')].filter((c): c is ConflictComponent => c !== undefined);
  const b = numberParam(band, 'band', 0);
  const others = shortfall.length > 1 ? ` (and ${shortfall.length - 1} more sector${shortfall.length > 2 ? 's' : ''})` : '';
  return {
    sentence:
      `${describe(band)}${limits.map((c) => ` with ${describe(c)}`).join('')}: sector ${worst.sector} needs at least ${percent(worst.needs)} ` +
      `(benchmark ${percent(worst.needs + b)} − ${percent(b)}) but its ${worst.names} names can hold at most ${percent(worst.room)}${others}`,
    names: ['con.sector-band', ...limits.map((c) => c.id)],
  };
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
