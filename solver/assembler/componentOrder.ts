import type { Component } from '../components/component.ts';
import type { AssemblyIssue } from './modelAssemblyError.ts';

/**
 * Apply order of a use case's components: a topological order of
 *   provider of set s → every component requiring s, and
 *   c → d for every c listed in d.after that the use case has,
 * ties broken by the use case's own order so that the model reads the way the use case does.
 * Components on a cycle are left out of `order` and reported.
 */
export function componentOrder(components: readonly Component[]): { order: Component[]; issues: AssemblyIssue[] } {
  const position = new Map(components.map((c, k) => [c.id, k]));
  const providerOf = new Map<string, number>();
  components.forEach((c, k) => c.provides.forEach((s) => providerOf.has(s) || providerOf.set(s, k)));

  const successors = components.map(() => new Set<number>());
  const indegree = components.map(() => 0);
  const edge = (from: number, to: number): void => {
    if (from === to || successors[from]!.has(to)) return;
    successors[from]!.add(to);
    indegree[to]!++;
  };
  components.forEach((c, k) => {
    for (const s of c.requires) {
      const p = providerOf.get(s);
      if (p !== undefined) edge(p, k);
    }
    for (const id of c.after ?? []) {
      const p = position.get(id);
      if (p !== undefined) edge(p, k);
    }
  });

  const ready = components.map((_, k) => k).filter((k) => indegree[k] === 0);
  const order: Component[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const k = ready.shift()!;
    order.push(components[k]!);
    for (const s of successors[k]!) if (--indegree[s]! === 0) ready.push(s);
  }

  const issues: AssemblyIssue[] = [];
  const stuck = components.map((_, k) => k).filter((k) => indegree[k]! > 0);
  for (const k of stuck) {
    const waitsFor = stuck.filter((p) => successors[p]!.has(k)).map((p) => components[p]!.id);
    issues.push({ component: components[k]!.id, message: `is on a dependency cycle: it must come after ${waitsFor.join(', ')}` });
  }
  return { order, issues };
}
