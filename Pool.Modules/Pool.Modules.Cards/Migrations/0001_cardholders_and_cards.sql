-- Cards module: cardholders, and cards with their PAN vault records (docs/cards.md).
-- No PAN is ever stored in clear: pan_hash is HMAC-SHA-256 under the key set key_id names, and
-- pan_ciphertext is AES-256-GCM (nonce ‖ ciphertext ‖ tag) under the same key set.

CREATE TABLE cards.cardholders (
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id          text        PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL
);

CREATE TABLE cards.cards (
    seq                     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id                      text        PRIMARY KEY,
    cardholder_id           text        NOT NULL REFERENCES cards.cardholders (id),
    pan_hash                bytea       NOT NULL CHECK (octet_length(pan_hash) = 32),
    pan_ciphertext          bytea       NOT NULL CHECK (octet_length(pan_ciphertext) BETWEEN 29 AND 47),
    key_id                  text        NOT NULL,
    bin                     text        NOT NULL CHECK (bin ~ '^[0-9]{6}$'),
    last4                   text        NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    expiry                  text        NOT NULL CHECK (expiry ~ '^[0-9]{2}(0[1-9]|1[0-2])$'),
    -- CardStatus: 1 active, 2 frozen, 3 lost, 4 stolen, 5 closed (append only).
    status                  smallint    NOT NULL CHECK (status BETWEEN 1 AND 5),
    per_transaction_limit   bigint      NULL CHECK (per_transaction_limit BETWEEN 1 AND 999999999999),
    daily_limit             bigint      NULL CHECK (daily_limit BETWEEN 1 AND 999999999999),
    monthly_limit           bigint      NULL CHECK (monthly_limit BETWEEN 1 AND 999999999999),
    daily_count             integer     NULL CHECK (daily_count BETWEEN 1 AND 10000),
    blocked_mccs            text[]      NOT NULL CHECK (cardinality(blocked_mccs) <= 50),
    allow_ecommerce         boolean     NOT NULL,
    allow_international     boolean     NOT NULL,
    allow_cash              boolean     NOT NULL,
    -- The card issued in this one's place (lost or stolen); this one stays blocked.
    replaced_by             text        NULL REFERENCES cards.cards (id),
    -- The Idempotency-Key (scoped to the API key's name) of the request that issued the card, and what
    -- that request was ("issue:<cardholder id>" or "replace:<card id>"), so a repeat replays the answer.
    issue_key_name          text        NULL,
    issue_idempotency_key   text        NULL,
    issue_request           text        NULL,
    created_at              timestamptz NOT NULL,
    status_changed_at       timestamptz NOT NULL,
    CHECK ((issue_idempotency_key IS NULL) = (issue_key_name IS NULL))
);

CREATE UNIQUE INDEX cards_pan_hash ON cards.cards (pan_hash);
CREATE UNIQUE INDEX cards_issue_key ON cards.cards (issue_key_name, issue_idempotency_key) WHERE issue_idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX cards_replaced_by ON cards.cards (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX cards_cardholder ON cards.cards (cardholder_id, seq);
CREATE INDEX cards_key_id ON cards.cards (key_id);
