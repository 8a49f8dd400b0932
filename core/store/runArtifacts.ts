import { gunzipSync, gzipSync } from 'node:zlib';
import type { Database } from './database.ts';

/** A file kept with a run (a solver's log, its inputs' fingerprints): its name and text. */
export interface RunArtifact {
  name: string;
  text: string;
}

/** Stores (or replaces) files of a run in one transaction; a name is lower-case letters, digits, `.` and `-`. */
export function saveRunArtifacts(db: Database, runId: number, artifacts: readonly RunArtifact[]): void {
  const put = db.prepare('INSERT OR REPLACE INTO run_artifacts (run_id, name, bytes, content) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const a of artifacts) {
      const bytes = Buffer.from(a.text, 'utf8');
      put.run(runId, a.name, bytes.length, gzipSync(bytes));
    }
  })();
}

/** The files kept with a run, by name. */
export function readRunArtifacts(db: Database, runId: number): RunArtifact[] {
  const rows = db.prepare('SELECT name, content FROM run_artifacts WHERE run_id = ? ORDER BY name').all(runId) as { name: string; content: Buffer }[];
  return rows.map((r) => ({ name: r.name, text: gunzipSync(r.content).toString('utf8') }));
}
