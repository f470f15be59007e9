-- Idempotency keys and references are opaque strings compared for equality only. The "C" collation compares
-- bytes, so the unique index on idempotency_key neither depends on the database's default locale (a managed
-- PostgreSQL is often en_US.UTF-8) nor pays for locale-aware comparisons on every insert of a batch.
ALTER TABLE ledger.transfers
    ALTER COLUMN idempotency_key TYPE text COLLATE "C",
    ALTER COLUMN reference TYPE text COLLATE "C";
