-- Channels that asked the bot to watch their conversation for plans to meet, and when it last
-- offered to plan one there (kept when watching is turned off, so toggling cannot skip the pause).

CREATE TABLE watched_channels (
    channel_id    INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    watching      INTEGER NOT NULL DEFAULT 1 CHECK (watching IN (0, 1)),
    last_offer_at TEXT
);
