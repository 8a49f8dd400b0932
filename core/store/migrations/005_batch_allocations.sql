-- What a batch run decided for every account (issue 14: a stored run is immutable). The Account screen reads
-- these rows and never maps an account again, so a later import of the book, an edit of the use case or a
-- re-import of the market cannot change what a run says it did. Both tables are written in the run's own
-- transaction and go with the run (ON DELETE CASCADE). Runs stored before this step have no rows: the
-- Account screen refuses them instead of guessing.

-- The names the run's universe held at its as-of date, numbered: the accounts' rows point at a name by its
-- position, so a ticker and its close are written once per run, not once per account holding it.
CREATE TABLE batch_names (
  run_id            INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL CHECK (position >= 0),
  ticker            TEXT NOT NULL,
  sector            TEXT NOT NULL,
  -- the raw close at the as-of date the whole shares were bought and sold at
  price             REAL NOT NULL,
  benchmark_weight  REAL NOT NULL,
  PRIMARY KEY (run_id, position)
) STRICT, WITHOUT ROWID;

-- One row per account, not per holding: a 10,000-account book holds over a million names, and the screens
-- read one account whole, never a name across accounts. The allocation is JSON (see core/book/storedAllocations.ts):
-- {"account":{…},"names":[position…],"shares":[…],"trades":[position…],"tradeShares":[±shares…],"sold":[[ticker,shares]…]},
-- its trades left out when they are the holdings bought from cash (an account that held nothing before).
-- A rowid table: its rows (about 1 kB) are too large for a WITHOUT ROWID b-tree, which wants rows of a few
-- hundred bytes at most. No json_valid CHECK as runs.result has: the only writer is JSON.stringify, and the
-- check parses every row again inside the run's transaction (measured: a quarter of a second for 10,000 rows).
CREATE TABLE batch_allocations (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  account_id  TEXT NOT NULL,
  allocation  TEXT NOT NULL,
  UNIQUE (run_id, account_id)
) STRICT;
