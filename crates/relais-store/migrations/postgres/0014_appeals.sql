-- An Art. 20 complaint against a platform's refusal is a notice of its own
-- (own clock, own outcome) that points at the decision it contests.
ALTER TABLE notices ADD COLUMN appeal_of TEXT REFERENCES notices (id);
