"""Calendar files (RFC 5545) for a scheduled meetup, so members can add it to their own calendar.

Every file for one meetup carries the same UID, so a calendar that imported an earlier file
updates that entry instead of adding a second one; the caller raises SEQUENCE when the time or
the venue changes, which is how calendars tell a newer file from an older one. Times are
written in UTC: a meetup is one instant for everyone, and UTC needs no VTIMEZONE block that
some calendars handle badly.

A series is the exception: it is one VEVENT with its RRULE, and its DTSTART is written in the
server's zone (with the VTIMEZONE for it), because a rule expanded in UTC would move the local
time by an hour at every change of daylight saving time. Skipped occurrences are EXDATEs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from bot.domain.model import Meetup, MeetupStatus, Series
from bot.i18n import Texts
from bot.presentation.common import jump_url

PRODID = "-//Meetup bot//EN"

# RFC 5545 TEXT admits no control characters besides tab; a line feed is written escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """User text as a calendar may carry it.

    Line breaks all become line feeds (a calendar reads them back as such in any case) and
    other control characters are dropped, since some calendars reject a file containing them.
    """
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _utc(moment: datetime, what: str) -> datetime:
    """A naive time would be written as floating, read as a different instant in every time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC)


def _uid(meetup: Meetup) -> str:
    """The identity calendars match re-sent files on, so it depends on nothing that can change."""
    return f"meetup-{meetup.guild_id}-{meetup.id}@meetup-bot"


def _location(meetup: Meetup, *, include_address: bool) -> str | None:
    """A private address only goes into files sent to people who are going."""
    show_address = bool(meetup.venue_address) and (include_address or not meetup.private_address)
    parts = [meetup.venue_name, meetup.venue_address if show_address else None]
    location = ", ".join(part for part in parts if part)
    return _text(location) if location else None


def _description(meetup: Meetup, announcement: str | None, texts: Texts) -> str | None:
    lines = [_text(meetup.details)] if meetup.details else []
    if announcement:
        if lines:
            lines.append("")
        lines.append(texts._("Announcement: {url}", url=announcement))
    return "\n".join(lines) if lines else None


def meetup_event(
    meetup: Meetup,
    *,
    default_length: timedelta,
    sequence: int,
    include_address: bool,
    cancelled: bool = False,
    now: datetime,
    texts: Texts,
    series: Series | None = None,
) -> Event:
    """One meetup as a VEVENT, the same in a file sent to a member and in a server's feed; an
    occurrence of ``series`` as the whole series. Its few words are in ``texts``' language, the
    server's, since one file goes to everyone there.

    A cancelled meetup is STATUS:CANCELLED whether or not the caller says so, so an event built
    after the cancellation never puts the meetup back into someone's calendar as confirmed. One
    occurrence of a series cancelled is a skip (an EXDATE): the event is cancelled only when the
    whole series has ended.
    """
    if meetup.starts_at is None:
        raise ValueError(f"meetup {meetup.id} has no start time, so it cannot go into a calendar")
    start = _utc(meetup.starts_at, "starts_at")
    if series is not None:
        start = _utc(series.first_start, "first_start").astimezone(ZoneInfo(series.timezone))
    # RFC 5545 wants the end after the start, so a length of zero counts as no length at all.
    length = meetup.length if meetup.length and meetup.length > timedelta(0) else default_length
    cancelled = series.ended if series is not None else cancelled or meetup.status is MeetupStatus.CANCELLED
    announcement = (
        jump_url(meetup.guild_id, meetup.channel_id, meetup.announcement_message_id)
        if meetup.announcement_message_id is not None
        else None
    )
    event = Event.new(
        uid=_uid(meetup) if series is None else f"meetup-series-{series.guild_id}-{series.id}@meetup-bot",
        stamp=_utc(now, "now"),
        start=start,
        end=start + length,
        summary=_text(meetup.title),
        description=_description(meetup, announcement, texts),
        location=_location(meetup, include_address=include_address),
        url=announcement,
        sequence=sequence,
        status="CANCELLED" if cancelled else "CONFIRMED",
    )
    if series is not None:
        event.add("rrule", vRecur.from_ical(series.rule))
        for skipped in series.skipped:
            event.add("exdate", skipped.astimezone(start.tzinfo))
    return event


def meetup_events(meetup: Meetup, *, series: Series | None = None, **event: Any) -> list[Event]:
    """The meetup's VEVENT (see :func:`meetup_event`) and, for a series, one more per occurrence
    moved to another time: the same UID with the RECURRENCE-ID of the date it replaces."""
    main = meetup_event(meetup, series=series, **event)
    if series is None or series.ended:
        return [main]
    zone = ZoneInfo(series.timezone)
    length = main.decoded("dtend") - main.decoded("dtstart")
    overrides = []
    for occurrence, moved_to in series.moved:
        override = Event.new(
            uid=str(main["uid"]),
            stamp=main.decoded("dtstamp"),
            start=moved_to.astimezone(zone),
            end=moved_to.astimezone(zone) + length,
            summary=str(main["summary"]),
            location=str(main["location"]) if "location" in main else None,
            sequence=int(main["sequence"]),
            status="CONFIRMED",
        )
        override.add("recurrence-id", occurrence.astimezone(zone))
        overrides.append(override)
    return [main, *overrides]


def _calendar(method: str, events: list[Event], name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name is not None:
        # The name calendar apps show for a subscription (a de facto standard the big ones read).
        calendar.add("x-wr-calname", _text(name))
    for event in events:
        calendar.add_component(event)
    # Only a series' events are written in a zone; the rest are UTC and need no VTIMEZONE.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meetup_calendar(
    meetup: Meetup,
    *,
    default_length: timedelta,
    sequence: int,
    include_address: bool,
    cancelled: bool = False,
    now: datetime,
    texts: Texts,
    series: Series | None = None,
) -> bytes:
    """One meetup as an .ics file; a cancelled one goes with METHOD:CANCEL (see :func:`meetup_event`)."""
    events = meetup_events(
        meetup,
        default_length=default_length,
        sequence=sequence,
        include_address=include_address,
        cancelled=cancelled,
        now=now,
        texts=texts,
        series=series,
    )
    return _calendar("CANCEL" if events[0]["status"] == "CANCELLED" else "PUBLISH", events)


def feed_calendar(
    meetups: list[Meetup],
    *,
    name: str,
    default_length: timedelta,
    now: datetime,
    texts: Texts,
    series: Mapping[int, Series] | None = None,
) -> bytes:
    """A server's meetups as one calendar that apps subscribe to and re-read.

    Each event is built exactly as in the files members receive (same UID and SEQUENCE), so one
    imported from a file and the same from the feed are one entry; anyone with the link may read
    the feed, so a private address never goes into it. The occurrences of a series (``series``
    by id) are its one repeating event.
    """
    events = []
    shown: set[int] = set()
    for meetup in meetups:
        of = (series or {}).get(meetup.series_id) if meetup.series_id is not None else None
        if of is not None and of.id in shown:
            continue
        if of is not None:
            shown.add(of.id)
        events += meetup_events(
            meetup,
            default_length=default_length,
            sequence=meetup.calendar_sequence,
            include_address=False,
            now=now,
            texts=texts,
            series=of,
        )
    return _calendar("PUBLISH", events, name)


def calendar_filename(meetup: Meetup) -> str:
    """Named by the meetup's number, which members see in the channel, never by its free-text title."""
    return f"meetup-{meetup.number}.ics"
