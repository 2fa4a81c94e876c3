-- Sign-in failures are no longer counted on the account (a lock a stranger
-- could set): the server slows the address that fails instead. A password
-- someone else chose (the one-time password of `relais staff add` or
-- `reset-password`) must be changed before anything else.
DROP VIEW staff_view;
ALTER TABLE staff DROP COLUMN failed_logins;
ALTER TABLE staff DROP COLUMN locked_until;
ALTER TABLE staff ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;

CREATE VIEW staff_view AS
SELECT id, name, role, password_hash, must_change_password, created_at, disabled_at,
       CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END AS has_totp
FROM staff;
