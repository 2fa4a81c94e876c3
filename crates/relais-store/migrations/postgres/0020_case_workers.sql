-- Who worked on which case (took it, was given it, wrote in it, moved it):
-- with the queue and the assignment, what a counsellor may open. Written in
-- the transaction of the work itself; filled here from what the cases show.
CREATE TABLE case_workers (
    case_id  TEXT NOT NULL REFERENCES cases (id),
    staff_id TEXT NOT NULL REFERENCES staff (id),
    since    BIGINT NOT NULL,
    PRIMARY KEY (case_id, staff_id)
);
CREATE INDEX case_workers_staff ON case_workers (staff_id);

INSERT INTO case_workers (case_id, staff_id, since)
SELECT case_id, staff_id, MIN(at) FROM (
    SELECT id AS case_id, assigned_to AS staff_id, updated_at AS at FROM cases WHERE assigned_to IS NOT NULL
    UNION ALL SELECT case_id, author, created_at FROM case_notes
    UNION ALL SELECT case_id, added_by, created_at FROM case_evidence WHERE added_by IS NOT NULL
    UNION ALL SELECT case_id, drafted_by, created_at FROM notices WHERE drafted_by IS NOT NULL
    UNION ALL SELECT case_id, approved_by, approved_at FROM notices WHERE approved_by IS NOT NULL
) AS work
GROUP BY case_id, staff_id;
