import type { OptimizeResult } from '../../api/domain.ts';
import type { CsvExport } from '../../api/runs.ts';
import { NotFoundError } from '../errors.ts';
import { resultPortfolioCsv } from '../export/portfolioCsv.ts';
import type { Database } from '../store/database.ts';
import { showRun } from './storedRun.ts';

/**
 * The portfolio.csv of a stored optimize run, the same text `optimize --out` wrote (CASH row included),
 * named `portfolio-run-<id>.csv`. A run that ended without a portfolio (infeasible, failed, cancelled),
 * or was stored before runs kept their holdings, has none: a NotFoundError says which.
 */
export function runPortfolioCsv(db: Database, id: number): CsvExport {
  const run = showRun(db, id);
  if (run.kind !== 'optimize') throw new NotFoundError(`run ${id} is a ${run.kind} run, not an optimize run: it has no portfolio`, { field: 'id' });
  const result = run.result as Partial<OptimizeResult> | null;
  if (!result || !Array.isArray(result.holdings)) {
    // a result with figures but no holdings is a run stored before runs kept them
    const why = result && 'names' in result ? 'it was stored without its holdings' : `it ended ${run.status}`;
    throw new NotFoundError(`run ${id} has no portfolio: ${why}`, { field: 'id' });
  }
  const fileName = `portfolio-run-${id}.csv`;
  return {
    fileName,
    csv: resultPortfolioCsv(
      { holdings: result.holdings, accountValue: result.accountValue ?? null, cash: result.cash ?? null, cashWeight: result.cashWeight ?? 0 },
      fileName,
    ),
  };
}
