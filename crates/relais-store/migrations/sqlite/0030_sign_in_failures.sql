-- Failed sign-ins, counted where every server sharing the database sees them: by the client's
-- address, and by the address with the name tried. Scopes are keyed digests: neither an address
-- nor a name (which may be a password typed in the wrong field) is kept.
CREATE TABLE sign_in_failures (
    scope    BLOB PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at  INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);

-- The hour's failures from everywhere, for the alarm: one row, made by the first failure.
CREATE TABLE sign_in_alarm (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    window_start INTEGER,
    failures     INTEGER NOT NULL,
    raised       INTEGER NOT NULL
);
