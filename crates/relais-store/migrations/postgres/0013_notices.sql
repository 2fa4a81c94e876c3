-- Trusted-flagger notices to platforms, their outbox and the platforms'
-- connectors. What the yearly report counts (platform, category, action,
-- times, decision) stays in clear and holds no personal data; the notice's
-- body is sealed with its case's key and erased with the case.
CREATE TABLE connectors (
    client_id        TEXT PRIMARY KEY REFERENCES clients (id),
    endpoint         TEXT NOT NULL,
    secret           BYTEA NOT NULL,
    sla_minutes      BIGINT NOT NULL,
    fallback_contact TEXT,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE notices (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases (id),
    client_id          TEXT NOT NULL REFERENCES clients (id),
    category           TEXT NOT NULL,
    statement_category TEXT NOT NULL,
    action_asked       TEXT NOT NULL,
    age_band           TEXT NOT NULL,
    status             TEXT NOT NULL,
    body               BYTEA,
    sla_minutes        BIGINT NOT NULL,
    drafted_by         TEXT NOT NULL REFERENCES staff (id),
    approved_by        TEXT REFERENCES staff (id),
    created_at         BIGINT NOT NULL,
    approved_at        BIGINT,
    delivered_at       BIGINT,
    acknowledged_at    BIGINT,
    decided_at         BIGINT,
    decision           TEXT,
    decision_json      TEXT
);
CREATE INDEX notices_client ON notices (client_id, status);
CREATE INDEX notices_case ON notices (case_id);

CREATE TABLE notice_outbox (
    notice_id       TEXT PRIMARY KEY REFERENCES notices (id),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    done_at         BIGINT,
    dead_at         BIGINT
);
CREATE INDEX notice_outbox_due ON notice_outbox (next_attempt_at) WHERE done_at IS NULL AND dead_at IS NULL;
