import type { ComponentKind, MatrixColumn, MatrixRow, UseCaseMatrix } from '../../api/useCases.ts';
import { componentCatalogue, type ComponentCatalogue } from '../../solver/components/catalogue.ts';
import { useCaseSolver } from '../../solver/usecases/useCase.ts';
import type { Database } from '../store/database.ts';
import { currentUseCases } from './useCaseStore.ts';

const KIND_ORDER: readonly (ComponentKind | 'unknown')[] = ['variables', 'objective', 'constraint', 'unknown'];

/**
 * The model-to-use-case matrix (DESIGN section 4): a row per use case (its current version), a column
 * per component, variables first, then objectives, then constraints, each group in catalogue order.
 * Every catalogue component is a column, used or not, so the matrix shows what could be switched on.
 * Each row also says the solver its use case runs on (HiGHS when the use case does not choose).
 */
export function matrixTable(db: Database, catalogue: ComponentCatalogue = componentCatalogue): UseCaseMatrix {
  const useCases = currentUseCases(db);
  const columns: MatrixColumn[] = [...catalogue.values()].map((c) => ({ component: c.id, kind: c.kind, title: c.title, doc: c.doc }));
  const known = new Set(columns.map((c) => c.component));
  for (const { useCase } of useCases) {
    for (const { id } of useCase.components) {
      if (known.has(id)) continue;
      known.add(id);
      columns.push({ component: id, kind: 'unknown', title: id, doc: 'not a component of this release' });
    }
  }
  // a stable sort keeps catalogue order within each kind
  columns.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const rows = useCases.map(({ origin, version, useCase }): MatrixRow => {
    const byId = new Map(useCase.components.map((c) => [c.id, c.params]));
    return {
      useCase: useCase.id,
      title: useCase.title,
      origin,
      version,
      solver: useCaseSolver(useCase),
      cells: columns.map((col) => {
        const params = byId.get(col.component);
        return params === undefined ? { enabled: false, params: {} } : { enabled: true, params };
      }),
    };
  });
  return { columns, rows };
}
