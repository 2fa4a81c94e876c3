-- Failed sign-ins, counted where every server sharing the database sees them: by the client's
-- address, and by the address with the name tried. Scopes are keyed digests: neither an address
-- nor a name (which may be a password typed in the wrong field) is kept.
CREATE TABLE sign_in_failures (
    scope    BYTEA PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at  BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);

-- The hour's failures from everywhere, for the alarm: one row, made by the first failure.
CREATE TABLE sign_in_alarm (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    window_start BIGINT,
    failures     BIGINT NOT NULL,
    raised       BIGINT NOT NULL
);
