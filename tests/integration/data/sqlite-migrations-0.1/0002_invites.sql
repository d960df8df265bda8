-- Members invited to a poll (told by DM, nudged once if they have not voted).

CREATE TABLE invites (
    meetup_id INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    PRIMARY KEY (meetup_id, user_id)
);
