-- Instruments: what a ticker is, whatever dataset it came in (name, sector, industry as the latest import
-- said; an empty field never overwrites a known one), so holdings, exclusions and accounts can name a
-- security without naming a universe. Written by every universe load, inside its transaction.
CREATE TABLE instruments (
  ticker      TEXT PRIMARY KEY,
  name        TEXT,
  sector      TEXT,
  industry    TEXT,
  updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO instruments (ticker, name, sector, industry, updated_at)
SELECT ticker, max(name), max(nullif(sector, '')), max(nullif(industry, '')), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM universe_members
GROUP BY ticker;
