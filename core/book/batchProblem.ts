import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import type { Database } from '../store/database.ts';
import type { StoredBatch } from './storedBatch.ts';

/**
 * The tracking problem a stored batch ran on, rebuilt from its universe, as-of date and lookback: the same
 * prices, sectors and benchmark weights, so a stored target reads as the batch saw it.
 */
export function batchProblem(db: Database, batch: StoredBatch): TrackingProblem {
  const panel = readPricePanel(db, batch.result.universe, { asOf: batch.result.asOf, lookback: batch.options.lookback });
  return buildTrackingProblem(panel);
}
