import type { SolverRoute } from '../../api/useCases.ts';
import type { BackendClasses } from '../../solver/diagnosis/routingRefusal.ts';
import { routingRefusal } from '../../solver/diagnosis/routingRefusal.ts';
import { cbcSpec } from '../../solver/backends/cli/cbcBackend.ts';
import { gurobiSpec } from '../../solver/backends/cli/gurobiBackend.ts';
import { findExecutable } from '../../solver/backends/cli/executablePath.ts';
import { HIGHS_CLASSES } from '../../solver/backends/highs/highsCapabilities.ts';
import type { ModelClass } from '../../solver/model/ir.ts';

/** The solvers Jessica drives, with the classes each declares and how to tell it is installed. */
const SOLVERS: readonly (BackendClasses & { id: SolverRoute['solver']; executable?: string; installAdvice?: string })[] = [
  { id: 'highs', classes: HIGHS_CLASSES },
  { id: 'cbc', classes: cbcSpec.classes, executable: 'cbc', installAdvice: cbcSpec.installAdvice },
  { id: 'gurobi', classes: gurobiSpec.classes, executable: 'gurobi_cl', installAdvice: gurobiSpec.installAdvice },
];

/**
 * Which solver takes a model of `modelClass`, by the classes the backends declare (HiGHS: no MIQP;
 * CBC: LP and MILP; Gurobi: all four), and which are installed here (HiGHS ships with Jessica; CBC
 * and Gurobi when `cbc` and `gurobi_cl` are on the PATH). A refusal gives routingRefusal's reason,
 * naming the components that make the class and the solvers that would take it.
 */
export function solverRoutes(modelClass: ModelClass, componentIds: readonly string[], env: NodeJS.ProcessEnv = process.env): SolverRoute[] {
  return SOLVERS.map((solver) => {
    const available = solver.executable === undefined || onPath(solver.executable, env);
    const accepts = solver.classes.includes(modelClass);
    const route: SolverRoute = { solver: solver.id, accepts, available };
    if (!accepts) route.reason = routingRefusal(modelClass, solver, SOLVERS, componentIds);
    else if (!available) route.reason = `${solver.executable} is not on the PATH: ${solver.installAdvice}`;
    return route;
  });
}

/** True when an executable file of that name is in a directory of PATH. */
export function onPath(executable: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return findExecutable(executable, env) !== undefined;
}
