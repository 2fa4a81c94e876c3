-- Answers a supervisor keeps ready for the counsellors' chats, in French and
-- English: what the line says the same way every time (opening hours, how to
-- keep evidence, the emergency numbers). Not about any child: kept in clear.
CREATE TABLE canned_answers (
    id         TEXT PRIMARY KEY,
    locale     TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
