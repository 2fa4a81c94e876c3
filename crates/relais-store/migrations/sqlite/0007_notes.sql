-- Counsellors' notes on a case, sealed with the note's id as associated data.
CREATE TABLE case_notes (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    author     TEXT NOT NULL REFERENCES staff (id),
    body       BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);
