-- Per-server settings (unset columns fall back to the config file), calendar sequence numbers
-- and Discord scheduled events of meetups.

CREATE TABLE guild_settings (
    guild_id              INTEGER PRIMARY KEY,
    timezone              TEXT,
    languages             TEXT,
    reminder_offsets      TEXT,
    poll_duration_seconds INTEGER,
    recap_delay_seconds   INTEGER,
    scheduled_events      INTEGER,
    events_hint_shown     INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE meetups ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetups ADD COLUMN scheduled_event_id INTEGER;
ALTER TABLE meetups ADD COLUMN events_hint INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetups ADD COLUMN timezone TEXT;
