import type { CompareResult } from '../../../../api/solvers.ts';
import { decimal } from '../../components/figures.ts';
import { significant } from './significant.ts';

/**
 * Two solvers that both proved optimality with objectives further apart than the model's tolerance: one of them is
 * wrong, so every number below is in doubt. Said first and as an alert, never folded away.
 */
export function DisagreementAlert({ agreement }: { agreement: CompareResult['agreement'] }) {
  const { disagreements, tolerance } = agreement;
  if (disagreements.length === 0) return null;
  return (
    <div role="alert" className="notice notice-error" data-testid="compare-disagreements">
      <p className="notice-title">
        The solvers disagree: {disagreements.length === 1 ? 'two proven optima differ' : `${disagreements.length} pairs of proven optima differ`} by more than the
        model’s tolerance of {decimal(tolerance, 8)}
      </p>
      <ul>
        {disagreements.map((d, i) => (
          <li key={i} data-testid="disagreement">
            {d.message} ({d.a} {significant(d.objectiveA)}, {d.b} {significant(d.objectiveB)}, difference {decimal(d.difference, 8)})
          </li>
        ))}
      </ul>
    </div>
  );
}
