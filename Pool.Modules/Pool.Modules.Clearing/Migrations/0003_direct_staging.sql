-- Staging by COPY straight into clearing.details, outcomes in a table of their own (docs/clearing.md
-- "Validation, staging and crash safety"; the figures behind each change: docs/benchmarks-clearing.md).
--
-- Before: a file was copied into a temporary table, then moved into clearing.details by INSERT … SELECT …
-- ON CONFLICT (45 s for a million details on the shared machine), and each posted batch rewrote its details
-- by UPDATE to set the outcome (37 µs a row: every index of the wide row gets a new entry).
-- Now: the reader's COPY writes clearing.details itself; the cards the file names are resolved afterwards into
-- clearing.file_cards (one row per distinct PAN token of the file) instead of being written into each detail;
-- outcomes are inserted into clearing.outcomes (13 µs a row). A detail row is never updated.

-- The file's PAN tokens that are cards of Pool's, resolved through the Cards contract when the file is staged.
CREATE TABLE clearing.file_cards (
    file_id        text  NOT NULL,
    pan_token      bytea NOT NULL CHECK (octet_length(pan_token) = 32),
    card_id        text  NOT NULL,
    cardholder_id  text  NOT NULL,
    PRIMARY KEY (file_id, pan_token)
);

-- What posting did with a detail. A detail without a row here is unposted. DetailOutcome: 1 matched,
-- 2 force-posted, 3 credit, 4 reversal, 5 exception; ExceptionReason when 5: 1 unknown card, 2 unknown
-- presentment, 3 posting refused.
CREATE TABLE clearing.outcomes (
    file_id           text        NOT NULL,
    record_number     integer     NOT NULL,
    outcome           smallint    NOT NULL CHECK (outcome BETWEEN 1 AND 5),
    exception_reason  smallint    NULL CHECK (exception_reason BETWEEN 1 AND 3),
    authorization_id  text        NULL,
    posted_at         timestamptz NOT NULL,
    PRIMARY KEY (file_id, record_number),
    CHECK ((outcome = 5) = (exception_reason IS NOT NULL))
);

INSERT INTO clearing.file_cards (file_id, pan_token, card_id, cardholder_id)
SELECT DISTINCT ON (file_id, pan_token) file_id, pan_token, card_id, cardholder_id
FROM clearing.details
WHERE card_id IS NOT NULL AND pan_token IS NOT NULL;

INSERT INTO clearing.outcomes (file_id, record_number, outcome, exception_reason, authorization_id, posted_at)
SELECT file_id, record_number, outcome, exception_reason, authorization_id, posted_at
FROM clearing.details
WHERE outcome IS NOT NULL;

-- GET /api/clearing/exceptions, newest file first.
CREATE INDEX outcomes_exceptions ON clearing.outcomes (file_id, record_number) WHERE outcome = 5;

-- GET /api/clearing/postings?authorizationId=: the details posted against an authorization.
CREATE INDEX outcomes_authorization ON clearing.outcomes (authorization_id) WHERE authorization_id IS NOT NULL;

DROP INDEX clearing.details_unposted;
DROP INDEX clearing.details_exceptions;
DROP INDEX clearing.details_authorization;

-- Dropping the columns drops the checks that name them.
ALTER TABLE clearing.details
    DROP COLUMN card_id,
    DROP COLUMN cardholder_id,
    DROP COLUMN outcome,
    DROP COLUMN exception_reason,
    DROP COLUMN authorization_id,
    DROP COLUMN posted_at;

-- No foreign key to clearing.files: its check is a lookup per detail (8 s of a 25 s COPY of a million rows).
-- A file's details are written only in the transaction that inserts its row, and files are never deleted.
ALTER TABLE clearing.details DROP CONSTRAINT details_file_id_fkey;

-- The parser checks every N field's digits (ClearingRecordParser, tested); the regular expressions repeated it
-- on every row (2 s a million). The lengths stay checked here.
ALTER TABLE clearing.details
    DROP CONSTRAINT details_arn_check,
    DROP CONSTRAINT details_bin_check,
    DROP CONSTRAINT details_last4_check,
    ADD CONSTRAINT details_arn_length CHECK (octet_length(arn) = 23),
    ADD CONSTRAINT details_bin_length CHECK (octet_length(bin) IN (0, 6)),
    ADD CONSTRAINT details_last4_length CHECK (octet_length(last4) IN (0, 4));

-- (transaction code, ARN) stays unique across all files (clearing-file.md §5), as a constraint that the staging
-- transaction defers: the COPY cannot skip a duplicate, so it copies everything, and only if the deferred check
-- finds a duplicate are the repeated details deleted (the first of a key wins, in an earlier file or earlier in
-- this one) before the check runs again and the transaction commits. A file without duplicates pays nothing.
DROP INDEX clearing.details_transaction_code_arn;
ALTER TABLE clearing.details
    ADD CONSTRAINT details_transaction_code_arn UNIQUE (transaction_code, arn) DEFERRABLE INITIALLY IMMEDIATE;

-- The reversals phase reads a file's 25/26/27 in record order without walking its presentments.
CREATE INDEX details_reversals ON clearing.details (file_id, record_number) WHERE transaction_code > 20;
