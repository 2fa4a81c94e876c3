-- Staff accounts and their server-side sessions. Passwords are argon2id PHC
-- strings; sessions are found by a digest of their token, never the token.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,             -- UUIDv7
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('listener', 'psychologist', 'jurist', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

CREATE TABLE staff_sessions (
    token_digest BLOB PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at     INTEGER
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
