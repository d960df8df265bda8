"""Recap rules: ratings from reactions, the "again?" threshold, and naming the next meetup.

The recap prompt's reactions double as attendance: a member who rates the meetup came to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.domain.poll import KEYCAPS

RATING_EMOJI = KEYCAPS[:5]
AGAIN_EMOJI = "🔁"
RECAP_EMOJI = (*RATING_EMOJI, AGAIN_EMOJI)
_NUMBERED = re.compile(r"^(?P<base>.*\S)\s+#(?P<number>\d+)$")


def stars_for(emoji: str) -> int | None:
    """1 to 5 for the rating keycaps, None for anything else."""
    return RATING_EMOJI.index(emoji) + 1 if emoji in RATING_EMOJI else None


def again_threshold(attendees: int) -> int:
    """Half of the attendees, rounded up, and never fewer than two people."""
    return max(2, math.ceil(attendees / 2))


def wants_again(again_voters: Collection[int], attendees: Collection[int], organizer_id: int) -> bool:
    """Whether to offer the next meetup: the organizer asked, or enough attendees did."""
    if organizer_id in again_voters:
        return True
    return len(set(again_voters) & set(attendees)) >= again_threshold(len(attendees))


def next_title(title: str) -> str:
    """ "Pizza" → "Pizza #2", "Pizza #2" → "Pizza #3"."""
    numbered = _NUMBERED.match(title)
    if numbered:
        return f"{numbered['base']} #{int(numbered['number']) + 1}"
    return f"{title} #2"


@dataclass(frozen=True)
class RecapSummary:
    """How the meetup went, as /meetup show tells it."""

    going: tuple[int, ...]
    came: tuple[int, ...]
    average: float | None
    ratings: int
    highlights: int | None
    repeated: bool


def summarize(
    going: Collection[int],
    ratings: Mapping[int, int],
    *,
    highlights: int | None,
    repeated: bool,
) -> RecapSummary:
    """Attendees' ratings make the average; everyone who rated counts as having come."""
    counted = [stars for user_id, stars in ratings.items() if user_id in going]
    average = sum(counted) / len(counted) if counted else None
    return RecapSummary(
        going=tuple(going),
        came=tuple(ratings),
        average=average,
        ratings=len(counted),
        highlights=highlights,
        repeated=repeated,
    )
