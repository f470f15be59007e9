-- The database still refuses a transfer that names an account or a pending transfer that does not exist, whatever
-- the application does, but checks it once per statement instead of once per row (docs/decisions/0005).
--
-- The three foreign keys of ledger.transfers ran one lookup per row and per key (an internal SELECT … FOR KEY SHARE
-- of the account, twice per transfer, and of the pending transfer for posts and voids): about half the cost of
-- inserting a batch of transfers (4,096 holds: ~100 ms with the keys, ~40 ms without any check, ~60 ms with the
-- statement trigger below; psql timings on a 2-core machine). The trigger checks every inserted row of the
-- statement with one anti-join on the primary keys.
--
-- What the foreign keys also guaranteed, that a referenced row never goes away, is kept by refusing deletes: the
-- transfers were already append-only (0001), and accounts are now too (their balances change, they are never
-- removed), so no lock on the referenced rows is needed.

ALTER TABLE ledger.transfers
    DROP CONSTRAINT transfers_debit_account_id_fkey,
    DROP CONSTRAINT transfers_credit_account_id_fkey,
    DROP CONSTRAINT transfers_pending_id_fkey;

CREATE FUNCTION ledger.check_transfer_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing record;
BEGIN
    SELECT n.id, n.debit_account_id, n.credit_account_id, n.pending_id INTO missing
    FROM new_transfers n
    WHERE NOT EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = n.debit_account_id)
       OR NOT EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = n.credit_account_id)
       OR (n.pending_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger.transfers p WHERE p.id = n.pending_id))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger.transfers: transfer % names a missing account (debit %, credit %) or pending transfer (%)',
            missing.id, missing.debit_account_id, missing.credit_account_id, missing.pending_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER transfers_references
    AFTER INSERT ON ledger.transfers
    REFERENCING NEW TABLE AS new_transfers
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_transfer_references();

CREATE FUNCTION ledger.refuse_account_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger.accounts are never removed: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER accounts_never_removed
    BEFORE DELETE ON ledger.accounts
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_account_removal();

CREATE TRIGGER accounts_no_truncate
    BEFORE TRUNCATE ON ledger.accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_account_removal();
