import type { CompareResult } from '../api/solvers.ts';
import { table } from './printers.ts';

/** What `jessica compare` prints: the model, how the solves ran, one row per solve, the agreement, the files. */
export function comparisonReport(r: CompareResult): string {
  const num = (v: number | null, digits = 6) => (v === null ? '' : v.toPrecision(digits));
  const pct = (v: number | null, digits = 2) => (v === null ? '' : `${(v * 100).toFixed(digits)}%`);
  const lines = [
    `${r.useCase} on ${r.universe} as of ${r.asOf}`,
    `model: ${r.modelClass}, ${r.modelSize.columns} columns (${r.modelSize.integerColumns} integer), ${r.modelSize.rows} rows, ${r.modelSize.nonzeros} nonzeros`,
    r.start
      ? `start: the ${r.start.heuristic} heuristic's point, objective ${num(r.start.objective)}, found in ${r.start.seconds.toFixed(2)} s, given to every solver`
      : `start: none${r.noStartReason ? ` (${r.noStartReason})` : ''}`,
    `schedule: ${r.schedule.words}`,
    '',
  ];
  const rows = [
    ['solver', 'start', 'status', 'objective', 'bound', 'gap', 'seconds', 'nodes', 'iterations', 'tracking error', 'names'],
    ...r.entries.map((e) => [
      e.solver,
      e.start,
      e.status,
      num(e.objective),
      num(e.bound),
      pct(e.gap),
      e.seconds.toFixed(2),
      e.nodes === null ? '' : String(e.nodes),
      e.iterations === null ? '' : String(e.iterations),
      pct(e.trackingError),
      e.names === null ? '' : String(e.names),
    ]),
  ];
  const phases = r.entries.map(
    (e) => `  ${e.solver}${e.start === 'none' && r.start ? ' (no start)' : ''}: ${e.phases.map((p) => `${p.name} ${p.durationMs.toFixed(0)} ms`).join(', ') || 'no phases in its log'}`,
  );
  const agreement =
    r.agreement.compared < 2
      ? `agreement: ${r.agreement.compared} proven optimum, nothing to compare`
      : r.agreement.disagreements.length === 0
        ? `agreement: the ${r.agreement.compared} proven optima agree within ${r.agreement.tolerance.toExponential(1)}`
        : `agreement: ${r.agreement.disagreements.length} DISAGREEMENT(S) between proven optima (see below)`;
  const messages = r.entries.filter((e) => e.message && e.status !== 'optimal').map((e) => `  ${e.solver}${e.start === 'none' && r.start ? ' (no start)' : ''}: ${e.message}`);
  return [
    ...lines,
    table(rows).trimEnd(),
    '',
    'phases:',
    ...phases,
    ...(messages.length > 0 ? ['notes:', ...messages] : []),
    agreement,
    ...r.warnings.map((w) => `warning: ${w}`),
    ...r.files.map((f) => `wrote ${f}`),
    '',
  ].join('\n');
}
