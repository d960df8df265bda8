"""Venue rules: the tie rule on close, and how remembered places are ranked."""

import pytest

from bot.domain.model import VenueOption, Vote, VoteKind
from bot.domain.venues import (
    RememberedVenue,
    complete_from_memory,
    decide_venue,
    memory_entry,
    rank,
    venue_key,
)

PRESS, VEGA, PELIKAN = (
    VenueOption(1, "Pressklubben"),
    VenueOption(2, "Kafé Vega"),
    VenueOption(3, "Pelikan"),
)


def venue_votes(*pairs: tuple[int, int]) -> list[Vote]:
    return [Vote(VoteKind.VENUE, position, user) for position, user in pairs]


@pytest.mark.parametrize(
    ("votes", "ratings", "winner", "tie"),
    [
        (venue_votes((2, 1), (2, 2), (1, 3)), {}, "Kafé Vega", False),
        (venue_votes((1, 1), (2, 2)), {}, "Pressklubben", True),
        (venue_votes((1, 1), (2, 2)), {"kafé vega": 4.5, "pressklubben": 3.0}, "Kafé Vega", True),
        (venue_votes((1, 1), (2, 2)), {"kafé vega": None, "pressklubben": 2.0}, "Pressklubben", True),
        (venue_votes((3, 1), (2, 2)), {"pelikan": 4.0, "kafé vega": 4.0}, "Kafé Vega", True),
        (venue_votes((1, 1), (2, 2), (3, 3), (3, 4)), {"pressklubben": 5.0}, "Pelikan", False),
        ([], {}, "Pressklubben", True),
    ],
)
def test_decide_venue(votes: list[Vote], ratings: dict, winner: str, tie: bool) -> None:
    """Most votes win; a tie goes to the best past rating here, then to the first suggested."""
    outcome = decide_venue([PRESS, VEGA, PELIKAN], votes, ratings)
    assert outcome.venue is not None
    assert outcome.venue.name == winner
    assert outcome.tie is tie


def test_no_venue_options() -> None:
    """Without options there is no venue yet (the organizer sets one later)."""
    assert decide_venue([], [], {}).venue is None


def remembered(name: str, used: int, rating: float | None) -> RememberedVenue:
    return RememberedVenue(venue_key(name), name, None, None, used, rating, 0 if rating is None else 3)


MEMORY = [
    remembered("Pelikan", 1, None),
    remembered("Pressklubben", 3, 4.0),
    remembered("Café Opera Pressroom", 5, 4.0),
    remembered("Kafé Vega", 2, 4.8),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["Kafé Vega", "Café Opera Pressroom", "Pressklubben", "Pelikan"]),
        ("p", ["Pressklubben", "Pelikan", "Café Opera Pressroom"]),
        ("pre", ["Pressklubben", "Café Opera Pressroom"]),
        ("PRESS", ["Pressklubben", "Café Opera Pressroom"]),
        ("  kafé  ", ["Kafé Vega"]),
        ("zzz", []),
    ],
)
def test_rank(typed: str, expected: list[str]) -> None:
    """Matches rank by name prefix, then rating, then use; case and spacing don't matter."""
    assert [v.name for v in rank(MEMORY, typed)] == expected


def test_memory_fills_missing_address_only() -> None:
    """A remembered place lends its address and link where none was typed, never over a typed one."""
    memory = [RememberedVenue("pressklubben", "Pressklubben", "Vasagatan 1", "https://map", 2, None, 0)]
    typed = [VenueOption(1, "pressklubben"), VenueOption(2, "Pressklubben", "Other street 2")]
    completed = complete_from_memory(typed, memory)
    assert (completed[0].address, completed[0].link) == ("Vasagatan 1", "https://map")
    assert completed[1].address == "Other street 2"


def test_private_addresses_are_not_remembered() -> None:
    """A place used with a private address is remembered without it."""
    venue = VenueOption(1, "Home", "Secret road 5")
    assert memory_entry(venue, private_address=True) == ("home", "Home", None, None)
    assert memory_entry(venue, private_address=False)[2] == "Secret road 5"
