-- What the Book, Cluster and Account screens ask of a stored batch, as rows (issue 17). The run's result JSON holds
-- every account's outcome and every cluster's target: megabytes for 10,000 accounts, which book/runs, book/accounts,
-- book/cluster and book/account each parsed whole to answer with a page, a cluster or one account. These rows answer
-- them from an index instead (core/book/storedOutcomes.ts). The result JSON stays as it was: `jessica sync`, the
-- run's files and runs/show read it. The batch writes these rows in the run's own transaction, like its allocations
-- (migration 005), so the `runs` triggers of migration 006 already record the change; they go with the run
-- (ON DELETE CASCADE).

-- A batch run's figures for the run picker, one row per run that stored its accounts.
CREATE TABLE batch_summaries (
  run_id               INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  as_of                TEXT NOT NULL,
  accounts             INTEGER NOT NULL,
  clusters             INTEGER NOT NULL,
  below_minimum        INTEGER NOT NULL,
  -- 0 for runs stored before fallbacks and unallocated accounts were counted
  fallback             INTEGER NOT NULL,
  unallocated          INTEGER NOT NULL,
  -- the accounts' whole-share tracking error: median, 90th percentile, max
  te_median            REAL,
  te_p90               REAL,
  te_max               REAL,
  seconds              REAL NOT NULL
) STRICT;

-- Each cluster of a batch run: its summary as the run stored it (a ClusterSummary's JSON), its key's strategy and
-- tax status (book/accounts filters by them), and its fractional target ({"clusterId","model","holdings"}; null when
-- the run kept none) with the model it came from (an account names the model it took: book/account finds its target
-- by it). `position` is the cluster's place in the result's list, the order the screens show.
CREATE TABLE batch_cluster_summaries (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  cluster_id  TEXT NOT NULL,
  position    INTEGER NOT NULL,
  strategy    TEXT NOT NULL,
  tax_status  TEXT NOT NULL,
  summary     TEXT NOT NULL,
  model       TEXT,
  target      TEXT,
  PRIMARY KEY (run_id, cluster_id)
) STRICT;

-- Each account's outcome (an AccountOutcome), in the run's order (`position`). WITHOUT ROWID on (run_id, position):
-- a page of the book is a range of the primary key, and the rows (about 80 bytes) are small enough for it.
-- status: `allocated` for runs stored before accounts had one (what the screens showed for them).
CREATE TABLE batch_outcomes (
  run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  account_id      TEXT NOT NULL,
  cluster_id      TEXT NOT NULL,
  value           REAL NOT NULL,
  cash            REAL NOT NULL,
  names           INTEGER NOT NULL,
  tracking_error  REAL NOT NULL,
  trades          INTEGER NOT NULL,
  below_minimum   INTEGER NOT NULL CHECK (below_minimum IN (0, 1)),
  status          TEXT NOT NULL,
  target          TEXT,
  reason          TEXT,
  PRIMARY KEY (run_id, position)
) STRICT, WITHOUT ROWID;

-- one account (book/account); a cluster's members in the run's order (book/cluster, book/accounts by cluster)
CREATE UNIQUE INDEX batch_outcomes_by_account ON batch_outcomes (run_id, account_id);
CREATE INDEX batch_outcomes_by_cluster ON batch_outcomes (run_id, cluster_id, position);

-- The batch runs stored before this step, from their result JSON (runs whose result holds no outcomes, cancelled
-- or failed ones, get no rows, as book/runs never listed them).
INSERT INTO batch_summaries (run_id, as_of, accounts, clusters, below_minimum, fallback, unallocated, te_median, te_p90, te_max, seconds)
SELECT id, coalesce(result ->> '$.asOf', ''), coalesce(result ->> '$.accounts', json_array_length(result, '$.outcomes')),
       coalesce(json_array_length(result, '$.clusters'), 0), coalesce(result ->> '$.belowMinimum', 0),
       coalesce(result ->> '$.fallback', 0), coalesce(result ->> '$.unallocated', 0),
       result ->> '$.trackingError.median', result ->> '$.trackingError.p90', result ->> '$.trackingError.max', coalesce(result ->> '$.seconds', 0)
FROM runs WHERE kind = 'batch' AND json_type(result, '$.outcomes') = 'array';

-- the targets read once per run (a subquery per cluster would parse the run's result again for each)
WITH targets AS MATERIALIZED (
  SELECT r.id AS run_id, t.value ->> '$.clusterId' AS cluster_id, t.value AS target
  FROM runs r, json_each(r.result, '$.targets') t
  WHERE r.kind = 'batch' AND json_type(r.result, '$.outcomes') = 'array'
)
INSERT INTO batch_cluster_summaries (run_id, cluster_id, position, strategy, tax_status, summary, model, target)
SELECT run_id, cluster_id, position, strategy, tax_status, summary, target ->> '$.model', target
FROM (
  SELECT r.id AS run_id, c.value ->> '$.clusterId' AS cluster_id, c.key AS position, coalesce(c.value ->> '$.key.strategy', '') AS strategy,
         coalesce(c.value ->> '$.key.taxStatus', '') AS tax_status, c.value AS summary,
         (SELECT t.target FROM targets t WHERE t.run_id = r.id AND t.cluster_id = c.value ->> '$.clusterId' LIMIT 1) AS target
  FROM runs r, json_each(r.result, '$.clusters') c
  WHERE r.kind = 'batch' AND json_type(r.result, '$.outcomes') = 'array'
);

INSERT INTO batch_outcomes (run_id, position, account_id, cluster_id, value, cash, names, tracking_error, trades, below_minimum, status, target, reason)
SELECT r.id, o.key, o.value ->> '$.accountId', o.value ->> '$.clusterId', o.value ->> '$.value', o.value ->> '$.cash', o.value ->> '$.names',
       o.value ->> '$.trackingError', o.value ->> '$.trades', CASE WHEN o.value ->> '$.belowMinimum' THEN 1 ELSE 0 END,
       coalesce(o.value ->> '$.status', 'allocated'), o.value ->> '$.target', o.value ->> '$.reason'
FROM runs r, json_each(r.result, '$.outcomes') o
WHERE r.kind = 'batch' AND json_type(r.result, '$.outcomes') = 'array';
