-- Who reported (victim, parent, witness): the helpline's page for the code speaks to a parent as
-- an adult ("vous") and to a child as "tu". Handoffs made before stay unknown (read as "tu").
ALTER TABLE handoffs ADD COLUMN reporter_role TEXT;

DROP VIEW handoff_view;
CREATE VIEW handoff_view AS
SELECT h.id, h.client_id, c.name AS platform_name, h.country, h.category, h.age_band, h.reporter_role,
       h.created_at, h.expires_at, h.attached_at, h.code_digest, h.case_id
FROM handoffs h JOIN clients c ON c.id = h.client_id;
