"""RSVP rules: latest answer, capacity and waitlist, promotions, drop-outs, reminder recipients."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.model import Rsvp, RsvpStatus
from bot.domain.rsvp import answer, going, reminder_recipients, waitlist, withdrawn_while_away

G, M, D, W = RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.DECLINED, RsvpStatus.WAITLISTED
START = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
WINDOW = timedelta(hours=48)


def rsvps(*entries: tuple[int, RsvpStatus]) -> list[Rsvp]:
    return [Rsvp(user, status, sequence) for sequence, (user, status) in enumerate(entries, start=1)]


def apply(
    current: list[Rsvp], user: int, wanted: RsvpStatus | None, *, capacity=None, now=START - timedelta(days=5)
):
    return answer(current, user, wanted, capacity=capacity, starts_at=START, now=now, drop_out_window=WINDOW)


@pytest.mark.parametrize(
    ("current", "wanted", "capacity", "after"),
    [
        (rsvps((1, G)), G, None, G),
        (rsvps((1, G), (9, M)), G, None, G),
        (rsvps((9, G)), M, None, M),
        (rsvps((9, G)), D, None, D),
        (rsvps((9, G)), None, None, None),
        (rsvps((1, G), (2, G)), G, 2, W),
        (rsvps((1, G), (2, G), (9, W)), G, 2, W),
        (rsvps((1, G), (2, G), (9, W)), D, 2, D),
        (rsvps((1, G), (9, G)), G, 2, G),
    ],
)
def test_latest_answer_counts(current: list[Rsvp], wanted, capacity, after) -> None:
    """A member's latest answer replaces the earlier one; beyond capacity, going means waiting."""
    assert apply(current, 9, wanted, capacity=capacity).after is after


def test_third_waits_and_is_promoted() -> None:
    """Capacity 2: the third waits; when one going member leaves, the first waiting one goes."""
    current = rsvps((1, G), (2, G))
    third = apply(current, 3, G, capacity=2)
    assert third.after is W
    assert third.waitlisted
    current = rsvps((1, G), (2, G), (3, W), (4, W))
    leaving = apply(current, 2, D, capacity=2)
    assert leaving.promoted == (3,)


def test_no_promotion_without_capacity_or_when_a_waiting_member_leaves() -> None:
    """Only a going member's place can be handed on."""
    assert apply(rsvps((1, G), (2, W)), 1, D).promoted == ()
    assert apply(rsvps((1, G), (2, W), (3, W)), 2, D, capacity=1).promoted == ()


@pytest.mark.parametrize(
    ("hours_before", "before", "wanted", "dropped"),
    [
        (24, G, D, True),
        (24, G, None, True),
        (24, G, M, True),
        (47, G, D, True),
        (72, G, D, False),
        (24, M, D, False),
        (-1, G, D, False),
    ],
)
def test_drop_out_within_window(hours_before, before, wanted, dropped) -> None:
    """Leaving a meetup one was going to, within the window before the start, is a drop-out."""
    change = apply(rsvps((5, before)), 5, wanted, now=START - timedelta(hours=hours_before))
    assert change.dropped_out is dropped


def test_going_and_waitlist_keep_order() -> None:
    """Lists are in the order answers were given."""
    current = [Rsvp(3, W, 5), Rsvp(1, G, 2), Rsvp(4, W, 4), Rsvp(2, G, 1)]
    assert going(current) == [2, 1]
    assert waitlist(current) == [4, 3]


def test_reminder_recipients() -> None:
    """Going members first, then maybes; declined, waiting and opted-out members get none."""
    current = rsvps((1, M), (2, G), (3, D), (4, W), (5, G), (6, G))
    assert reminder_recipients(current, {6}) == [(2, G), (5, G), (1, M)]


def test_withdrawn_while_away_keeps_answers_a_vote_explains() -> None:
    """No reaction left: a non-voter's answer and a voter's maybe were withdrawn; a voter going from the poll stands."""
    stored = [
        Rsvp(1, RsvpStatus.GOING, 1),
        Rsvp(2, RsvpStatus.GOING, 2),
        Rsvp(3, RsvpStatus.MAYBE, 3),
        Rsvp(4, RsvpStatus.WAITLISTED, 4),
        Rsvp(5, RsvpStatus.GOING, 5),
    ]
    shown = {5: {"✅"}, 4: {"🎉"}}
    withdrawn = withdrawn_while_away(stored, shown, voters={1, 3})
    assert [r.user_id for r in withdrawn] == [2, 3, 4]
