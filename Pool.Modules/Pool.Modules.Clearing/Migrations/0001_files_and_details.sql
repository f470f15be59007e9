-- Clearing module: imported files, their staged details, and the exceptions kept for the back office
-- (docs/clearing.md). No PAN is stored: a detail keeps the PAN's token (HMAC under the vault's active hash
-- key), its BIN and its last four. Enum columns hold the explicit values of ImportState, DetailOutcome,
-- ExceptionReason and ClearingTransactionCode; ClearingEnumTests pins them.

CREATE TABLE clearing.files (
    seq                     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    file_id                 text        PRIMARY KEY CHECK (char_length(file_id) BETWEEN 1 AND 20),
    -- ImportState: 1 staged (details stored, posting not finished), 2 done.
    state                   smallint    NOT NULL CHECK (state IN (1, 2)),
    processing_date         date        NOT NULL,
    sending_institution_id  bigint      NOT NULL,
    records_read            bigint      NOT NULL,
    detail_count            bigint      NOT NULL,
    total_debits            bigint      NOT NULL,
    total_credits           bigint      NOT NULL,
    duplicates              bigint      NOT NULL,
    duplicates_amount       bigint      NOT NULL,
    imported_by             text        NOT NULL,
    started_at              timestamptz NOT NULL,
    completed_at            timestamptz NULL,
    -- The import report (clearing-file.md §5) as JSON, written when the import is done.
    report                  jsonb       NULL,
    CHECK ((state = 2) = (report IS NOT NULL))
);

-- One row per detail of an accepted file. (transaction_code, arn) is unique across all files: a detail
-- already imported (in this file or an earlier one) is not staged again (clearing-file.md §5).
CREATE TABLE clearing.details (
    file_id           text        NOT NULL REFERENCES clearing.files (file_id),
    record_number     integer     NOT NULL CHECK (record_number >= 2),
    transaction_code  smallint    NOT NULL CHECK (transaction_code IN (5, 6, 7, 25, 26, 27)),
    arn               text        NOT NULL CHECK (arn ~ '^[0-9]{23}$'),
    pan_token         bytea       NULL CHECK (octet_length(pan_token) = 32),
    bin               text        NOT NULL CHECK (bin ~ '^([0-9]{6})?$'),
    last4             text        NOT NULL CHECK (last4 ~ '^([0-9]{4})?$'),
    acquirer_id       bigint      NOT NULL,
    purchase_date     date        NOT NULL,
    amount            bigint      NOT NULL CHECK (amount BETWEEN 0 AND 999999999999),
    source_amount     bigint      NOT NULL,
    source_currency   smallint    NOT NULL,
    merchant_name     text        NOT NULL,
    merchant_city     text        NOT NULL,
    merchant_country  text        NOT NULL,
    mcc               smallint    NOT NULL,
    approval_code     text        NULL,
    rrn               text        NULL,
    pos_entry_mode    smallint    NOT NULL,
    sequence_number   smallint    NOT NULL,
    sequence_count    smallint    NOT NULL,
    -- The card the PAN token names, resolved through the Cards contract when the file was staged.
    card_id           text        NULL,
    cardholder_id     text        NULL,
    -- DetailOutcome: null until posted; 1 matched, 2 force-posted, 3 credit, 4 reversal, 5 exception.
    outcome           smallint    NULL CHECK (outcome BETWEEN 1 AND 5),
    -- ExceptionReason when outcome = 5: 1 unknown card, 2 unknown presentment, 3 posting refused.
    exception_reason  smallint    NULL CHECK (exception_reason BETWEEN 1 AND 3),
    authorization_id  text        NULL,
    posted_at         timestamptz NULL,
    PRIMARY KEY (file_id, record_number),
    CHECK ((outcome = 5) = (exception_reason IS NOT NULL)),
    CHECK ((outcome IS NULL) = (posted_at IS NULL))
);

CREATE UNIQUE INDEX details_transaction_code_arn ON clearing.details (transaction_code, arn);

-- The posting loop walks a file's unposted details in record order.
CREATE INDEX details_unposted ON clearing.details (file_id, record_number) WHERE outcome IS NULL;

-- GET /api/clearing/exceptions, newest file first.
CREATE INDEX details_exceptions ON clearing.details (file_id, record_number) WHERE outcome = 5;
