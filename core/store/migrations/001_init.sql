-- Market data: each universe is one dataset with its own adjustment conventions (r2000's closes are
-- pre-adjusted, sp500's are raw with a separate adj_close), so every price row is keyed by its universe.

-- One row per imported universe; the counts are written by the import that loaded it, so listing
-- universes never scans millions of price rows.
CREATE TABLE universes (
  name          TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  source        TEXT NOT NULL,
  member_count  INTEGER NOT NULL DEFAULT 0,
  ticker_count  INTEGER NOT NULL DEFAULT 0,
  price_rows    INTEGER NOT NULL DEFAULT 0,
  first_date    TEXT,
  last_date     TEXT,
  trading_days  INTEGER NOT NULL DEFAULT 0,
  index_rows    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE universe_members (
  universe            TEXT NOT NULL REFERENCES universes(name) ON DELETE CASCADE,
  ticker              TEXT NOT NULL,
  name                TEXT,
  sector              TEXT,
  industry            TEXT,
  market_cap          REAL,
  shares_outstanding  REAL,
  weight              REAL,
  PRIMARY KEY (universe, ticker)
) STRICT, WITHOUT ROWID;

-- Keyed (universe, date, ticker) rather than (universe, ticker, date): the same key set, but in the order
-- of the two hot paths. Files arrive sorted by date then ticker, so the import appends to the b-tree, and a
-- price panel (all tickers over a window of dates) is one contiguous range scan.
CREATE TABLE prices (
  universe   TEXT NOT NULL REFERENCES universes(name) ON DELETE CASCADE,
  date       TEXT NOT NULL,
  ticker     TEXT NOT NULL,
  open       REAL,
  high       REAL,
  low        REAL,
  close      REAL NOT NULL,
  adj_close  REAL,
  volume     INTEGER,
  PRIMARY KEY (universe, date, ticker)
) STRICT, WITHOUT ROWID;

CREATE TABLE index_closes (
  universe  TEXT NOT NULL REFERENCES universes(name) ON DELETE CASCADE,
  date      TEXT NOT NULL,
  close     REAL NOT NULL,
  PRIMARY KEY (universe, date)
) STRICT, WITHOUT ROWID;

-- Runs and their spans (DESIGN section 6). A run names its universe as plain text, not a foreign key:
-- its history outlives a re-import or removal of that universe.
-- AUTOINCREMENT: a run id printed in a log or a file never comes back for another run after a deletion.
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  status      TEXT NOT NULL,
  universe    TEXT,
  use_case    TEXT,
  solver      TEXT,
  options     TEXT NOT NULL CHECK (json_valid(options)),
  result      TEXT CHECK (result IS NULL OR json_valid(result)),
  machine     TEXT CHECK (machine IS NULL OR json_valid(machine))
) STRICT;

CREATE INDEX runs_by_created_at ON runs (created_at);

CREATE TABLE spans (
  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  id           INTEGER NOT NULL,
  parent       INTEGER,
  name         TEXT NOT NULL,
  start_ms     REAL NOT NULL,
  duration_ms  REAL NOT NULL,
  attrs        TEXT CHECK (attrs IS NULL OR json_valid(attrs)),
  PRIMARY KEY (run_id, id)
) STRICT, WITHOUT ROWID;
