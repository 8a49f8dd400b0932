import type { Highs } from 'highs';
import { assembleModel } from '../assembler/assembleModel.ts';
import type { ModelContext } from '../components/component.ts';
import { toHighsModelData } from '../backends/highs/highsModelData.ts';
import type { ModelIR } from '../model/ir.ts';
import type { UseCase } from '../usecases/useCase.ts';
import type { ConflictComponent, ElasticSlack } from './conflict.ts';
import { conflictMessage } from './conflictMessage.ts';
import { checkFeasibility, type Feasibility } from './feasibilityCheck.ts';

/** What an infeasible model was assembled from, so that it can be re-assembled without a component. */
export interface DiagnosisSource {
  useCase: UseCase;
  context: ModelContext;
}

export interface InfeasibilityDiagnosis {
  /** 'conflict': `components` cannot hold together; 'feasible': the model is not infeasible; 'unknown': no answer in time */
  status: 'conflict' | 'feasible' | 'unknown';
  /**
   * 'relaxation': already the continuous relaxation is empty; 'integer': the relaxation is feasible and
   * only the integer requirements (whole shares, names held or not) make the model empty
   */
  level?: 'relaxation' | 'integer';
  /**
   * the conflict, in the use case's order, with the parameters the use case gave: each one was left
   * out in a test and its absence made the model feasible. Components the conflict needs only because
   * others require their variables (var.weights, var.selection under con.max-names) are in `requiredBy`.
   */
  components: ConflictComponent[];
  /** components that could not be left out because a conflict component requires what they provide */
  requiredBy: string[];
  /** one line for a person: the components, their parameters and, where known, the arithmetic */
  message: string;
  /** true when dropping any one of `components` was proven to make the model feasible */
  irreducible: boolean;
  /** the smallest repair of the conflict's rows (elastic LP), largest first; empty at the integer level */
  slacks: ElasticSlack[];
  /** feasibility solves run, and the milliseconds the diagnosis took */
  tests: number;
  ms: number;
}

export interface DiagnosisOptions {
  /** performance.now() time by which the diagnosis must end (with what it has) */
  deadlineMs: number;
  /** the assembled model, when the caller has it (saves one assembly) */
  ir?: ModelIR;
  /** cap on one feasibility solve of the integer model; default 2 s */
  mipTestSec?: number;
}

/**
 * Names the components of an infeasible model that cannot hold together (DESIGN section 4).
 *
 * 1. Level: is the continuous relaxation (integrality dropped) already empty? If so every test below
 *    is an LP; if only the integer model is empty, the tests are MIP feasibility solves under a short limit.
 * 2. Deletion filter over components: starting from the whole use case, each component is left out
 *    in turn and the use case re-assembled without it; if the rest is still infeasible the component
 *    stays out, otherwise it is part of the conflict. At the end every remaining component is needed
 *    (an irreducible conflict at the component level). Re-assembling, rather than deleting rows from
 *    the IR, matters because components act through each other: var.selection's w_i ≤ u_i z_i and
 *    var.whole-shares' share caps take u_i from con.max-weight and con.exclusions, so the bound those set
 *    lives on in other components' rows and only a rebuild without them removes it. Components other
 *    components require (var.weights, var.selection while con.max-names is in) cannot be left out;
 *    constraints are tried first, then variable components. A test that ends 'unknown' keeps the
 *    component, so the set stays proven infeasible and `irreducible` turns false.
 * 3. Elastic relaxation on the conflict alone (relaxation level): one nonnegative slack pair per row
 *    of the conflict's constraint components, minimize Σ (s⁺ + s⁻); which rows need slack and how much
 *    is the smallest repair, reported beside the component names.
 */
