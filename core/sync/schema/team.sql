-- The team database (issue 15): what `jessica sync` sends from each analyst's SQLite store, in the schema
-- `jessica`, for Grafana and CloudBeaver. Plain PostgreSQL; timescale.sql runs after it where the server has
-- TimescaleDB. Idempotent: every sync runs it, so a new release's tables appear on the next sync.
--
-- Every row is keyed by the store it came from (`store_id`, the store_identity of its SQLite file): two stores
-- number their runs from 1 and may name a universe alike, and neither may overwrite the other's rows.
-- Dates are `date`, instants `timestamptz`, money and weights `double precision` (the store's REAL), so a
-- checksum of a table here matches one of its source rows in SQLite.

CREATE SCHEMA IF NOT EXISTS jessica;

CREATE TABLE IF NOT EXISTS jessica.stores (
  store_id        uuid PRIMARY KEY,
  host            text NOT NULL,
  home            text NOT NULL,
  first_synced_at timestamptz NOT NULL,
  last_synced_at  timestamptz NOT NULL
);

-- Per (store, table, scope) the newest change of the store's sync_changes this table holds: a sync sends a scope
-- only when the store has a change after it. Written in the same transaction as the rows it covers, so a sync
-- killed midway leaves the cursor where its rows are.
CREATE TABLE IF NOT EXISTS jessica.sync_cursors (
  store_id    uuid NOT NULL,
  table_name  text NOT NULL,
  scope       text NOT NULL,
  seq         bigint NOT NULL,
  rows        bigint NOT NULL,
  synced_at   timestamptz NOT NULL,
  PRIMARY KEY (store_id, table_name, scope)
);

CREATE TABLE IF NOT EXISTS jessica.universes (
  store_id      uuid NOT NULL,
  name          text NOT NULL,
  created_at    timestamptz NOT NULL,
  source        text NOT NULL,
  member_count  integer NOT NULL,
  ticker_count  integer NOT NULL,
  price_rows    bigint NOT NULL,
  first_date    date,
  last_date     date,
  trading_days  integer NOT NULL,
  index_rows    integer NOT NULL,
  PRIMARY KEY (store_id, name)
);

CREATE TABLE IF NOT EXISTS jessica.universe_members (
  store_id            uuid NOT NULL,
  universe            text NOT NULL,
  ticker              text NOT NULL,
  name                text,
  sector              text,
  industry            text,
  market_cap          double precision,
  shares_outstanding  double precision,
  weight              double precision,
  PRIMARY KEY (store_id, universe, ticker)
);

-- The hot path of a dashboard is one ticker's (or a few tickers') series over a window: keyed ticker then date.
CREATE TABLE IF NOT EXISTS jessica.prices (
  store_id   uuid NOT NULL,
  universe   text NOT NULL,
  ticker     text NOT NULL,
  date       date NOT NULL,
  open       double precision,
  high       double precision,
  low        double precision,
  close      double precision NOT NULL,
  adj_close  double precision,
  volume     bigint,
  PRIMARY KEY (store_id, universe, ticker, date)
);

CREATE TABLE IF NOT EXISTS jessica.index_closes (
  store_id  uuid NOT NULL,
  universe  text NOT NULL,
  date      date NOT NULL,
  close     double precision NOT NULL,
  PRIMARY KEY (store_id, universe, date)
);

CREATE TABLE IF NOT EXISTS jessica.books (
  store_id       uuid NOT NULL,
  name           text NOT NULL,
  imported_at    timestamptz NOT NULL,
  accounts_file  text NOT NULL,
  holdings_file  text,
  account_count  integer NOT NULL,
  lot_count      integer NOT NULL,
  total_value    double precision NOT NULL,
  PRIMARY KEY (store_id, name)
);

CREATE TABLE IF NOT EXISTS jessica.accounts (
  store_id    uuid NOT NULL,
  book        text NOT NULL,
  account_id  text NOT NULL,
  position    integer NOT NULL,
  strategy    text NOT NULL,
  value       double precision NOT NULL,
  tax_status  text NOT NULL,
  exclude     text NOT NULL,
  cash        double precision,
  PRIMARY KEY (store_id, book, account_id)
);

CREATE TABLE IF NOT EXISTS jessica.account_lots (
  store_id    uuid NOT NULL,
  book        text NOT NULL,
  account_id  text NOT NULL,
  position    integer NOT NULL,
  ticker      text NOT NULL,
  shares      double precision NOT NULL,
  cost_basis  double precision,
  acquired    date,
  PRIMARY KEY (store_id, book, account_id, position)
);

