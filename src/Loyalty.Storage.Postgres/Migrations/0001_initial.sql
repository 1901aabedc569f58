-- Initial schema. Unqualified names: tables land in the connection's search_path schema,
-- which is how tests (and, if wanted, tenants) are isolated.

-- Grain state: a real primary key over (type, key), so two grain types never share a row.
-- The summary columns let reports read balances and tiers without activating grains.
-- json (not jsonb): the state is stored and returned verbatim and needs no parsing on the hot path.
CREATE TABLE grain_state (
    grain_type     text          NOT NULL,
    grain_key      text          NOT NULL,
    version        bigint        NOT NULL,
    state          json          NOT NULL,
    status         text,
    tier           text,
    store_id       text,
    owner          text,
    points         bigint        NOT NULL DEFAULT 0,
    pending_points bigint        NOT NULL DEFAULT 0,
    stored_value   numeric(18,2) NOT NULL DEFAULT 0,
    spend          numeric(18,2) NOT NULL DEFAULT 0,
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key)
);

-- Append-only ledger. The unique (account, operation_id) is the last defence of idempotency.
CREATE TABLE ledger (
    seq                bigserial     PRIMARY KEY,
    account            text          NOT NULL,
    operation_id       text          NOT NULL,
    kind               text          NOT NULL,
    at                 timestamptz   NOT NULL,
    store_id           text,
    points_delta       bigint        NOT NULL DEFAULT 0,
    pending_delta      bigint        NOT NULL DEFAULT 0,
    spend_delta        numeric(18,2) NOT NULL DEFAULT 0,
    stored_value_delta numeric(18,2) NOT NULL DEFAULT 0,
    bonus_delta        numeric(18,2) NOT NULL DEFAULT 0,
    points_after       bigint        NOT NULL DEFAULT 0,
    stored_value_after numeric(18,2) NOT NULL DEFAULT 0,
    data               json,
    UNIQUE (account, operation_id)
);

-- Account history is read newest first, page by page.
CREATE INDEX ledger_account_seq ON ledger (account, seq DESC);

-- Insert-only documents (receipts...); a repeated id means the operation was applied before.
CREATE TABLE documents (
    collection text        NOT NULL,
    doc_id     text        NOT NULL,
    owner      text        NOT NULL,
    body       json        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, doc_id)
);

-- Scheduled work: only due grains are woken, found through the (job, due_at) index.
CREATE TABLE due_jobs (
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    job        text        NOT NULL,
    due_at     timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, job)
);

CREATE INDEX due_jobs_job_due_at ON due_jobs (job, due_at);
