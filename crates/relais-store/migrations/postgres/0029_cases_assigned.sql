-- Whose cases are whose: a counsellor's own cases, and whether they are on a call (checked at
-- every take: their phone case in progress since a given time), read without going through
-- every case the helpline keeps, or every case they hold.
CREATE INDEX cases_assigned ON cases (assigned_to, status, channel, created_at);
