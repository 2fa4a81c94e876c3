-- A platform's target per category ("csam=30,sextortion=30"), over its
-- general one; empty for most platforms.
ALTER TABLE connectors ADD COLUMN category_sla TEXT;
