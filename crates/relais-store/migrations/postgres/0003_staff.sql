-- Staff accounts and their server-side sessions. Passwords are argon2id PHC
-- strings; sessions are found by a digest of their token, never the token.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,             -- UUIDv7
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('listener', 'psychologist', 'jurist', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until  BIGINT,
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

CREATE TABLE staff_sessions (
    token_digest BYTEA PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
