-- How a case ended, from a fixed list (for the association's yearly figures),
-- and the platform reports that became part of a case.
ALTER TABLE cases ADD COLUMN outcome TEXT;
ALTER TABLE handoffs ADD COLUMN case_id TEXT REFERENCES cases (id);
CREATE INDEX handoffs_case ON handoffs (case_id);
