-- The server's memory of places, and members' ratings of meetups (which rate the venue too).

CREATE TABLE venues (
    guild_id   INTEGER NOT NULL,
    key        TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    address    TEXT,
    link       TEXT,
    PRIMARY KEY (guild_id, key)
);

ALTER TABLE meetups ADD COLUMN venue_key TEXT;
CREATE INDEX meetups_by_venue ON meetups (guild_id, venue_key);

CREATE TABLE ratings (
    meetup_id INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    stars     INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_at  TEXT    NOT NULL,
    PRIMARY KEY (meetup_id, user_id)
);
