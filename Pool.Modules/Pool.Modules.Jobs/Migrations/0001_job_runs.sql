-- Jobs module: run history (admin-api.md §3), each attempt of a run, and per job the last scheduled
-- tick served, which makes catch-up after downtime run once and lets only one instance claim a tick.

CREATE TABLE jobs.job_runs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job            text        NOT NULL,
    -- JobRunTrigger: 1 schedule, 2 manual (API), 3 cli. Append only; pinned by PersistedJobValuesTests.
    trigger        smallint    NOT NULL,
    scheduled_for  timestamptz NOT NULL,
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz NULL,
    -- JobRunOutcome: 1 running, 2 succeeded, 3 failed, 4 skipped. Append only; pinned by PersistedJobValuesTests.
    outcome        smallint    NOT NULL,
    attempt        integer     NOT NULL DEFAULT 0,
    summary        text        NULL,
    error          text        NULL,
    parameters     jsonb       NOT NULL DEFAULT '{}'
);

-- Two instances can never both run one scheduled tick: the second insert of (job, tick) conflicts.
CREATE UNIQUE INDEX job_runs_one_per_tick ON jobs.job_runs (job, scheduled_for) WHERE trigger = 1;

-- History is read per job, newest first.
CREATE INDEX job_runs_by_job ON jobs.job_runs (job, id DESC);

CREATE TABLE jobs.job_run_attempts (
    run_id      bigint      NOT NULL REFERENCES jobs.job_runs (id),
    attempt     integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz NULL,
    error       text        NULL,
    PRIMARY KEY (run_id, attempt)
);

CREATE TABLE jobs.job_schedule_state (
    job                 text        PRIMARY KEY,
    -- The latest cron occurrence (UTC) this job's schedule has served, or the moment the schedule was first seen.
    last_scheduled_for  timestamptz NOT NULL
);
