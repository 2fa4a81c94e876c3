-- What a child can come back with (kept only as keyed digests), the school
-- level for the statistics, and the case file: what the child wrote, links,
-- how to reach them, sealed with the row id as associated data.
ALTER TABLE cases ADD COLUMN reference_digest BYTEA;
ALTER TABLE cases ADD COLUMN word_digest BYTEA;
ALTER TABLE cases ADD COLUMN school_level TEXT;
ALTER TABLE cases ADD COLUMN details BYTEA;
CREATE UNIQUE INDEX cases_reference ON cases (reference_digest);
