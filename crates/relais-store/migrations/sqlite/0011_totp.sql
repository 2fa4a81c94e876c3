-- An optional second factor: a TOTP secret (RFC 6238), sealed with the master
-- key, and the last time step accepted, so that a code is never used twice.
ALTER TABLE staff ADD COLUMN totp_secret BLOB;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
