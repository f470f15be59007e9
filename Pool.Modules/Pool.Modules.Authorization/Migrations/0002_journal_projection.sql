-- The journal and its projection (docs/decisions/0004-journal-projection.md). The commit that gates an
-- answer writes one row here per batch: the fixed-size JournalRecords as they are in memory, plus the
-- string side of the admin commands in it. A projector then applies committed batches in position
-- order to the ledger, the authorization log and the current-state tables, in transactions of its own
-- that also advance projection.position (so every batch is applied exactly once), and deletes the
-- batches it applied. At activation the new holder of the lease projects whatever is left first.
CREATE TABLE journal (
    position          bigint      PRIMARY KEY,
    epoch             bigint      NOT NULL,
    record_count      integer     NOT NULL,
    record_size       integer     NOT NULL,
    records           bytea       NOT NULL,
    admin_indexes     integer[]   NOT NULL,
    admin_keys        text[]      NOT NULL,
    admin_references  text[]      NOT NULL,
    committed_at      timestamptz NOT NULL DEFAULT now()
);

-- The records are written and read whole, once: no compression (pglz would cost the commit CPU).
ALTER TABLE journal ALTER COLUMN records SET STORAGE EXTERNAL;

CREATE TABLE projection (
    id        smallint PRIMARY KEY CHECK (id = 1),
    position  bigint   NOT NULL
);

INSERT INTO projection (id, position) VALUES (1, 0);
