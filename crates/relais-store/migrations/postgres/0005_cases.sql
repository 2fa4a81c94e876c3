-- Cases and their queue. What the child said is added (sealed) with the
-- case file; the queue needs only what orders it.
CREATE TABLE cases (
    id          TEXT PRIMARY KEY,               -- UUIDv7
    channel     TEXT NOT NULL,
    category    TEXT NOT NULL,
    age_band    TEXT NOT NULL,
    minor       BIGINT NOT NULL,               -- 1: a minor or age unknown; 0: an adult
    risk        BIGINT NOT NULL,               -- 0 none, 1 low, 2 high, 3 immediate danger
    skill       TEXT NOT NULL,                  -- the counsellors it waits for
    status      TEXT NOT NULL,
    assigned_to TEXT REFERENCES staff (id),
    queued_at   BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
-- The queue, in answering order.
CREATE INDEX cases_queue ON cases (skill, status, risk DESC, minor DESC, queued_at, id);
