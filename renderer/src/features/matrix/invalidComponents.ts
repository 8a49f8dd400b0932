import type { ApiError } from '../../../../api/envelope.ts';
import type { ModelFacts } from '../../../../api/useCases.ts';
import { issuesOf } from '../../components/ErrorNotice.tsx';

/**
 * The components of one use case that have a problem, each with its messages: the issues its model facts
 * found, and the component an edit's error envelope names (`where.component`, or every issue in `details`).
 */
export function invalidComponents(useCase: string | null, facts: ModelFacts | undefined, edit: { useCase: string | null; error: ApiError | null }): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (component: string, message: string): void => {
    found.set(component, [...(found.get(component) ?? []), message]);
  };
  if (useCase && facts?.useCase === useCase) {
    for (const issue of facts.issues) add(issue.component, issue.parameter ? `${issue.parameter}: ${issue.message}` : issue.message);
  }
  if (useCase && edit.error && edit.useCase === useCase) {
    const issues = issuesOf(edit.error.details);
    if (issues.length) for (const issue of issues) add(issue.component, issue.message);
    else if (edit.error.where?.component) add(edit.error.where.component, edit.error.message);
  }
  return found;
}
