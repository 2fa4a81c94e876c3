-- Messaging apps (WhatsApp, Messenger, Instagram) into the same conversations.

-- The accounts an operator connected: where the webhooks come (/webhooks/meta/{name}), the
-- account's id at the platform, and its secrets (app secret, access token, verify token), sealed.
CREATE TABLE messaging_channels (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('whatsapp', 'messenger', 'instagram')),
    account_id  TEXT NOT NULL,
    secrets     BYTEA NOT NULL,
    -- WhatsApp: the approved template that asks the child to write again (name and language).
    template    TEXT,
    created_at  BIGINT NOT NULL,
    removed_at  BIGINT
);
-- A name is the channel's while it is connected; a channel removed frees it (its rows stay).
CREATE UNIQUE INDEX messaging_channels_name ON messaging_channels (name) WHERE removed_at IS NULL;

-- Whoever writes from an app: found again by a keyed digest of their address, which is kept
-- sealed (it is needed to reply) and shown masked. A profile name is never kept.
CREATE TABLE messaging_senders (
    id            TEXT PRIMARY KEY,
    channel_id    TEXT NOT NULL REFERENCES messaging_channels (id),
    digest        BYTEA NOT NULL,
    address       BYTEA NOT NULL,
    masked        TEXT NOT NULL,
    blocked_until BIGINT,
    created_at    BIGINT NOT NULL,
    UNIQUE (channel_id, digest)
);

ALTER TABLE conversations ADD COLUMN sender_id TEXT REFERENCES messaging_senders (id);
-- The child's last message: the platform's messaging window is counted from it.
ALTER TABLE conversations ADD COLUMN last_inbound_at BIGINT;
CREATE INDEX conversations_sender ON conversations (sender_id, state);

-- Webhook bodies as they came, sealed, stored before the platform is answered and taken in after.
CREATE TABLE messaging_inbox (
    id              TEXT PRIMARY KEY,
    channel_id      TEXT NOT NULL REFERENCES messaging_channels (id),
    body            BYTEA NOT NULL,
    received_at     BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT
);
CREATE INDEX messaging_inbox_due ON messaging_inbox (next_attempt_at);

-- The platform's message ids already taken in: a delivery the platform repeats is stored once.
CREATE TABLE messaging_seen (
    channel_id  TEXT NOT NULL REFERENCES messaging_channels (id),
    external_id TEXT NOT NULL,
    seen_at     BIGINT NOT NULL,
    PRIMARY KEY (channel_id, external_id)
);

-- A message's id at the platform, and how far a reply got (queued, sent, delivered, read, failed).
ALTER TABLE conversation_messages ADD COLUMN external_id TEXT;
ALTER TABLE conversation_messages ADD COLUMN delivery TEXT;
ALTER TABLE conversation_messages ADD COLUMN delivery_error TEXT;
CREATE INDEX conversation_messages_external ON conversation_messages (external_id);

-- Replies waiting to leave for an app, retried with backoff, given up on for the supervisors.
CREATE TABLE messaging_outbox (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq             BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    done_at         BIGINT,
    dead_at         BIGINT,
    last_error      TEXT,
    PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX messaging_outbox_due ON messaging_outbox (next_attempt_at);
