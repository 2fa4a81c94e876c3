-- The platform a case concerns, as a name from a known list (or "autre"):
-- for the statistics the association reports, never free text.
ALTER TABLE cases ADD COLUMN platform TEXT;
