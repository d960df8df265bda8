-- The recap after a meetup: its prompt, thread and summary; who wants to meet again; repeats.

CREATE TABLE recaps (
    meetup_id     INTEGER PRIMARY KEY REFERENCES meetups (id) ON DELETE CASCADE,
    message_id    INTEGER NOT NULL,
    thread_id     INTEGER,
    posted_at     TEXT    NOT NULL,
    offered_at    TEXT,
    summarized_at TEXT,
    highlights    INTEGER
);
CREATE INDEX recaps_by_message ON recaps (message_id);

CREATE TABLE again_votes (
    meetup_id INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    PRIMARY KEY (meetup_id, user_id)
);

ALTER TABLE meetups ADD COLUMN repeat_of INTEGER REFERENCES meetups (id);
