-- The use-case matrix (DESIGN section 4): use cases × components with parameters. Each edit writes a whole new
-- version of the use case's JSON instead of updating it in place, so the history shows who changed what and when,
-- and an earlier definition can be read back after a bad edit.

-- One row per use case: what lists show and which version is current. Title and description repeat the current
-- version's so a list needs no JSON.
CREATE TABLE use_cases (
  id               TEXT PRIMARY KEY,
  title            TEXT NOT NULL,
  description      TEXT NOT NULL,
  -- catalogue: shipped with Jessica (seeded on first use); user: made by copying one
  origin           TEXT NOT NULL CHECK (origin IN ('catalogue', 'user')),
  current_version  INTEGER NOT NULL,
  updated_at       TEXT NOT NULL,
  -- deferred: a new use case and its first version are written in one transaction, in either order
  FOREIGN KEY (id, current_version) REFERENCES use_case_versions (use_case, version) DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TABLE use_case_versions (
  use_case    TEXT NOT NULL REFERENCES use_cases (id) DEFERRABLE INITIALLY DEFERRED,
  version     INTEGER NOT NULL CHECK (version >= 1),
  created_at  TEXT NOT NULL,
  -- the whole use case as JSON: {id, title, description, components: [{id, params}]}
  definition  TEXT NOT NULL CHECK (json_valid(definition)),
  note        TEXT NOT NULL,
  -- catalogue: written by seeding or a catalogue update; user: an edit. A newer release may replace a
  -- catalogue-written current version with its own definition, never a user's.
  author      TEXT NOT NULL CHECK (author IN ('catalogue', 'user')),
  PRIMARY KEY (use_case, version)
) STRICT, WITHOUT ROWID;

-- The matrix as rows for SQL readers (CloudBeaver, Grafana): one row per enabled cell of a current version.
CREATE VIEW use_case_matrix AS
SELECT u.id AS use_case,
       u.current_version AS version,
       json_extract(c.value, '$.id') AS component,
       json(coalesce(json_extract(c.value, '$.params'), '{}')) AS params
FROM use_cases u
JOIN use_case_versions v ON v.use_case = u.id AND v.version = u.current_version
JOIN json_each(v.definition, '$.components') c;
