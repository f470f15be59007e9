-- What each admin deposit in a journal batch credits (Ledger TransferCode: 1 deposit, 6 yield, 7 cashback),
-- so a batch projected after a crash writes a yield or cashback credit from its expense account, as the
-- instance that committed it would have. Batches written before this column read as deposits.
ALTER TABLE journal ADD COLUMN admin_codes smallint[] NOT NULL DEFAULT '{}';
