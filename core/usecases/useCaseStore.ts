import type { StoredUseCase, UseCaseOrigin, UseCaseSummary, UseCaseVersion, VersionAuthor } from '../../api/useCases.ts';
import { useCaseSchema, type UseCase } from '../../solver/usecases/useCase.ts';
import type { Database } from '../store/database.ts';
import { seedUseCases } from './seedUseCases.ts';

interface VersionRow {
  version: number;
  created_at: string;
  definition: string;
  note: string;
  author: VersionAuthor;
}

/** Stored JSON went through the schema on the way in; parsing it again guards against hand edits in SQL. */
function readDefinition(json: string, where: string): UseCase {
  const parsed = useCaseSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`stored use case ${where} is not a valid use case: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Every use case at its current version, catalogue ones first, each group by id. */
export function currentUseCases(db: Database): StoredUseCase[] {
  seedUseCases(db);
  const rows = db
    .prepare(
      `SELECT u.id, u.origin, v.version, v.created_at, v.definition, v.note, v.author FROM use_cases u
       JOIN use_case_versions v ON v.use_case = u.id AND v.version = u.current_version
       ORDER BY u.origin = 'user', u.id`,
    )
    .all() as (VersionRow & { id: string; origin: UseCaseOrigin })[];
  return rows.map((row) => ({ origin: row.origin, ...toVersion(row, row.id) }));
}

/** Every use case with what a list shows, in the order of currentUseCases. */
export function listUseCases(db: Database): UseCaseSummary[] {
  return currentUseCases(db).map((s) => ({
    id: s.useCase.id,
    title: s.useCase.title,
    description: s.useCase.description,
    origin: s.origin,
    version: s.version,
    updatedAt: s.createdAt,
    components: s.useCase.components.map((c) => c.id),
  }));
}

/** The current version of a use case, or undefined when there is none with that id. */
export function getUseCase(db: Database, id: string): StoredUseCase | undefined {
  seedUseCases(db);
  const row = db
    .prepare(
      `SELECT u.origin, v.version, v.created_at, v.definition, v.note, v.author FROM use_cases u
       JOIN use_case_versions v ON v.use_case = u.id AND v.version = u.current_version
       WHERE u.id = ?`,
    )
    .get(id) as (VersionRow & { origin: UseCaseOrigin }) | undefined;
  return row === undefined ? undefined : { origin: row.origin, ...toVersion(row, id) };
}

/** Every version of a use case, oldest first; empty when there is no such use case. */
export function useCaseHistory(db: Database, id: string): UseCaseVersion[] {
  seedUseCases(db);
  const rows = db
    .prepare('SELECT version, created_at, definition, note, author FROM use_case_versions WHERE use_case = ? ORDER BY version')
    .all(id) as VersionRow[];
  return rows.map((row) => toVersion(row, id));
}

export function useCaseIds(db: Database): string[] {
  seedUseCases(db);
  return db.prepare('SELECT id FROM use_cases ORDER BY id').pluck().all() as string[];
}

function toVersion(row: VersionRow, id: string): UseCaseVersion {
  return {
    version: row.version,
    createdAt: row.created_at,
    note: row.note,
    author: row.author,
    useCase: readDefinition(row.definition, `${id} v${row.version}`),
  };
}
