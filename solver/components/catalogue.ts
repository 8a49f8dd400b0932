import type { Component } from './component.ts';
import { budget } from './budget.ts';
import { exclusions } from './exclusions.ts';
import { longOnly } from './longOnly.ts';
import { maxNames } from './maxNames.ts';
import { maxWeight } from './maxWeight.ts';
import { minWeight } from './minWeight.ts';
import { sectorBand } from './sectorBand.ts';
import { selection } from './selection.ts';
import { trackingMad } from './trackingMad.ts';
import { weights } from './weights.ts';
import { wholeShares } from './wholeShares.ts';

/** Components by id: what use cases may name. */
export type ComponentCatalogue = ReadonlyMap<string, Component>;

export const componentCatalogue: ComponentCatalogue = new Map<string, Component>(
  [weights, selection, wholeShares, trackingMad, budget, longOnly, maxNames, minWeight, maxWeight, sectorBand, exclusions].map(
    (c): [string, Component] => [c.id, c],
  ),
);
