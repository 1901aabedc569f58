-- Notification outbox (documents of collection 'outbox') read in commit order, with acknowledgements and
-- per-webhook delivery state.

-- seq: a row's position (the API cursor). tx: the writing transaction. Sequence values are taken before commit,
-- so a lower seq can become visible after a higher one; readers therefore page over (tx, seq) and only return
-- rows whose transaction is older than every transaction still running (pg_snapshot_xmin). No row can appear
-- later below that bound, so a reader that follows the cursor never skips one.
ALTER TABLE documents ADD COLUMN seq bigserial;
ALTER TABLE documents ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE INDEX documents_collection_tx_seq ON documents (collection, tx, seq);

-- Integrator acknowledgements (POST /api/v1/notifications/{eventId}/ack); the first one wins.
CREATE TABLE outbox_ack (
    event_id text        PRIMARY KEY,
    acked_at timestamptz NOT NULL
);

-- How far the webhook fan-out has read the outbox (one row per reader name).
CREATE TABLE outbox_cursor (
    name     text   PRIMARY KEY,
    last_seq bigint NOT NULL
);

-- One row per (event, webhook): at-least-once delivery with back-off, dead after MaxAttempts.
CREATE TABLE outbox_delivery (
    event_id        text        NOT NULL,
    webhook         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    delivered_at    timestamptz,
    PRIMARY KEY (event_id, webhook)
);

CREATE INDEX outbox_delivery_due ON outbox_delivery (next_attempt_at) WHERE status = 'pending';
