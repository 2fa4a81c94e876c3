-- The web origins a platform serves its pages from: the only ones that may
-- frame the two-choice page, and the only ones a "Report to …" link may lead
-- to. An origin is `scheme://host[:port]`, written as the server normalised it.
CREATE TABLE client_origins (
    client_id  TEXT NOT NULL REFERENCES clients (id),
    origin     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, origin)
);
