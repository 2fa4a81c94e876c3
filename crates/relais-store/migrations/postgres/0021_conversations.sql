-- Conversations (the web chat now, messaging apps next): each belongs to a
-- case, waits in the case's queue, is held by a counsellor, and numbers its
-- messages in order. A message's body is sealed with the case's key; the
-- child's resume token is kept only as a keyed digest, and forgotten when
-- the case is erased.
CREATE TABLE conversations (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    channel      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'ended')),
    token_digest BYTEA UNIQUE,
    last_seq     BIGINT NOT NULL DEFAULT 0,
    held_by      TEXT REFERENCES staff (id),
    locale       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX conversations_case ON conversations (case_id);
CREATE INDEX conversations_held ON conversations (held_by, state);

CREATE TABLE conversation_messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             BIGINT NOT NULL,
    author          TEXT NOT NULL CHECK (author IN ('child', 'counsellor', 'system')),
    staff_id        TEXT REFERENCES staff (id),
    body            BYTEA NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

-- How many conversations each counsellor holds at once.
ALTER TABLE staff ADD COLUMN chat_capacity BIGINT NOT NULL DEFAULT 3;
