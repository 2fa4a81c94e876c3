-- The PDQ hashes of a child's intimate images, computed on the child's phone: never the image,
-- never who the child is. A hash joins the list platforms fetch once a counsellor confirms it,
-- and leaves it (a tombstone in the feed) when the child withdraws it.
CREATE TABLE image_hashes (
    id           TEXT PRIMARY KEY,           -- UUIDv7
    case_id      TEXT NOT NULL REFERENCES cases (id),
    hash         TEXT NOT NULL,              -- 64 hexadecimal digits
    quality      BIGINT NOT NULL,
    dihedral     TEXT NOT NULL,              -- the seven turned and flipped hashes, space-separated
    added_at     BIGINT NOT NULL,
    confirmed_at BIGINT,
    confirmed_by TEXT REFERENCES staff (id),
    withdrawn_at BIGINT,
    UNIQUE (case_id, hash)
);
CREATE INDEX image_hashes_case ON image_hashes (case_id);

-- What platforms fetch, in order: a hash added to the list, or taken off it.
CREATE TABLE hash_feed (
    seq     BIGSERIAL PRIMARY KEY,
    hash_id TEXT NOT NULL REFERENCES image_hashes (id),
    action  TEXT NOT NULL,                   -- 'add' or 'remove'
    at      BIGINT NOT NULL
);
