-- Reports read the ledger by kind and time (registrations per day, checkouts in a range, RFM) and members by
-- home store; without these they scan the whole ledger. Numbered 0005 so parallel branches' 0002–0004 fit.
CREATE INDEX IF NOT EXISTS ledger_kind_at ON ledger (kind, at);
CREATE INDEX IF NOT EXISTS grain_state_type_store ON grain_state (grain_type, store_id);
