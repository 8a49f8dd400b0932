import type { UseCaseOrigin, VersionAuthor } from '../../api/useCases.ts';
import { useCaseSchema, type UseCase } from '../../solver/usecases/useCase.ts';
import type { Database } from '../store/database.ts';

/**
 * Writes `useCase` as the next version of its use case (version 1 and a new row when `origin` is given)
 * and makes it current. Call inside a transaction with whatever read the previous version, so two
 * writers cannot both write version n+1 from version n (the primary key would refuse the second anyway).
 */
export function writeVersion(
  db: Database,
  useCase: UseCase,
  version: { note: string; author: VersionAuthor; origin?: UseCaseOrigin; now?: string },
): number {
  const now = version.now ?? new Date().toISOString();
  const definition = JSON.stringify(useCaseSchema.parse(useCase));
  let next = 1;
  if (version.origin !== undefined) {
    db.prepare(
      `INSERT INTO use_cases (id, title, description, origin, current_version, updated_at) VALUES (?, ?, ?, ?, 1, ?)`,
    ).run(useCase.id, useCase.title, useCase.description, version.origin, now);
  } else {
    const current = db.prepare('SELECT current_version FROM use_cases WHERE id = ?').pluck().get(useCase.id) as number | undefined;
    if (current === undefined) throw new Error(`no use case ${useCase.id} to write a version of`);
    next = current + 1;
    db.prepare('UPDATE use_cases SET title = ?, description = ?, current_version = ?, updated_at = ? WHERE id = ?').run(
      useCase.title,
      useCase.description,
      next,
      now,
      useCase.id,
    );
  }
  db.prepare('INSERT INTO use_case_versions (use_case, version, created_at, definition, note, author) VALUES (?, ?, ?, ?, ?, ?)').run(
    useCase.id,
    next,
    now,
    definition,
    version.note,
    version.author,
  );
  return next;
}
