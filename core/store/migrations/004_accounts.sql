-- The SMA book (issue 5): named books of accounts and their legacy tax lots, as `accounts import` stored them.
-- A re-import of a book deletes it (cascading to its accounts and lots) and inserts the new one in the same
-- transaction, so readers see the old book or the new one, never a mix.

CREATE TABLE books (
  name           TEXT PRIMARY KEY,
  imported_at    TEXT NOT NULL,
  -- the files as the user named them, for the record
  accounts_file  TEXT NOT NULL,
  holdings_file  TEXT,
  account_count  INTEGER NOT NULL CHECK (account_count >= 1),
  lot_count      INTEGER NOT NULL CHECK (lot_count >= 0),
  total_value    REAL NOT NULL CHECK (total_value > 0)
) STRICT;

CREATE TABLE accounts (
  book        TEXT NOT NULL REFERENCES books (name) ON DELETE CASCADE,
  account_id  TEXT NOT NULL,
  -- the row's order in the accounts file: a book reads back in the order it was given
  position    INTEGER NOT NULL,
  strategy    TEXT NOT NULL,
  value       REAL NOT NULL CHECK (value > 0),
  tax_status  TEXT NOT NULL CHECK (tax_status IN ('taxable', 'deferred')),
  -- normalized exclusions joined by ';' (sorted, upper-case tickers and sector:NAME); '' for none, so
  -- SQL readers can GROUP BY it to see the restriction mix
  exclude     TEXT NOT NULL,
  -- dollars; NULL: the value not held in shares
  cash        REAL CHECK (cash IS NULL OR (cash >= 0 AND cash <= value)),
  PRIMARY KEY (book, account_id),
  UNIQUE (book, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE account_lots (
  book        TEXT NOT NULL,
  account_id  TEXT NOT NULL,
  -- the lot's order in the holdings file
  position    INTEGER NOT NULL,
  ticker      TEXT NOT NULL,
  shares      REAL NOT NULL CHECK (shares > 0),
  -- dollars per share
  cost_basis  REAL CHECK (cost_basis IS NULL OR cost_basis >= 0),
  acquired    TEXT CHECK (acquired IS NULL OR acquired GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- keyed by account first: the cascade from a deleted account (and a batch reading one account's
  -- lots) is one range of the key, where a key led by position would scan the book's lots per account
  PRIMARY KEY (book, account_id, position),
  FOREIGN KEY (book, account_id) REFERENCES accounts (book, account_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
