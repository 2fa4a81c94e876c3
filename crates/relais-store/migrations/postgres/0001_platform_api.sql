-- API clients: the platforms that ask for referrals, and the helpline's own
-- admin keys. Only the SHA-256 of a key's secret is kept.
CREATE TABLE clients (
    id          TEXT PRIMARY KEY,           -- UUIDv7
    key_id      TEXT NOT NULL UNIQUE,       -- the public part of the key
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('platform', 'admin')),
    secret_hash BYTEA NOT NULL,
    created_at  BIGINT NOT NULL,           -- Unix milliseconds, UTC
    revoked_at  BIGINT
);
-- A name is unique among the keys still in force; a revoked platform may be added again.
CREATE UNIQUE INDEX clients_active_name ON clients (kind, name) WHERE revoked_at IS NULL;

-- Referral counts by day and dimension. No request-level row is ever stored.
CREATE TABLE referral_counts (
    client_id TEXT NOT NULL REFERENCES clients (id),
    day       TEXT NOT NULL,                -- UTC date, YYYY-MM-DD
    country   TEXT NOT NULL,
    category  TEXT NOT NULL,
    age_band  TEXT NOT NULL,
    surface   TEXT NOT NULL,                -- '' when the platform did not say
    decision  TEXT NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (client_id, day, country, category, age_band, surface, decision)
);
