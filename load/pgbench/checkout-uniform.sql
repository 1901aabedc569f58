-- One checkout of the stateless design for a uniformly random member: one transaction, durable commit.
\set id random(1, :members)
\set p random(1, 300)
BEGIN;
UPDATE stateless.member SET points = points + :p, spend = spend + :p WHERE id = :id RETURNING points AS after \gset
INSERT INTO stateless.ledger (account, operation_id, kind, at, points_delta, spend_delta, points_after)
VALUES ('member:' || :id, 'co-' || :client_id || '-' || txid_current(), 'checkout', now(), :p, :p, :after);
END;
