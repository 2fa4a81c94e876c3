-- Each audit row's hash, under a key derived from the master key: whoever can
-- write to the database without the key cannot rewrite the chain to match.
-- Rows written before have none; a row after the first keyed one must have one.
ALTER TABLE audit_log ADD COLUMN mac BYTEA;
