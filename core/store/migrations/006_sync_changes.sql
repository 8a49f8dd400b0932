-- What changed since the team database last heard from this store (issue 15: `jessica sync`).
--
-- Every synced entity has a parent row: a universe (its members, prices, index closes), a book (its accounts and
-- lots), a run (its spans, stored allocations, and the portfolio, clusters and account results in its JSON). Every
-- writer already replaces or updates that parent row in the same transaction as its children, so triggers on the
-- parent rows alone record each change, whoever wrote it, with no trigger on the million-row tables. A sync sends,
-- per (table, scope), only the scopes whose newest change is after its cursor; nothing new is one small query.

-- This store's identity: the team database keys every row by it, so two analysts' stores (each numbering its runs
-- from 1) and a store recreated from scratch never overwrite each other's rows or inherit each other's cursors.
CREATE TABLE store_identity (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  store_id    TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

INSERT INTO store_identity (id, store_id, created_at)
VALUES (1, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
          || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- seq is the change's place in the store's history (AUTOINCREMENT: never reused, so a cursor never points at a
-- number that later means another change). kind: `replace` (the scope written whole: its old rows are gone),
-- `update` (the parent row updated in place: an incremental import that added prices), `delete` (the scope gone).
CREATE TABLE sync_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  entity      TEXT NOT NULL CHECK (entity IN ('universe', 'book', 'run')),
  scope       TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('replace', 'update', 'delete')),
  changed_at  TEXT NOT NULL
) STRICT;

CREATE INDEX sync_changes_by_scope ON sync_changes (entity, scope, seq);

-- The revision of the change that last wrote a price row. A full load writes 0 (a `replace` resends the universe
-- whole); an incremental import writes the seq of its batch's `update`, so a sync after it sends only the rows
-- whose revision is after the universe's cursor. ADD COLUMN with a constant default rewrites no row.
ALTER TABLE prices ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- The stores made before this step: everything they hold is new to the team database.
INSERT INTO sync_changes (entity, scope, kind, changed_at)
SELECT 'universe', name, 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM universes;
INSERT INTO sync_changes (entity, scope, kind, changed_at)
SELECT 'book', name, 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM books;
INSERT INTO sync_changes (entity, scope, kind, changed_at)
SELECT 'run', CAST(id AS TEXT), 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM runs;

CREATE TRIGGER universes_inserted AFTER INSERT ON universes BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('universe', NEW.name, 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER universes_updated AFTER UPDATE ON universes BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('universe', NEW.name, 'update', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER universes_deleted AFTER DELETE ON universes BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('universe', OLD.name, 'delete', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER books_inserted AFTER INSERT ON books BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('book', NEW.name, 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER books_updated AFTER UPDATE ON books BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('book', NEW.name, 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER books_deleted AFTER DELETE ON books BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('book', OLD.name, 'delete', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- A run is saved as `running` and again when it ends (an upsert fires the update trigger); both are `replace`:
-- its spans and allocations are rewritten whole each time.
CREATE TRIGGER runs_inserted AFTER INSERT ON runs BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('run', CAST(NEW.id AS TEXT), 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER runs_updated AFTER UPDATE ON runs BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('run', CAST(NEW.id AS TEXT), 'replace', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER runs_deleted AFTER DELETE ON runs BEGIN
  INSERT INTO sync_changes (entity, scope, kind, changed_at) VALUES ('run', CAST(OLD.id AS TEXT), 'delete', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Settings the app keeps in the store (the team database's URL for `jessica sync`; never a password in a log).
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
