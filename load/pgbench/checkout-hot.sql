-- The same checkout, every client on one member: the row lock serialises the transactions (one commit at a time).
\set p random(1, 300)
BEGIN;
UPDATE stateless.member SET points = points + :p, spend = spend + :p WHERE id = 1 RETURNING points AS after \gset
INSERT INTO stateless.ledger (account, operation_id, kind, at, points_delta, spend_delta, points_after)
VALUES ('member:1', 'co-' || :client_id || '-' || txid_current(), 'checkout', now(), :p, :p, :after);
END;
