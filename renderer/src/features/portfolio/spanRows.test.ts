import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../api/domain.ts';
import { spanRows } from './spanRows.ts';

describe('spanRows', () => {
  it('orders spans by start and indents children under their parents', () => {
    const spans: Span[] = [
      { id: 1, parent: null, name: 'load', startMs: 0, durationMs: 40 },
      { id: 3, parent: null, name: 'solve', startMs: 50, durationMs: 100 },
      { id: 4, parent: 3, name: 'heuristic', startMs: 50, durationMs: 30 },
      { id: 5, parent: 4, name: 'kernel', startMs: 60, durationMs: 10 },
      { id: 2, parent: null, name: 'assemble', startMs: 40, durationMs: 10 },
    ];
    expect(spanRows(spans).map((r) => `${r.depth}:${r.name}`)).toEqual(['0:load', '0:assemble', '0:solve', '1:heuristic', '2:kernel']);
  });
});
