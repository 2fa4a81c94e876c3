-- Evidence on a case: where the content is and, if the child sent one, a
-- capture of it. The link, the platform's id and the file are sealed with the
-- case's data key (erased with it); the SHA-256 of the file stays in clear so
-- that an evidence bundle can prove the file unchanged without opening it.
CREATE TABLE case_evidence (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    url         BYTEA,
    content_id  BYTEA,
    media_type  TEXT,
    size        BIGINT,
    sha256      TEXT,
    file        BYTEA,
    captured_at BIGINT,
    added_by    TEXT REFERENCES staff (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX case_evidence_case ON case_evidence (case_id, created_at);
