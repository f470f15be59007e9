-- Yield (ARCHITECTURE §3, docs/jobs.md "yield-accrual"): 1%/365 a day on each deposit account's end-of-day posted
-- balance in Tokyo. A day's accrual is balance / 36,500 yen, kept exactly: the balance is stored and the sub-yen
-- accrual beside it for people to read; the monthly credit floors the sum of balances / 36,500. One row per
-- (account, Tokyo business date), so accruing a day again adds nothing. Accounts with a balance of zero or below
-- accrue nothing and get no row.
CREATE TABLE ledger.yield_accruals (
    account_id     bigint         NOT NULL REFERENCES ledger.accounts (id),
    business_date  date           NOT NULL,
    balance_minor  bigint         NOT NULL CHECK (balance_minor > 0),
    accrued_minor  numeric(24,12) NOT NULL CHECK (accrued_minor >= 0),
    accrued_at     timestamptz    NOT NULL,
    PRIMARY KEY (account_id, business_date)
);

-- One row per business date whose accrual finished for every account: where a catch-up run starts.
CREATE TABLE ledger.yield_accrual_days (
    business_date  date        PRIMARY KEY,
    accounts       integer     NOT NULL,
    balance_minor  numeric     NOT NULL,
    completed_at   timestamptz NOT NULL
);
