"""Poll rules: emoji to option, tallying approval votes, ties and min_people."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.model import DateOption, Vote, VoteKind
from bot.domain.poll import KEYCAPS, LETTERS, decide_date, emoji_for, option_for_emoji, voters

BASE = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
OPTIONS = (
    DateOption(1, BASE + timedelta(days=1), "sat 19:00"),
    DateOption(2, BASE, "fri 19:00"),
    DateOption(3, BASE + timedelta(days=2), "sun 15:00"),
)


def date_votes(*pairs: tuple[int, int]) -> list[Vote]:
    return [Vote(VoteKind.DATE, position, user) for position, user in pairs]


@pytest.mark.parametrize(
    ("emoji", "expected"),
    [
        ("1️⃣", (VoteKind.DATE, 1)),
        ("🔟", (VoteKind.DATE, 10)),
        ("🇦", (VoteKind.VENUE, 1)),
        ("🇯", (VoteKind.VENUE, 10)),
        ("👍", None),
        ("1", None),
        ("✅", None),
    ],
)
def test_option_for_emoji(emoji: str, expected: tuple[VoteKind, int] | None) -> None:
    """Keycaps vote for dates, letters for venues, anything else for nothing."""
    assert option_for_emoji(emoji) == expected


def test_emoji_round_trip() -> None:
    """Every option's emoji maps back to that option."""
    for position in range(1, 11):
        assert option_for_emoji(emoji_for(VoteKind.DATE, position)) == (VoteKind.DATE, position)
        assert option_for_emoji(emoji_for(VoteKind.VENUE, position)) == (VoteKind.VENUE, position)
    assert len(set(KEYCAPS) | set(LETTERS)) == 20


def test_voters_in_order() -> None:
    """Voters of an option come in the order of their votes; other kinds are ignored."""
    votes = [*date_votes((1, 30), (2, 10), (1, 20)), Vote(VoteKind.VENUE, 1, 99)]
    assert voters(votes, VoteKind.DATE, 1) == [30, 20]
    assert voters(votes, VoteKind.VENUE, 1) == [99]


@pytest.mark.parametrize(
    ("votes", "min_people", "winner", "tie", "called_off"),
    [
        (date_votes((1, 1), (1, 2), (3, 3)), None, 1, False, False),
        (date_votes((1, 1), (3, 2), (3, 3), (1, 3)), None, 1, True, False),
        (date_votes((1, 1), (2, 2)), None, 2, True, False),
        (date_votes((1, 1), (2, 2), (3, 3)), None, 2, True, False),
        (date_votes((3, 1), (3, 2), (1, 1)), 2, 3, False, False),
        (date_votes((3, 1), (3, 2)), 3, 3, False, True),
        ([], None, 2, True, True),
        ([], 1, 2, True, True),
    ],
)
def test_decide_date(
    votes: list[Vote], min_people: int | None, winner: int, tie: bool, called_off: bool
) -> None:
    """Most approvals win; a tie goes to the earliest time (not the first listed); min_people can call it off."""
    outcome = decide_date(OPTIONS, votes, min_people)
    assert outcome.option is not None
    assert outcome.option.position == winner
    assert outcome.tie is tie
    assert outcome.called_off is called_off


def test_voters_of_the_winner_become_attendees() -> None:
    """The outcome lists the winner's voters in voting order."""
    outcome = decide_date(OPTIONS, date_votes((3, 7), (3, 5), (1, 5)), None)
    assert outcome.voters == (7, 5)


def test_called_off_reason_is_readable() -> None:
    """The reason names the count and the minimum in plain words."""
    outcome = decide_date(OPTIONS, date_votes((1, 1)), 3)
    assert (
        str(outcome.called_off_reason) == "the most popular date had only 1 vote, and at least 3 were needed"
    )
    nobody = decide_date(OPTIONS, [], 2)
    assert str(nobody.called_off_reason) == "nobody voted for any date, and at least 2 were needed"
