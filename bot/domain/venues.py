"""Venue rules: who wins a venue vote, and how remembered places are ranked.

A venue tie is broken by how the group liked the places before (the server's memory), which is
a better guess at what people want than the order they were suggested in; the order decides
only when the memory cannot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.domain.errors import UserError
from bot.domain.model import VenueOption, Vote, VoteKind
from bot.domain.poll import voters
from bot.domain.text import clean_line


def venue_key(name: str) -> str:
    """How two spellings of one place are recognised as the same: case and spacing ignored."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class RememberedVenue:
    """A place the server has used, with what the group thought of it."""

    key: str
    name: str
    address: str | None
    link: str | None
    times_used: int
    rating: float | None
    ratings: int


@dataclass(frozen=True)
class VenueOutcome:
    venue: VenueOption | None
    tie: bool


def decide_venue(
    venues: Sequence[VenueOption], votes: Sequence[Vote], ratings: Mapping[str, float | None]
) -> VenueOutcome:
    """Most votes wins; a tie goes to the best past rating here, then to the first suggested."""
    if not venues:
        return VenueOutcome(None, False)
    counted = [(len(voters(votes, VoteKind.VENUE, v.position)), v) for v in venues]
    best = max(count for count, _ in counted)
    leaders = [venue for count, venue in counted if count == best]

    def preference(venue: VenueOption) -> tuple[float, int]:
        rating = ratings.get(venue_key(venue.name))
        return (-(rating if rating is not None else 0.0), venue.position)

    return VenueOutcome(min(leaders, key=preference), len(leaders) > 1)


def rank(venues: Sequence[RememberedVenue], typed: str = "") -> list[RememberedVenue]:
    """Remembered places matching what is typed, best rated first, then most used, then by name.

    A name starting with the typed text ranks above one that merely contains it, so "pre" finds
    "Pressklubben" before "Café Opera Pressroom".
    """
    wanted = venue_key(typed)
    matching = [v for v in venues if wanted in v.key]
    return sorted(
        matching,
        key=lambda v: (
            not v.key.startswith(wanted),
            -(v.rating if v.rating is not None else -1.0),
            -v.times_used,
            v.key,
        ),
    )


def complete_from_memory(
    venues: Sequence[VenueOption], remembered: Sequence[RememberedVenue]
) -> list[VenueOption]:
    """Fill in the address and link of places the server remembers, where none was given."""
    known = {v.key: v for v in remembered}
    completed = []
    for venue in venues:
        memory = known.get(venue_key(venue.name))
        if memory is None:
            completed.append(venue)
        else:
            completed.append(
                VenueOption(
                    venue.position,
                    venue.name,
                    venue.address or memory.address,
                    venue.link or memory.link,
                    venue.suggested_by,
                )
            )
    return completed


def memory_entry(venue: VenueOption, *, private_address: bool) -> tuple[str, str, str | None, str | None]:
    """What the server remembers of a used place: (key, name, address, link).

    A private address stays private: it is not kept where every member could list it.
    """
    return venue_key(venue.name), venue.name, None if private_address else venue.address, venue.link


MAX_NAME = 100
MAX_ADDRESS = 200
MAX_LINK = 300


def check_venue(name: str, address: str | None, link: str | None) -> tuple[str, str | None, str | None]:
    """A venue's fields, trimmed, or a :class:`UserError` saying which one is wrong."""
    name = clean_line(name)
    if not name:
        raise UserError("`name` is empty: give the place a name, like `Pressklubben`")
    if len(name) > MAX_NAME:
        raise UserError(
            "`{option}` is {length} characters long; keep it to {most}",
            option="name",
            length=len(name),
            most=MAX_NAME,
        )
    address = clean_line(address) if address else None
    if address and len(address) > MAX_ADDRESS:
        raise UserError(
            "`{option}` is {length} characters long; keep it to {most}",
            option="address",
            length=len(address),
            most=MAX_ADDRESS,
        )
    link = link.strip() if link else None
    if link and not is_plain_link(link):
        raise UserError("`link` must be a plain web address starting with https://, like a map link")
    return name, address or None, link or None


def is_plain_link(link: str) -> bool:
    """An http(s) address with a host and none of the characters that could end a markdown link
    or start another one; anything else could hide a different link behind the venue's name."""
    if len(link) > MAX_LINK or any(char in link for char in "()[]<>\"'`\\") or any(c.isspace() for c in link):
        return False
    parts = urlsplit(link)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
