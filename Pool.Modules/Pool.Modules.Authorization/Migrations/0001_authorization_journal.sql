-- Authorization module: the engine's lease, the authorization log and the current-state tables the
-- engine is rebuilt from (docs/engine.md "Journal tables"). The schema is named "authorization", a
-- reserved word in PostgreSQL: every query quotes it. Enum columns hold the explicit values of
-- JournalRecordKind, RequestKind, JournalRecordFlags, CardStatus (pinned by engine tests).

-- The lease (ARCHITECTURE §5): one row. An instance that takes the session advisory lock increments
-- epoch; every journal commit reads it FOR SHARE and gives up when it is no longer its own.
CREATE TABLE lease (
    id           smallint    PRIMARY KEY CHECK (id = 1),
    epoch        bigint      NOT NULL,
    holder       text        NOT NULL,
    acquired_at  timestamptz NOT NULL
);

INSERT INTO lease (id, epoch, holder, acquired_at) VALUES (1, 0, '', now());

-- One row per journaled request (0100, 0120, 0400, 0420) in commit order. Retransmissions and admin
-- commands are not logged here. card_key routes the recent answer of an unknown card after a restart.
CREATE TABLE log (
    id                           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    epoch                        bigint      NOT NULL,
    decided_at                   timestamptz NOT NULL,
    kind                         smallint    NOT NULL,
    request_kind                 smallint    NOT NULL,
    flags                        integer     NOT NULL,
    card_number                  bigint      NULL,
    card_id                      text        NULL,
    cardholder_id                text        NULL,
    account_id                   bigint      NULL,
    card_key                     uuid        NOT NULL,
    acquirer_id                  bigint      NOT NULL,
    stan                         integer     NOT NULL,
    transmitted_at               bigint      NOT NULL,
    original_acquirer_id         bigint      NULL,
    original_stan                integer     NULL,
    original_transmitted_at      bigint      NULL,
    processing_code              smallint    NOT NULL,
    amount                       bigint      NOT NULL,
    billing_amount               bigint      NULL,
    currency                     smallint    NOT NULL,
    mcc                          smallint    NOT NULL,
    country                      smallint    NOT NULL,
    pos_entry_mode               smallint    NOT NULL,
    pos_condition_code           smallint    NOT NULL,
    rrn                          text        NOT NULL,
    merchant_name                text        NOT NULL,
    response_code                smallint    NOT NULL,
    approval_code                text        NULL,
    approved_amount              bigint      NOT NULL,
    approved_transaction_amount  bigint      NOT NULL,
    available_balance            bigint      NOT NULL,
    hold_amount                  bigint      NULL
);

-- GET /api/authorizations?cardId= and ?cardholderId=, newest first; recent answers by id.
CREATE INDEX log_card ON log (card_id, id);
CREATE INDEX log_cardholder ON log (cardholder_id, id);
-- Clearing matching by approval code or RRN.
CREATE INDEX log_approval_code ON log (approval_code) WHERE approval_code IS NOT NULL;
CREATE INDEX log_rrn ON log (rrn);

-- Holds, current state: one row per hold key. state 1 open (amount may be 0 after a full reversal,
-- kept so that a repeated full reversal is answered 00), 2 cleared, 3 expired. ledger_version numbers
-- the hold's current pending transfer (auth:hold:<key>:v<n>); every change of amount voids it and
-- opens version n + 1, so the next change finds the pending's idempotency key here.
CREATE TABLE holds (
    acquirer_id               bigint      NOT NULL,
    stan                      integer     NOT NULL,
    transmitted_at            bigint      NOT NULL,
    card_number               bigint      NOT NULL,
    account_id                bigint      NOT NULL,
    amount                    bigint      NOT NULL CHECK (amount >= 0),
    day_number                integer     NOT NULL,
    month_number              integer     NOT NULL,
    approval_code             bigint      NOT NULL,
    decided_on_billing_amount boolean     NOT NULL,
    counted                   boolean     NOT NULL,
    state                     smallint    NOT NULL CHECK (state BETWEEN 1 AND 3),
    ledger_version            integer     NOT NULL,
    pending_open              boolean     NOT NULL,
    opened_at                 timestamptz NOT NULL,
    changed_at                timestamptz NOT NULL,
    PRIMARY KEY (acquirer_id, stan, transmitted_at)
);

CREATE INDEX holds_open ON holds (opened_at) WHERE state = 1;

-- Per card, as of the last commit: velocity, approval sequence, and the status and controls the
-- engine applied (null until it applied one; cards.cards holds the same values, written by Cards in
-- the transaction that asked the engine).
CREATE TABLE card_state (
    card_number           bigint  PRIMARY KEY,
    day_number            integer NOT NULL DEFAULT 0,
    month_number          integer NOT NULL DEFAULT 0,
    daily_count           integer NOT NULL DEFAULT 0,
    daily_amount          bigint  NOT NULL DEFAULT 0,
    monthly_amount        bigint  NOT NULL DEFAULT 0,
    approval_sequence     bigint  NOT NULL DEFAULT 0,
    status                smallint NULL,
    controls              jsonb   NULL
);

-- Admin commands that moved money through the engine (deposits, withdrawals, clearing postings, hold
-- expiries), by their caller's idempotency key: a repeat finds its first result here.
CREATE TABLE admin_commands (
    idempotency_key  text        PRIMARY KEY,
    kind             smallint    NOT NULL,
    account_id       bigint      NOT NULL,
    amount           bigint      NOT NULL,
    transfer_id      bigint      NULL,
    decided_at       timestamptz NOT NULL
);
