-- Per-recipient deliveries of a nudge, members' preferences, and the names members go by.

CREATE TABLE deliveries (
    nudge_id INTEGER NOT NULL REFERENCES nudges (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    status   TEXT    NOT NULL,
    state    TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'unreachable')),
    done_at  TEXT,
    PRIMARY KEY (nudge_id, user_id)
);

CREATE TABLE member_prefs (
    user_id   INTEGER PRIMARY KEY,
    reminders INTEGER NOT NULL DEFAULT 1,
    timezone  TEXT
);

CREATE TABLE members (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    display_name TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

ALTER TABLE nudges ADD COLUMN fallback_message_id INTEGER;
