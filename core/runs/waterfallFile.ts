import type { RunFile, StoredRun } from '../../api/runs.ts';
import type { Database } from '../store/database.ts';
import { NotFoundError } from '../errors.ts';
import { getRun } from '../store/runStore.ts';
import { showRun } from './storedRun.ts';
import { waterfallHtml } from './waterfallHtml.ts';
import { waterfallLayout } from './waterfallLayout.ts';
import { waterfallSvg } from './waterfallSvg.ts';

export interface WaterfallFileRequest {
  id: number;
  format: 'svg' | 'html';
  /** a second run drawn under the first, on the same time axis */
  with?: number | undefined;
}

/** runs/waterfall: a stored run's waterfall (and another's under it) as a self-contained SVG or HTML file. */
export function waterfallFile(db: Database, request: WaterfallFileRequest): RunFile {
  const runs = [showRun(db, request.id), ...(request.with === undefined ? [] : [secondRun(db, request.with)])];
  const layouts = runs.map(waterfallLayout);
  const name = `run-${runs.map((r) => r.id).join('-vs-')}-waterfall.${request.format}`;
  return request.format === 'svg'
    ? { fileName: name, mediaType: 'image/svg+xml', text: waterfallSvg(layouts) }
    : { fileName: name, mediaType: 'text/html', text: waterfallHtml(layouts) };
}

function secondRun(db: Database, id: number): StoredRun {
  const run = getRun(db, id);
  if (!run) throw new NotFoundError(`no run ${id} in the store (with)`, { field: 'with' });
  return run;
}
