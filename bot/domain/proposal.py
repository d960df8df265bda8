"""Reading a proposal: the ``dates`` field, the ``closes`` time and the other free-text options.

Every bad part is reported at once, each with its reason, so the organizer fixes the whole
field in one go instead of meeting the errors one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.errors import UserError
from bot.domain.messages import Joined, Message, lazy
from bot.domain.model import DateOption, VenueOption
from bot.domain.poll import MAX_DATE_OPTIONS, MAX_VENUE_OPTIONS
from bot.domain.text import clean_line
from bot.when import Found, parse_when

SEPARATOR = ";"
MAX_LISTED_PROBLEMS = 10
"""Enough to fix the field in one go, short enough for Discord's 2,000-character message limit."""
TIMED_GRAINS = ("minute", "hour")
MAX_AHEAD = timedelta(days=730)
"""How far ahead a meetup may be planned: further than two years is a typo, not a plan."""
MAX_POLL = timedelta(days=30)
"""How long a poll may stay open, typed with ``closes``."""


def split_field(text: str) -> list[str]:
    """The parts of a ``;``-separated field, cleaned of invisible characters, empty parts dropped."""
    return [part for part in (clean_line(piece) for piece in text.split(SEPARATOR)) if part]


@dataclass(frozen=True)
class Reading:
    """One candidate as the organizer typed it, and what it was understood as (or why not)."""

    text: str
    found: Found | None
    problem: Message | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def read_candidates(text: str, *, now: datetime, languages: Sequence[str]) -> list[Reading]:
    """Read each ``;``-separated candidate; problems are noted per candidate, not raised."""
    readings: list[Reading] = []
    seen: dict[datetime, str] = {}
    for position, part in enumerate(split_field(text), start=1):
        found = parse_when(part, now=now, languages=languages)
        if position > MAX_DATE_OPTIONS:
            problem = lazy("more than {most} candidates; keep the {most} best", most=MAX_DATE_OPTIONS)
        elif found is None:
            problem = lazy(
                "not a time I can read; write it like `fri 19:00`, `Dec 3 6pm` or `på lördag kl 19`"
            )
        elif found.grain not in TIMED_GRAINS:
            problem = lazy("a day without a time of day; add one, like `18:00`")
        elif found.start <= now:
            problem = lazy("in the past; choose a time that is still ahead")
        elif found.start - now > MAX_AHEAD:
            problem = lazy("more than 2 years ahead; choose a time within 2 years")
        elif found.start in seen:
            problem = lazy("the same time as `{other}`", other=clip(seen[found.start], 60))
        else:
            problem = None
            seen[found.start] = part
        readings.append(Reading(part, found, problem))
    return readings


def read_dates(text: str, *, now: datetime, languages: Sequence[str]) -> tuple[DateOption, ...]:
    """The candidate dates of a proposal, or a :class:`UserError` listing every bad part."""
    readings = read_candidates(text, now=now, languages=languages)
    if not readings:
        raise UserError(
            "`dates` is empty: give one or more times separated by `;`, like `fri 19:00; sat 18:00`"
        )
    bad = [reading for reading in readings if not reading.ok]
    if bad:
        shown = [
            lazy("• `{typed}`: {problem}", typed=clip(reading.text, 60), problem=reading.problem)
            for reading in bad[:MAX_LISTED_PROBLEMS]
        ]
        if len(bad) > MAX_LISTED_PROBLEMS:
            shown.append(lazy("• … and {count} more", count=len(bad) - MAX_LISTED_PROBLEMS))
        raise UserError(
            "Some of the `dates` need fixing; nothing was posted.\n{problems}", problems=Joined(tuple(shown))
        )
    return tuple(
        DateOption(position, reading.found.start, reading.text)
        for position, reading in enumerate(readings, start=1)
        if reading.found is not None
    )


def read_closes(
    text: str | None,
    *,
    now: datetime,
    languages: Sequence[str],
    default_duration: timedelta,
    earliest_candidate: datetime,
) -> datetime:
    """When voting ends: the typed time, or ``default_duration`` from now, clipped to the first date.

    With no ``closes`` given and the default falling after the earliest candidate, the poll closes
    halfway to it, so a meetup proposed for tomorrow can still be voted on; a ``closes`` typed by
    the organizer is taken as meant, and refused if it is too late.
    """
    if text is None or not text.strip():
        closes = now + default_duration
        if closes >= earliest_candidate:
            closes = now + (earliest_candidate - now) / 2
        return closes
    found = parse_when(text, now=now, languages=languages)
    if found is None:
        raise UserError(
            "`closes`: `{typed}` is not a time I can read; write it like `tomorrow 18:00` or `in 2 days`",
            typed=clip(text, 60),
        )
    if found.start <= now:
        raise UserError(
            "`closes`: `{typed}` is in the past; choose when voting should end", typed=clip(text, 60)
        )
    if found.start - now > MAX_POLL:
        raise UserError(
            "`closes`: `{typed}` is more than {days} days away; a poll stays open at most {days} days",
            typed=clip(text, 60),
            days=MAX_POLL.days,
        )
    if found.start >= earliest_candidate:
        raise UserError(
            "`closes`: voting must end before the earliest candidate; `{typed}` is at or after it",
            typed=clip(text, 60),
        )
    return found.start


def read_new_time(text: str, *, now: datetime, languages: Sequence[str]) -> datetime:
    """A meetup's new start, typed like a candidate date."""
    found = parse_when(text, now=now, languages=languages)
    if found is None:
        raise UserError(
            "`when`: `{typed}` is not a time I can read; write it like `sat 18:00`", typed=clip(text, 60)
        )
    if found.grain not in TIMED_GRAINS:
        raise UserError("`when`: `{typed}` has no time of day; add one, like `18:00`", typed=clip(text, 60))
    if found.start <= now:
        raise UserError(
            "`when`: `{typed}` is in the past; choose a time that is still ahead", typed=clip(text, 60)
        )
    if found.start - now > MAX_AHEAD:
        raise UserError(
            "`when`: `{typed}` is more than 2 years ahead; choose a time within 2 years", typed=clip(text, 60)
        )
    return found.start


def read_venues(text: str | None, *, suggested_by: int) -> tuple[VenueOption, ...]:
    """Venue names separated by ``;``; an address may follow a name after ``|`` (``Pressklubben | Vasagatan 1``)."""
    if text is None:
        return ()
    parts = split_field(text)
    if len(parts) > MAX_VENUE_OPTIONS:
        raise UserError(
            "`venues`: at most {most} venues; you gave {count}", most=MAX_VENUE_OPTIONS, count=len(parts)
        )
    venues = []
    seen: set[str] = set()
    for position, part in enumerate(parts, start=1):
        name, _, address = (piece.strip() for piece in part.partition("|"))
        if not name:
            raise UserError("`venues`: `{typed}` has no name before `|`", typed=clip(part, 60))
        if name.casefold() in seen:
            raise UserError("`venues`: `{typed}` is listed twice", typed=clip(name, 60))
        seen.add(name.casefold())
        venues.append(VenueOption(position, clip(name, 100), clip(address, 200) or None, None, suggested_by))
    return tuple(venues)


def clip(text: str, limit: int) -> str:
    """Shorten text for display inside `code`, marking the cut; backticks would end the code span."""
    text = text.replace("`", "ˋ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
