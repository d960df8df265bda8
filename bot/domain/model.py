"""The meetup and what hangs off it, as plain values.

Repositories build these from rows and services hand them to the pure rules; nothing here
knows about Discord or SQLite, so the rules can be tested with literals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class MeetupStatus(StrEnum):
    POLLING = "polling"
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


class NudgeKind(StrEnum):
    """What a scheduled nudge does when it comes due."""

    CLOSE_POLL = "close_poll"
    POLL_NUDGE = "poll_nudge"
    REMINDER = "reminder"
    RECAP = "recap"
    RECAP_SUMMARY = "recap_summary"
    NEXT_OCCURRENCE = "next_occurrence"
    """Posts the message of a series' next occurrence; it hangs off the occurrence before it."""


class NudgeState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class RsvpStatus(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"


class VoteKind(StrEnum):
    DATE = "date"
    VENUE = "venue"


@dataclass(frozen=True)
class DateOption:
    position: int
    starts_at: datetime
    source_text: str


@dataclass(frozen=True)
class VenueOption:
    position: int
    name: str
    address: str | None = None
    link: str | None = None
    suggested_by: int = 0


@dataclass(frozen=True)
class Vote:
    kind: VoteKind
    position: int
    user_id: int


@dataclass(frozen=True)
class Meetup:
    id: int
    guild_id: int
    number: int
    channel_id: int
    organizer_id: int
    title: str
    details: str
    status: MeetupStatus
    created_at: datetime
    closes_at: datetime
    starts_at: datetime | None = None
    length: timedelta | None = None
    capacity: int | None = None
    min_people: int | None = None
    poll_message_id: int | None = None
    announcement_message_id: int | None = None
    won_by_tie: bool = False
    venue_name: str | None = None
    venue_address: str | None = None
    venue_link: str | None = None
    private_address: bool = False
    cancel_reason: str | None = None
    repeat_of: int | None = None
    timezone: str | None = None
    calendar_sequence: int = 0
    scheduled_event_id: int | None = None
    events_hint: bool = False
    repeat_rule: str | None = None
    """How the proposal asked to repeat (an RRULE, its weekday perhaps still open) until the poll
    closes and the series starts."""
    series_id: int | None = None
    occurrence_at: datetime | None = None
    """For an occurrence of a series, the start its rule gives it (``starts_at`` if not moved)."""

    @property
    def is_open(self) -> bool:
        return self.status in (MeetupStatus.POLLING, MeetupStatus.SCHEDULED)


@dataclass(frozen=True)
class Nudge:
    id: int
    meetup_id: int
    kind: NudgeKind
    key: str
    due_at: datetime
    state: NudgeState
    sent_at: datetime | None = None
    late: bool = False
    lease_token: int = 0
    """The claim this copy of the row was fired under; what its firing records is fenced by it."""


@dataclass(frozen=True)
class PlannedNudge:
    """A nudge the rules want to exist; the service turns it into a row and a job."""

    kind: NudgeKind
    due_at: datetime
    key: str = ""


@dataclass(frozen=True)
class NewMeetup:
    """Everything a proposal carries before it has an id and a number."""

    guild_id: int
    channel_id: int
    organizer_id: int
    title: str
    details: str
    created_at: datetime
    closes_at: datetime
    dates: tuple[DateOption, ...]
    venues: tuple[VenueOption, ...] = ()
    capacity: int | None = None
    min_people: int | None = None
    private_address: bool = False
    invitees: tuple[int, ...] = ()
    timezone: str | None = None
    repeat_rule: str | None = None


@dataclass(frozen=True)
class Series:
    """A repeating meetup: its rule from the first occurrence on, in the zone its times keep."""

    id: int
    guild_id: int
    first_meetup_id: int
    rule: str
    first_start: datetime
    timezone: str
    ended: bool = False
    skipped: tuple[datetime, ...] = ()
    moved: tuple[tuple[datetime, datetime], ...] = ()
    """Occurrences moved to another time: (the date the rule gives, the time it is now)."""


@dataclass(frozen=True)
class Rsvp:
    """A member's answer; ``sequence`` orders answers in time (the waitlist is served in it)."""

    user_id: int
    status: RsvpStatus
    sequence: int
    by_vote: bool = False
    """Made going (or waiting) by voting for the winning date, with no RSVP reaction since:
    shown apart, so the ✅ count under the announcement, which only reactions make, adds up."""
