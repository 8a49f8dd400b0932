-- Where the server has TimescaleDB (timescale/timescaledb-ha in docker-compose.yml), after team.sql: the price and
-- index series become hypertables (chunked by date, so a dashboard's window reads only its chunks) and their
-- closed chunks are compressed, segmented by what a query filters on. Idempotent: if_not_exists everywhere, and
-- create_hypertable migrates rows a plain table already holds (a server that gained the extension later).
-- A unique key of a hypertable must include its time column: both keys do (date).

SELECT create_hypertable('jessica.prices', by_range('date', INTERVAL '1 year'), if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('jessica.index_closes', by_range('date', INTERVAL '5 years'), if_not_exists => TRUE, migrate_data => TRUE);

-- Only while compression is off: TimescaleDB before 2.14 refuses even the same ALTER … SET (timescaledb.compress …)
-- again once a chunk is compressed ("cannot change configuration on already compressed chunks", timescaledb#6137),
-- which the policy below does within a day of the first sync of history.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                 WHERE hypertable_schema = 'jessica' AND hypertable_name = 'prices' AND compression_enabled) THEN
    ALTER TABLE jessica.prices SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, universe, ticker', timescaledb.compress_orderby = 'date');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                 WHERE hypertable_schema = 'jessica' AND hypertable_name = 'index_closes' AND compression_enabled) THEN
    ALTER TABLE jessica.index_closes SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, universe', timescaledb.compress_orderby = 'date');
  END IF;
END $$;

-- Prices older than a quarter are history: a late correction (a re-adjustment after a split) still lands in a
-- compressed chunk, which TimescaleDB 2.11+ accepts for INSERT … ON CONFLICT and DELETE.
SELECT add_compression_policy('jessica.prices', INTERVAL '90 days', if_not_exists => TRUE);
SELECT add_compression_policy('jessica.index_closes', INTERVAL '90 days', if_not_exists => TRUE);