-- runs.options, result and machine as the store holds them (JSON), for what no table below spells out.
CREATE TABLE IF NOT EXISTS jessica.runs (
  store_id    uuid NOT NULL,
  run_id      bigint NOT NULL,
  created_at  timestamptz NOT NULL,
  kind        text NOT NULL,
  status      text NOT NULL,
  universe    text,
  use_case    text,
  solver      text,
  -- the run's wall time: the end of its latest span, milliseconds
  duration_ms double precision,
  options     jsonb NOT NULL,
  result      jsonb,
  machine     jsonb,
  PRIMARY KEY (store_id, run_id)
);
CREATE INDEX IF NOT EXISTS runs_by_created_at ON jessica.runs (created_at);

CREATE TABLE IF NOT EXISTS jessica.spans (
  store_id     uuid NOT NULL,
  run_id       bigint NOT NULL,
  span_id      integer NOT NULL,
  parent       integer,
  name         text NOT NULL,
  start_ms     double precision NOT NULL,
  duration_ms  double precision NOT NULL,
  attrs        jsonb,
  PRIMARY KEY (store_id, run_id, span_id)
);

-- A run's resource track: the process's CPU (% of one core) and memory (MiB) at t_ms after the run's start, the
-- clock of its spans; child_* are its child processes' (a CLI solver), NULL where they could not be read. A plain
-- table, as spans are: it is read a run at a time by run_id, and t_ms is relative to its run, not a time axis.
CREATE TABLE IF NOT EXISTS jessica.run_samples (
  store_id           uuid NOT NULL,
  run_id             bigint NOT NULL,
  t_ms               double precision NOT NULL,
  cpu_percent        double precision NOT NULL,
  rss_mib            double precision NOT NULL,
  heap_used_mib      double precision NOT NULL,
  child_cpu_percent  double precision,
  child_rss_mib      double precision,
  PRIMARY KEY (store_id, run_id, t_ms)
);

-- An optimize run's portfolio (its result's holdings): one row per name held.
CREATE TABLE IF NOT EXISTS jessica.run_portfolios (
  store_id          uuid NOT NULL,
  run_id            bigint NOT NULL,
  ticker            text NOT NULL,
  sector            text NOT NULL,
  weight            double precision NOT NULL,
  benchmark_weight  double precision NOT NULL,
  shares            double precision,
  price             double precision NOT NULL,
  value             double precision,
  PRIMARY KEY (store_id, run_id, ticker)
);

-- A batch run's clusters (its result's clusters).
CREATE TABLE IF NOT EXISTS jessica.batch_clusters (
  store_id        uuid NOT NULL,
  run_id          bigint NOT NULL,
  cluster_id      text NOT NULL,
  strategy        text NOT NULL,
  tax_status      text NOT NULL,
  -- the screen family: its excluded sectors and names joined by ';', '' for none
  exclude         text NOT NULL,
  min_value       double precision NOT NULL,
  max_value       double precision NOT NULL,
  max_names       integer NOT NULL,
  min_weight      double precision NOT NULL,
  accounts        integer NOT NULL,
  tracking_error  double precision,
  names           integer NOT NULL,
  account_minimum double precision,
  below_minimum   integer NOT NULL,
  solve_status    text NOT NULL,
  PRIMARY KEY (store_id, run_id, cluster_id)
);

-- A batch run's accounts: how each was served (status allocated | fallback | unallocated, with its reason).
CREATE TABLE IF NOT EXISTS jessica.batch_accounts (
  store_id        uuid NOT NULL,
  run_id          bigint NOT NULL,
  account_id      text NOT NULL,
  cluster_id      text NOT NULL,
  value           double precision NOT NULL,
  cash            double precision NOT NULL,
  names           integer NOT NULL,
  tracking_error  double precision,
  trades          integer NOT NULL,
  below_minimum   boolean NOT NULL,
  status          text NOT NULL,
  target          text,
  reason          text,
  PRIMARY KEY (store_id, run_id, account_id)
);

-- A batch run's allocations: every account's whole-share holdings after its trades, and the trades (shares > 0 bought).
CREATE TABLE IF NOT EXISTS jessica.batch_holdings (
  store_id    uuid NOT NULL,
  run_id      bigint NOT NULL,
  account_id  text NOT NULL,
  ticker      text NOT NULL,
  shares      double precision NOT NULL,
  price       double precision NOT NULL,
  PRIMARY KEY (store_id, run_id, account_id, ticker)
);

CREATE TABLE IF NOT EXISTS jessica.batch_trades (
  store_id    uuid NOT NULL,
  run_id      bigint NOT NULL,
  account_id  text NOT NULL,
  ticker      text NOT NULL,
  shares      double precision NOT NULL,
  price       double precision,
  PRIMARY KEY (store_id, run_id, account_id, ticker)
);
