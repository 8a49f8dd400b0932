import { z } from 'zod';
import type { ComponentInfo } from '../../api/useCases.ts';
import { componentCatalogue, type ComponentCatalogue } from '../../solver/components/catalogue.ts';

/**
 * The component catalogue as a form builder needs it, in catalogue order (variables, objectives,
 * constraints): each component's parameters as JSON Schema (draft 2020-12) of what a use case may
 * write, so a parameter with a default is not required, with bounds and `additionalProperties: false`.
 * A refinement across parameters (e.g. one of two must be set) has no JSON Schema form: the
 * component's zod schema still checks it when the use case is edited or assembled.
 */
export function componentInfos(catalogue: ComponentCatalogue = componentCatalogue): ComponentInfo[] {
  return [...catalogue.values()].map((c) => ({
    id: c.id,
    kind: c.kind,
    title: c.title,
    doc: c.doc,
    paramsSchema: z.toJSONSchema(c.params, { io: 'input' }) as Record<string, unknown>,
    provides: [...c.provides],
    requires: [...c.requires],
    features: [...c.features],
  }));
}
