-- The resource track of a run (issue 17): the process's CPU and memory sampled while the job ran, on the clock of
-- its spans (t_ms after the run's start). A run is saved whole each time, so its samples are replaced with it.
CREATE TABLE run_samples (
  run_id               INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  t_ms                 REAL NOT NULL,
  cpu_percent          REAL NOT NULL,
  rss_mib              REAL NOT NULL,
  heap_used_mib        REAL NOT NULL,
  child_cpu_percent    REAL,
  child_rss_mib        REAL,
  PRIMARY KEY (run_id, t_ms)
) STRICT, WITHOUT ROWID;

-- runs/list filters by kind and status, newest first
CREATE INDEX runs_by_kind ON runs (kind, created_at);
