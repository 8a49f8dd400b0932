/** One reason a use case cannot become a model, under the component it concerns. */
export interface AssemblyIssue {
  /** a component id, or `use-case <id>` when the use case itself is malformed */
  component: string;
  message: string;
}

/**
 * Every reason a use case could not be assembled, found at once so that a user fixes them in
 * one pass. The message is one line: `cannot assemble use case X: comp.a: ...; comp.b: ...`.
 */
export class ModelAssemblyError extends Error {
  readonly useCase: string;
  readonly issues: AssemblyIssue[];

  constructor(useCase: string, issues: AssemblyIssue[]) {
    super(`cannot assemble use case ${useCase}: ${issues.map((i) => `${i.component}: ${i.message}`).join('; ')}`);
    this.name = 'ModelAssemblyError';
    this.useCase = useCase;
    this.issues = issues;
  }
}
