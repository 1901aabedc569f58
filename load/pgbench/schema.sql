-- The stateless design's tables: one row per member updated in place, and the same append-only ledger with
-- a unique (account, operation id). Kept in schema "stateless" beside the engine's tables.
DROP SCHEMA IF EXISTS stateless CASCADE;
CREATE SCHEMA stateless;
SET search_path = stateless;
CREATE TABLE member (
    id     bigint        PRIMARY KEY,
    points bigint        NOT NULL DEFAULT 0,
    spend  numeric(18,2) NOT NULL DEFAULT 0
);
CREATE TABLE ledger (
    seq          bigserial     PRIMARY KEY,
    account      text          NOT NULL,
    operation_id text          NOT NULL,
    kind         text          NOT NULL,
    at           timestamptz   NOT NULL,
    points_delta bigint        NOT NULL,
    spend_delta  numeric(18,2) NOT NULL,
    points_after bigint        NOT NULL,
    UNIQUE (account, operation_id)
);
CREATE INDEX ledger_account_seq ON ledger (account, seq DESC);
INSERT INTO member (id, points) SELECT i, i % 1000 FROM generate_series(1, :members) AS i;
VACUUM ANALYZE member;
