-- The audit trail: append-only, each row chained to the one before by
-- SHA-256, so that a changed or deleted row shows. No personal data: who
-- (a staff id or a system actor), did what, to which record.
CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY,            -- 1, 2, 3… without gaps
    at      INTEGER NOT NULL,               -- Unix milliseconds
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    hash    BLOB NOT NULL                   -- SHA-256(previous hash ‖ this row)
);