export function diagnoseInfeasibility(highs: Highs, source: DiagnosisSource, options: DiagnosisOptions): InfeasibilityDiagnosis {
  const started = performance.now();
  let tests = 0;
  const mipTestSec = options.mipTestSec ?? 2;
  const remainingSec = (): number => Math.max(0, (options.deadlineMs - performance.now()) / 1000);
  const entries = source.useCase.components;
  const build = (dropped: ReadonlySet<string>): ModelIR | undefined => {
    try {
      return assembleModel({ ...source.useCase, components: entries.filter((c) => !dropped.has(c.id)) }, source.context).ir;
    } catch {
      // leaving this component out leaves a requirement unmet: it cannot be left out
      return undefined;
    }
  };
  const test = (ir: ModelIR, relaxIntegrality: boolean): Feasibility => {
    const left = remainingSec();
    if (left <= 0) return 'unknown';
    tests++;
    return checkFeasibility(highs, ir, { relaxIntegrality, timeLimitSec: relaxIntegrality ? left : Math.min(left, mipTestSec) });
  };
  const done = (d: Omit<InfeasibilityDiagnosis, 'tests' | 'ms'>): InfeasibilityDiagnosis => ({ ...d, tests, ms: performance.now() - started });

  const full = options.ir ?? build(new Set());
  if (!full) return done({ status: 'unknown', components: [], message: `use case ${source.useCase.id} does not assemble`, irreducible: false, slacks: [], requiredBy: [] });

  const relaxation = test(full, true);
  let level: 'relaxation' | 'integer';
  if (relaxation === 'infeasible') level = 'relaxation';
  else if (relaxation === 'unknown') {
    return done({ status: 'unknown', components: [], message: 'the diagnosis ran out of time before deciding whether the continuous relaxation is feasible', irreducible: false, slacks: [], requiredBy: [] });
  } else {
    const integer = full.cols.types.includes('integer') ? test(full, false) : 'feasible';
    if (integer === 'feasible') return done({ status: 'feasible', components: [], message: 'the model is feasible: no conflict to name', irreducible: true, slacks: [], requiredBy: [] });
    if (integer === 'unknown') {
      return done({
        status: 'unknown',
        components: [],
        message: 'the continuous relaxation is feasible, and no whole-number solution was found or ruled out in the time the diagnosis had',
        irreducible: false,
        slacks: [],
        requiredBy: [],
      });
    }
    level = 'integer';
  }
  const relax = level === 'relaxation';

  // constraints first: they are what a person can change; objectives never make a model empty
  const order = [
    ...entries.filter((c) => c.id.startsWith('con.')),
    ...entries.filter((c) => !c.id.startsWith('con.') && !c.id.startsWith('obj.')),
  ].map((c) => c.id);
  const dropped = new Set<string>(entries.filter((c) => c.id.startsWith('obj.')).map((c) => c.id));
  let irreducible = true;
  const required = new Set<string>();
  for (const id of order) {
    const candidate = new Set(dropped).add(id);
    const ir = build(candidate);
    if (!ir) {
      required.add(id);
      continue;
    }
    const answer = test(ir, relax);
    if (answer === 'infeasible') dropped.add(id);
    else if (answer === 'unknown') irreducible = false;
  }
  // an objective left out is not part of any conflict; it only makes the re-assembly cheaper
  const conflict = entries.filter((c) => !dropped.has(c.id) && !required.has(c.id)).map((c) => ({ id: c.id, params: c.params }));
  const conflictIr = build(dropped) ?? full;
  const slacks = relax && remainingSec() > 0 ? elasticRepair(highs, conflictIr, remainingSec()) : [];
  return done({
    status: 'conflict',
    level,
    components: conflict,
    requiredBy: [...required],
    message: conflictMessage(conflict, { ir: conflictIr, level, slacks, irreducible, context: source.context }),
    irreducible,
    slacks,
  });
}

/**
 * The elastic (phase 1) LP of the conflict: rows of constraint components get slacks,
 *   rowLower ≤ A_r x + s⁺_r − s⁻_r ≤ rowUpper,  s± ≥ 0,  minimize Σ_r (s⁺_r + s⁻_r),
 * with integrality dropped and column bounds kept. Variable components' rows (definitions such as
 * w_i ≤ u_i z_i or w_i = (p_i/V) n_i) stay hard: relaxing a definition repairs nothing a person can change.
 */
export function elasticRepair(highs: Highs, ir: ModelIR, timeLimitSec: number): ElasticSlack[] {
  const m = ir.rows.names.length;
  const n = ir.cols.names.length;
  const owner = new Array<string | undefined>(m);
  for (const span of ir.components) {
    if (!span.component.startsWith('con.')) continue;
    for (let r = span.rowStart; r < span.rowStart + span.rowCount; r++) owner[r] = span.component;
  }
  const elasticRows: number[] = [];
  for (let r = 0; r < m; r++) if (owner[r] !== undefined) elasticRows.push(r);
  if (elasticRows.length === 0) return [];

  // append the slack columns and rewrite each elastic row with its two slacks (matrix stays row-major)
  const slackOf = new Map<number, number>();
  elasticRows.forEach((r, k) => slackOf.set(r, n + 2 * k));
  const index: number[] = [];
  const value: number[] = [];
  const starts: number[] = [0];
  for (let r = 0; r < m; r++) {
    for (let k = ir.matrix.starts[r]!; k < ir.matrix.starts[r + 1]!; k++) {
      index.push(ir.matrix.index[k]!);
      value.push(ir.matrix.value[k]!);
    }
    const s = slackOf.get(r);
    if (s !== undefined) {
      index.push(s, s + 1);
      value.push(1, -1);
    }
    starts.push(index.length);
  }
  const extra = 2 * elasticRows.length;
  const elastic: ModelIR = {
    ...ir,
    sense: 'minimize',
    offset: 0,
    cols: {
      names: [...ir.cols.names, ...elasticRows.flatMap((r) => [`up[${ir.rows.names[r]}]`, `down[${ir.rows.names[r]}]`])],
      lower: [...ir.cols.lower, ...new Array<number>(extra).fill(0)],
      upper: [...ir.cols.upper, ...new Array<number>(extra).fill(Infinity)],
      cost: [...new Array<number>(n).fill(0), ...new Array<number>(extra).fill(1)],
      types: new Array(n + extra).fill('continuous'),
    },
    matrix: { starts, index, value },
    quadratic: undefined,
  };
  const model = highs.createModel();
  try {
    model.passModel(toHighsModelData(highs, elastic, { relaxIntegrality: true }));
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, timeLimitSec) });
    model.run();
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return [];
    const x = model.getSolution().colValue;
    const byComponent = new Map<string, number>();
    elasticRows.forEach((r, k) => {
      const v = x[n + 2 * k]! + x[n + 2 * k + 1]!;
      if (v > 1e-9) byComponent.set(owner[r]!, (byComponent.get(owner[r]!) ?? 0) + v);
    });
    return [...byComponent].map(([component, violation]) => ({ component, violation })).sort((a, b) => b.violation - a.violation);
  } finally {
    model.dispose();
  }
}
