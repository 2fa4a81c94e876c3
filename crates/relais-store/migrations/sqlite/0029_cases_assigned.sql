-- Whose cases are whose: a counsellor's own cases, and whether they are on a call (checked at
-- every take), read without going through every case the helpline keeps.
CREATE INDEX cases_assigned ON cases (assigned_to, status);
