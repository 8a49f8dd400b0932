-- What a run leaves besides its figures (issue 17): the solver's log, the fingerprints of the inputs it read. Kept
-- gzip-compressed beside the run so a bundle can be exported from it later, and gone with it (ON DELETE CASCADE).
-- Not mirrored to the team database: it is there for replaying a run, not for SQL readers.
CREATE TABLE run_artifacts (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  -- a file name: `highs.log`, `cbc-no-start.log`, `inputs.json`
  name        TEXT NOT NULL CHECK (name GLOB '[a-z0-9]*' AND name NOT GLOB '*[^a-z0-9.-]*'),
  bytes       INTEGER NOT NULL CHECK (bytes >= 0),
  content     BLOB NOT NULL,
  PRIMARY KEY (run_id, name)
) STRICT, WITHOUT ROWID;
