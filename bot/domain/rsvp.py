"""RSVP rules: a member's latest answer counts, capacity fills in order, the waitlist moves up.

The rules work on the list of current answers and return what changes and who must be told;
the service stores the result and sends the messages, so the rules stay testable with literals.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.model import Rsvp, RsvpStatus

RSVP_EMOJI: dict[str, RsvpStatus] = {
    "✅": RsvpStatus.GOING,
    "❔": RsvpStatus.MAYBE,
    "❌": RsvpStatus.DECLINED,
}
EMOJI_FOR_STATUS: dict[RsvpStatus, str] = {status: emoji for emoji, status in RSVP_EMOJI.items()}
EMOJI_FOR_STATUS[RsvpStatus.WAITLISTED] = "✅"


@dataclass(frozen=True)
class RsvpChange:
    """The outcome of one member's answer."""

    user_id: int
    before: RsvpStatus | None
    after: RsvpStatus | None
    promoted: tuple[int, ...] = ()
    dropped_out: bool = False

    @property
    def changed(self) -> bool:
        return self.before is not self.after

    @property
    def waitlisted(self) -> bool:
        return self.after is RsvpStatus.WAITLISTED and self.before is not RsvpStatus.WAITLISTED


def status_of(rsvps: Sequence[Rsvp], user_id: int) -> RsvpStatus | None:
    return next((r.status for r in rsvps if r.user_id == user_id), None)


def going(rsvps: Sequence[Rsvp]) -> list[int]:
    return [r.user_id for r in sorted(rsvps, key=lambda r: r.sequence) if r.status is RsvpStatus.GOING]


def waitlist(rsvps: Sequence[Rsvp]) -> list[int]:
    """Waiting members, first come first served."""
    return [r.user_id for r in sorted(rsvps, key=lambda r: r.sequence) if r.status is RsvpStatus.WAITLISTED]


def answer(
    rsvps: Sequence[Rsvp],
    user_id: int,
    wanted: RsvpStatus | None,
    *,
    capacity: int | None,
    starts_at: datetime,
    now: datetime,
    drop_out_window: timedelta,
) -> RsvpChange:
    """Apply ``wanted`` (None: the member withdrew their answer) for ``user_id``.

    Asking to go when the meetup is full puts the member on the waitlist; asking to go while
    already waiting keeps their place. Leaving frees a place for the first waiting member. Leaving
    a meetup one was going to, shortly before it starts, is a drop-out the organizer hears about.
    """
    before = status_of(rsvps, user_id)
    if wanted is RsvpStatus.GOING and before in (RsvpStatus.GOING, RsvpStatus.WAITLISTED):
        return RsvpChange(user_id, before, before)
    if wanted is RsvpStatus.WAITLISTED:
        raise ValueError("members ask to go; the rules decide who waits")
    after = wanted
    others = [r for r in rsvps if r.user_id != user_id]
    if wanted is RsvpStatus.GOING and capacity is not None and len(going(others)) >= capacity:
        after = RsvpStatus.WAITLISTED
    promoted: tuple[int, ...] = ()
    if before is RsvpStatus.GOING and after is not RsvpStatus.GOING and capacity is not None:
        free = capacity - len(going(others))
        promoted = tuple(waitlist(others)[: max(free, 0)])
    dropped_out = (
        before is RsvpStatus.GOING
        and after is not RsvpStatus.GOING
        and now < starts_at
        and starts_at - now <= drop_out_window
    )
    return RsvpChange(user_id, before, after, promoted, dropped_out)


def reminder_recipients(rsvps: Sequence[Rsvp], reminders_off: set[int]) -> list[tuple[int, RsvpStatus]]:
    """Who gets a reminder: everyone going, then everyone who said maybe; opted-out members skipped."""
    ordered = sorted(rsvps, key=lambda r: r.sequence)
    chosen = [r for r in ordered if r.status is RsvpStatus.GOING] + [
        r for r in ordered if r.status is RsvpStatus.MAYBE
    ]
    return [(r.user_id, r.status) for r in chosen if r.user_id not in reminders_off]


def withdrawn_while_away(
    stored: Sequence[Rsvp], shown: Mapping[int, Collection[str]], voters: Collection[int]
) -> list[Rsvp]:
    """Stored answers whose reaction was removed while the bot was away, oldest first.

    An answer with no RSVP reaction left on the announcement was withdrawn, unless it may never
    have had one: a poll voter is going (or waitlisted) from their vote alone, and their vote is
    still on the poll, so it stands. A voter who changed to maybe or can't go did so by reacting,
    and a member who never voted can only have answered by reacting.
    """
    from_poll = (RsvpStatus.GOING, RsvpStatus.WAITLISTED)
    return [
        rsvp
        for rsvp in stored
        if not (set(shown.get(rsvp.user_id, ())) & RSVP_EMOJI.keys())
        and not (rsvp.user_id in voters and rsvp.status in from_poll)
    ]
