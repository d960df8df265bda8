"""Poll rules: which reaction is which option, tallying approval votes, and who wins.

Approval voting (every member may pick every date that suits them) fits a meetup better than
one vote each: the goal is the date the most people can make, not a favourite.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.messages import Message, lazy
from bot.domain.model import DateOption, Vote, VoteKind

KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
LETTERS = ("🇦", "🇧", "🇨", "🇩", "🇪", "🇫", "🇬", "🇭", "🇮", "🇯")
MAX_DATE_OPTIONS = len(KEYCAPS)
MAX_VENUE_OPTIONS = len(LETTERS)
MAX_REACTIONS_PER_MESSAGE = 20


def emoji_for(kind: VoteKind, position: int) -> str:
    return (KEYCAPS if kind is VoteKind.DATE else LETTERS)[position - 1]


def option_for_emoji(emoji: str) -> tuple[VoteKind, int] | None:
    """The option a reaction votes for, or None for any other emoji."""
    if emoji in KEYCAPS:
        return VoteKind.DATE, KEYCAPS.index(emoji) + 1
    if emoji in LETTERS:
        return VoteKind.VENUE, LETTERS.index(emoji) + 1
    return None


def voters(votes: Iterable[Vote], kind: VoteKind, position: int) -> list[int]:
    """The members who voted for one option, in the order their votes are given."""
    return [vote.user_id for vote in votes if vote.kind is kind and vote.position == position]


@dataclass(frozen=True)
class DateOutcome:
    """The result of closing a date poll."""

    option: DateOption | None
    voters: tuple[int, ...]
    tie: bool
    called_off_reason: Message | None = None

    @property
    def called_off(self) -> bool:
        return self.called_off_reason is not None


def decide_date(options: Sequence[DateOption], votes: Sequence[Vote], min_people: int | None) -> DateOutcome:
    """Most votes wins; a tie goes to the earliest candidate; below ``min_people`` it is called off."""
    if not options:
        return DateOutcome(None, (), False, lazy("there were no candidate dates"))
    counted = [(len(voters(votes, VoteKind.DATE, o.position)), o) for o in options]
    best = max(count for count, _ in counted)
    leaders = [option for count, option in counted if count == best]
    winner = min(leaders, key=lambda option: (option.starts_at, option.position))
    winning_voters = tuple(voters(votes, VoteKind.DATE, winner.position))
    needed = min_people or 0
    tie = len(leaders) > 1
    if best == 0:
        reason = (
            lazy("nobody voted for any date, and at least {needed} were needed", needed=needed)
            if needed
            else lazy("nobody voted for any date")
        )
        return DateOutcome(winner, (), tie, reason)
    if best < needed:
        reason = (
            lazy("the most popular date had only 1 vote, and at least {needed} were needed", needed=needed)
            if best == 1
            else lazy(
                "the most popular date had only {best} votes, and at least {needed} were needed",
                best=best,
                needed=needed,
            )
        )
        return DateOutcome(winner, winning_voters, tie, reason)
    return DateOutcome(winner, winning_voters, tie)


def earliest(options: Iterable[DateOption]) -> datetime:
    return min(option.starts_at for option in options)
