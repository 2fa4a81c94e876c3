-- What platforms report of a listed hash: a match found, and what they did. Counted on the case
-- and in the yearly trusted-flagger report; the content itself is never sent.
CREATE TABLE hash_matches (
    id          TEXT PRIMARY KEY,            -- UUIDv7
    hash_id     TEXT NOT NULL REFERENCES image_hashes (id),
    client_id   TEXT NOT NULL REFERENCES clients (id),
    action      TEXT NOT NULL,               -- 'removed', 'blocked', 'restricted', 'none'
    distance    BIGINT NOT NULL,
    reported_at BIGINT NOT NULL
);
CREATE INDEX hash_matches_hash ON hash_matches (hash_id);
