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
import { cashBuffer } from './cashBuffer.ts';
import { cashDrag } from './cashDrag.ts';
import { lotSales } from './lotSales.ts';
import { minTrade } from './minTrade.ts';
import { roundLots } from './roundLots.ts';
import { taxBudget } from './taxBudget.ts';
import { taxCost } from './taxCost.ts';
import { trackingVariance } from './trackingVariance.ts';
import { tradeFlags } from './tradeFlags.ts';
import { trades } from './trades.ts';
import { transactionCost } from './transactionCost.ts';
import { turnover } from './turnover.ts';
import { turnoverLimit } from './turnoverLimit.ts';
import { washSale } from './washSale.ts';

/** Components by id: what use cases may name. */
export type ComponentCatalogue = ReadonlyMap<string, Component>;

export const componentCatalogue: ComponentCatalogue = new Map<string, Component>(
  [
    weights,
    selection,
    wholeShares,
    roundLots,
    trades,
    tradeFlags,
    lotSales,
    trackingMad,
    trackingVariance,
    transactionCost,
    turnover,
    taxCost,
    cashDrag,
    budget,
    longOnly,
    maxNames,
    minWeight,
    maxWeight,
    sectorBand,
    exclusions,
    minTrade,
    turnoverLimit,
    cashBuffer,
    washSale,
    taxBudget,
  ].map(
    (c): [string, Component] => [c.id, c],
  ),
);
