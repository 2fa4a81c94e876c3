-- What children answered after their contact: counts by channel and month only, never a row
-- per answer, never a case's id, so that no reply can be read back to a child.
CREATE TABLE survey_counts (
    channel  TEXT NOT NULL,
    month    TEXT NOT NULL,
    question TEXT NOT NULL,
    answer   TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (channel, month, question, answer)
);
-- How many answered, by channel and month (a child may leave every question out).
CREATE TABLE survey_responses (
    channel   TEXT NOT NULL,
    month     TEXT NOT NULL,
    responses INTEGER NOT NULL,
    PRIMARY KEY (channel, month)
);
-- That a case's child answered already: a keyed digest of the case's id, nothing else.
CREATE TABLE survey_taken (
    digest   BLOB PRIMARY KEY,
    taken_at INTEGER NOT NULL
);
