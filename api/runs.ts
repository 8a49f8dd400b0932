/** JSON-plain types of stored runs: what ran, how it ended, and its spans for the waterfall. */
import type { Span } from './domain.ts';

export interface RunSummary {
  id: number;
  createdAt: string;
  /** what was run, e.g. `optimize` */
  kind: string;
  status: string;
  universe: string | null;
  useCase: string | null;
  solver: string | null;
  options: unknown;
  /**
   * what the run answered: for an optimize run, its OptimizeResult without `spans` (or the failure's
   * message and diagnosis). runs/show gives it whole; runs/list leaves out its `holdings`.
   */
  result: unknown;
  machine: unknown;
}

export interface StoredRun extends RunSummary {
  spans: Span[];
}

/** A CSV file for the user to save: its suggested name and its text. */
export interface CsvExport {
  fileName: string;
  csv: string;
}
