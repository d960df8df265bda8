"""The server's memory of places: rows for names and addresses, figures computed from meetups."""

from __future__ import annotations

from sqlalchemy import Float, and_, cast, func, select

from bot.db.database import Database
from bot.db.schema import meetups, ratings, rsvps, venues
from bot.db.sql import upsert
from bot.domain.venues import RememberedVenue


class VenueRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def remember(
        self, guild_id: int, key: str, name: str, address: str | None, link: str | None
    ) -> None:
        """Keep a place; a later use may fill in an address or link it lacked, never erase one."""
        statement = upsert(self._db, venues).values(
            guild_id=guild_id, key=key, name=name, address=address, link=link
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["guild_id", "key"],
                set_={
                    "name": statement.excluded.name,
                    "address": func.coalesce(statement.excluded.address, venues.c.address),
                    "link": func.coalesce(statement.excluded.link, venues.c.link),
                },
            )
        )

    async def in_guild(self, guild_id: int) -> list[RememberedVenue]:
        """Every remembered place with its use count and the average of attendees' ratings."""
        at_this_venue = and_(meetups.c.guild_id == venues.c.guild_id, meetups.c.venue_key == venues.c.key)
        times_used = (
            select(func.count())
            .select_from(meetups)
            .where(at_this_venue, meetups.c.status.in_(["scheduled", "done"]))
            .scalar_subquery()
        )
        attendees_ratings = ratings.join(meetups, meetups.c.id == ratings.c.meetup_id).join(
            rsvps,
            and_(
                rsvps.c.meetup_id == ratings.c.meetup_id,
                rsvps.c.user_id == ratings.c.user_id,
                rsvps.c.status == "going",
            ),
        )
        rating = (
            select(cast(func.avg(ratings.c.stars), Float))
            .select_from(attendees_ratings)
            .where(at_this_venue)
            .scalar_subquery()
        )
        count = select(func.count()).select_from(attendees_ratings).where(at_this_venue).scalar_subquery()
        rows = await self._db.fetch_all(
            select(
                venues.c.key,
                venues.c.name,
                venues.c.address,
                venues.c.link,
                times_used.label("times_used"),
                rating.label("rating"),
                count.label("ratings"),
            ).where(venues.c.guild_id == guild_id)
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
