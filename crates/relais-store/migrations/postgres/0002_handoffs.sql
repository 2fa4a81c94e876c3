-- Handoffs: the context a platform passes on with the child's consent.
-- The context is sealed (XChaCha20-Poly1305, the row id as associated data)
-- and erased when the handoff expires; the code is kept only as a keyed digest.
CREATE TABLE handoffs (
    id          TEXT PRIMARY KEY,               -- UUIDv7
    client_id   TEXT NOT NULL REFERENCES clients (id),
    code_digest BYTEA NOT NULL UNIQUE,
    country     TEXT NOT NULL,
    category    TEXT NOT NULL,
    age_band    TEXT NOT NULL,
    context     BYTEA,                           -- NULL once erased
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attached_at BIGINT
);
CREATE INDEX handoffs_expiry ON handoffs (expires_at) WHERE context IS NOT NULL;
