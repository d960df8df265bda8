"""The server's memory of places: rows for names and addresses, figures computed from meetups."""

from __future__ import annotations

from bot.db.database import Database
from bot.domain.venues import RememberedVenue


class VenueRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def remember(
        self, guild_id: int, key: str, name: str, address: str | None, link: str | None
    ) -> None:
        """Keep a place; a later use may fill in an address or link it lacked, never erase one."""
        await self._db.execute(
            "INSERT INTO venues (guild_id, key, name, address, link) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, key) DO UPDATE SET name = excluded.name,"
            " address = COALESCE(excluded.address, venues.address), link = COALESCE(excluded.link, venues.link)",
            (guild_id, key, name, address, link),
        )

    async def in_guild(self, guild_id: int) -> list[RememberedVenue]:
        """Every remembered place with its use count and the average of attendees' ratings."""
        rows = await self._db.fetch_all(
            """
            SELECT v.key, v.name, v.address, v.link,
                   (SELECT COUNT(*) FROM meetups m
                     WHERE m.guild_id = v.guild_id AND m.venue_key = v.key
                       AND m.status IN ('scheduled', 'done')) AS times_used,
                   (SELECT AVG(r.stars) FROM ratings r
                      JOIN meetups m ON m.id = r.meetup_id
                      JOIN rsvps s ON s.meetup_id = r.meetup_id AND s.user_id = r.user_id AND s.status = 'going'
                     WHERE m.guild_id = v.guild_id AND m.venue_key = v.key) AS rating,
                   (SELECT COUNT(*) FROM ratings r
                      JOIN meetups m ON m.id = r.meetup_id
                      JOIN rsvps s ON s.meetup_id = r.meetup_id AND s.user_id = r.user_id AND s.status = 'going'
                     WHERE m.guild_id = v.guild_id AND m.venue_key = v.key) AS ratings
              FROM venues v
             WHERE v.guild_id = ?
            """,
            (guild_id,),
        )
        return [
            RememberedVenue(
                row["key"],
                row["name"],
                row["address"],
                row["link"],
                row["times_used"],
                row["rating"],
                row["ratings"],
            )
            for row in rows
        ]
