-- Access module: the audit trail (admin-api.md §2) and stored answers of idempotent requests (§1).

CREATE TABLE access.audit_entries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    key_name    text        NOT NULL,
    role        text        NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    outcome     integer     NOT NULL,
    trace_id    text        NULL
);

CREATE TABLE access.idempotent_requests (
    key_name         text        NOT NULL,
    idempotency_key  text        NOT NULL,
    request_hash     bytea       NOT NULL,
    started_at       timestamptz NOT NULL,
    completed_at     timestamptz NULL,
    status_code      integer     NULL,
    content_type     text        NULL,
    location         text        NULL,
    body             bytea       NULL,
    PRIMARY KEY (key_name, idempotency_key)
);
