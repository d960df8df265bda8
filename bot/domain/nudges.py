"""What is due when, and whether a nudge is still worth sending.

Nudges are rows first and jobs second: these rules decide which rows a meetup needs and, when a
row comes due (perhaps long after, if the bot was down), whether sending it still helps anyone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.model import Meetup, MeetupStatus, Nudge, NudgeKind, PlannedNudge


class Verdict(StrEnum):
    SEND = "send"
    SKIP = "skip"


def poll_nudges(closes_at: datetime, created_at: datetime) -> list[PlannedNudge]:
    """Closing the poll, and one nudge to invitees who have not voted a quarter before the close."""
    planned = [PlannedNudge(NudgeKind.CLOSE_POLL, closes_at)]
    quarter = (closes_at - created_at) / 4
    if quarter > timedelta(0):
        planned.append(PlannedNudge(NudgeKind.POLL_NUDGE, closes_at - quarter))
    return planned


def reminder_nudges(starts_at: datetime, offsets: tuple[timedelta, ...], now: datetime) -> list[PlannedNudge]:
    """One reminder per offset before the start; offsets already past when scheduling are dropped.

    The key names the start time too, so moving the meetup plans fresh reminders (with fresh
    deliveries) instead of reviving ones already sent for the old time.
    """
    start = int(starts_at.timestamp())
    return [
        PlannedNudge(NudgeKind.REMINDER, starts_at - offset, key=f"{int(offset.total_seconds())}@{start}")
        for offset in offsets
        if starts_at - offset > now
    ]


def recap_nudge(starts_at: datetime, length: timedelta, recap_delay: timedelta) -> PlannedNudge:
    return PlannedNudge(
        NudgeKind.RECAP, starts_at + length + recap_delay, key=f"@{int(starts_at.timestamp())}"
    )


def verdict(nudge: Nudge, meetup: Meetup, now: datetime, *, late_grace: timedelta) -> Verdict:
    """Whether a due nudge should go out now; a stale or pointless one is skipped, never sent twice."""
    if nudge.kind is NudgeKind.NEXT_OCCURRENCE:
        return Verdict.SEND  # a skipped (cancelled) occurrence still leads to the next; the series decides
    if meetup.status is MeetupStatus.CANCELLED:
        return Verdict.SKIP
    match nudge.kind:
        case NudgeKind.CLOSE_POLL:
            useful = meetup.status is MeetupStatus.POLLING
        case NudgeKind.POLL_NUDGE:
            useful = meetup.status is MeetupStatus.POLLING and now < meetup.closes_at
        case NudgeKind.REMINDER:
            useful = (
                meetup.status is MeetupStatus.SCHEDULED
                and meetup.starts_at is not None
                and now < meetup.starts_at
            )
        case NudgeKind.RECAP:
            useful = (
                meetup.status in (MeetupStatus.SCHEDULED, MeetupStatus.DONE)
                and now - nudge.due_at < late_grace
            )
        case NudgeKind.RECAP_SUMMARY:
            useful = meetup.status is MeetupStatus.DONE
    return Verdict.SEND if useful else Verdict.SKIP
