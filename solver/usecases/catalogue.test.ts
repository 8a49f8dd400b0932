import { describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { useCaseCatalogue } from './catalogue.ts';
import { useCaseSchema } from './useCase.ts';

describe('useCaseCatalogue', () => {
  it('ships plain-JSON use cases with unique ids that assemble as they are', () => {
    expect(new Set(useCaseCatalogue.map((u) => u.id)).size).toBe(useCaseCatalogue.length);
    for (const u of useCaseCatalogue) {
      expect(useCaseSchema.parse(JSON.parse(JSON.stringify(u)))).toEqual(u);
      expect(assembleModel(u, { problem: tinyProblem() }).size.rows).toBeGreaterThan(0);
    }
  });
});
