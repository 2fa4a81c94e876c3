-- Crypto-shredding: each case has its own data key, kept only wrapped by the
-- master key. Erasing a case deletes its key (and its sealed text), so what
-- was sealed under it can never be read again, from any copy.
CREATE TABLE case_keys (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    wrapped BLOB NOT NULL
);
ALTER TABLE cases ADD COLUMN closed_at INTEGER;
ALTER TABLE cases ADD COLUMN erased_at INTEGER;
