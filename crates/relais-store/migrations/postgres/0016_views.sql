-- What the store reads of a staff member, a handoff, an item of evidence and
-- a notice, each with what it is read with (the platform's name, the author's
-- name, the delivery attempts), so that each query names its rows in a
-- statement written whole rather than a column list repeated.

CREATE VIEW staff_view AS
SELECT id, name, role, password_hash, failed_logins, locked_until, created_at, disabled_at,
       CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END AS has_totp
FROM staff;

CREATE VIEW handoff_view AS
SELECT h.id, h.client_id, c.name AS platform_name, h.country, h.category, h.age_band,
       h.created_at, h.expires_at, h.attached_at, h.code_digest, h.case_id
FROM handoffs h JOIN clients c ON c.id = h.client_id;

CREATE VIEW evidence_view AS
SELECT e.id, e.case_id, e.url, e.content_id, e.media_type, e.size, e.sha256, e.captured_at,
       e.created_at, s.name AS added_by_name
FROM case_evidence e LEFT JOIN staff s ON s.id = e.added_by;

CREATE VIEW notice_view AS
SELECT n.id, n.case_id, n.client_id, c.name AS platform_name, n.category, n.statement_category,
       n.action_asked, n.age_band, n.status, n.sla_minutes, n.drafted_by, n.approved_by, n.created_at,
       n.approved_at, n.delivered_at, n.acknowledged_at, n.decided_at, n.decision, n.decision_json,
       COALESCE(o.attempts, 0) AS attempts, o.last_error, n.appeal_of
FROM notices n JOIN clients c ON c.id = n.client_id LEFT JOIN notice_outbox o ON o.notice_id = n.id;
