-- Meetups, their candidate dates and venues, votes, RSVPs and scheduled nudges.
-- Times are ISO-8601 text in UTC ("2026-11-28T17:00:00+00:00"); ids from Discord are integers.

CREATE TABLE meetups (
    id                      INTEGER PRIMARY KEY,
    guild_id                INTEGER NOT NULL,
    number                  INTEGER NOT NULL,
    channel_id              INTEGER NOT NULL,
    organizer_id            INTEGER NOT NULL,
    title                   TEXT    NOT NULL,
    details                 TEXT    NOT NULL DEFAULT '',
    status                  TEXT    NOT NULL DEFAULT 'polling'
                            CHECK (status IN ('polling', 'scheduled', 'done', 'cancelled')),
    created_at              TEXT    NOT NULL,
    closes_at               TEXT    NOT NULL,
    starts_at               TEXT,
    length_seconds          INTEGER,
    capacity                INTEGER CHECK (capacity IS NULL OR capacity > 0),
    min_people              INTEGER CHECK (min_people IS NULL OR min_people > 0),
    poll_message_id         INTEGER,
    announcement_message_id INTEGER,
    won_by_tie              INTEGER NOT NULL DEFAULT 0,
    venue_name              TEXT,
    venue_address           TEXT,
    venue_link              TEXT,
    private_address         INTEGER NOT NULL DEFAULT 0,
    cancel_reason           TEXT,
    UNIQUE (guild_id, number)
);
CREATE INDEX meetups_by_status ON meetups (status);
CREATE INDEX meetups_by_poll_message ON meetups (poll_message_id);
CREATE INDEX meetups_by_announcement ON meetups (announcement_message_id);

CREATE TABLE date_options (
    meetup_id   INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 10),
    starts_at   TEXT    NOT NULL,
    source_text TEXT    NOT NULL,
    PRIMARY KEY (meetup_id, position)
);

CREATE TABLE venue_options (
    meetup_id    INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 10),
    name         TEXT    NOT NULL,
    address      TEXT,
    link         TEXT,
    suggested_by INTEGER NOT NULL,
    PRIMARY KEY (meetup_id, position)
);

CREATE TABLE votes (
    meetup_id INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('date', 'venue')),
    position  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    voted_at  TEXT    NOT NULL,
    PRIMARY KEY (meetup_id, kind, position, user_id)
);

CREATE TABLE rsvps (
    meetup_id  INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('going', 'maybe', 'declined', 'waitlisted')),
    sequence   INTEGER NOT NULL,
    changed_at TEXT    NOT NULL,
    PRIMARY KEY (meetup_id, user_id)
);

CREATE TABLE nudges (
    id        INTEGER PRIMARY KEY,
    meetup_id INTEGER NOT NULL REFERENCES meetups (id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL,
    key       TEXT    NOT NULL DEFAULT '',
    due_at    TEXT    NOT NULL,
    state     TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped', 'cancelled')),
    sent_at   TEXT,
    late      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (meetup_id, kind, key)
);
CREATE INDEX nudges_pending_by_due ON nudges (due_at) WHERE state = 'pending';
