"""Calendar files: what a calendar reads back from them, for ordinary and hostile meetups."""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from bot.domain.model import Meetup, MeetupStatus, Series
from bot.i18n import texts
from bot.presentation.calendar import calendar_filename, feed_calendar, meetup_calendar

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
START = datetime(2026, 11, 3, 17, 0, tzinfo=UTC)
DEFAULT_LENGTH = timedelta(hours=3)
LINK = "https://discord.com/channels/100/200/300"

BASE = Meetup(
    id=7,
    guild_id=100,
    number=12,
    channel_id=200,
    organizer_id=1,
    title="Board games",
    details="Bring your favourite game.",
    status=MeetupStatus.SCHEDULED,
    created_at=datetime(2026, 9, 1, tzinfo=UTC),
    closes_at=datetime(2026, 9, 8, tzinfo=UTC),
    starts_at=START,
    announcement_message_id=300,
    venue_name="Café Linné",
    venue_address="Linnégatan 1",
)


ENGLISH = texts("en")


def ics(meetup: Meetup = BASE, **options) -> bytes:
    arguments = {
        "default_length": DEFAULT_LENGTH,
        "sequence": 0,
        "include_address": False,
        "now": NOW,
        "texts": ENGLISH,
    }
    return meetup_calendar(meetup, **{**arguments, **options})


def event(data: bytes) -> Event:
    (only,) = Calendar.from_ical(data).walk("VEVENT")
    return only


def text(data: bytes, name: str) -> str | None:
    value = event(data).get(name)
    return None if value is None else str(value)


def test_file_parses_as_a_published_calendar() -> None:
    """The file is a VCALENDAR with the required header properties and one confirmed VEVENT."""
    calendar = Calendar.from_ical(ics())
    assert str(calendar["PRODID"]) == "-//Meetup bot//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["SUMMARY"] == "Board games"


@pytest.mark.parametrize(
    ("length", "end"),
    [
        (None, START + DEFAULT_LENGTH),
        (timedelta(0), START + DEFAULT_LENGTH),
        (timedelta(hours=-1), START + DEFAULT_LENGTH),
        (timedelta(hours=2), START + timedelta(hours=2)),
        (timedelta(minutes=45), START + timedelta(minutes=45)),
        (timedelta(days=2), START + timedelta(days=2)),
    ],
)
def test_start_and_end_are_utc(length: timedelta | None, end: datetime) -> None:
    """DTSTART and DTEND are aware UTC; the end is start plus a positive length, else the default."""
    data = ics(replace(BASE, length=length))
    vevent = event(data)
    for name, expected in (("DTSTART", START), ("DTEND", end)):
        value = vevent.decoded(name)
        assert value.tzinfo is not None
        assert value.utcoffset() == timedelta(0)
        assert value == expected
        assert f"{name}:{expected:%Y%m%dT%H%M%S}Z".encode() in data


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2026, 11, 3, 18, 0, tzinfo=STOCKHOLM), "20261103T170000Z"),
        (datetime(2026, 10, 20, 18, 0, tzinfo=STOCKHOLM), "20261020T160000Z"),
        (datetime(2026, 3, 28, 18, 0, tzinfo=STOCKHOLM), "20260328T170000Z"),
        (datetime(2026, 3, 30, 18, 0, tzinfo=STOCKHOLM), "20260330T160000Z"),
    ],
)
def test_local_evening_is_written_in_utc_across_daylight_saving(local: datetime, utc: str) -> None:
    """18:00 in Stockholm is 17:00Z in winter time and 16:00Z in summer time."""
    data = ics(replace(BASE, starts_at=local, length=timedelta(hours=2)))
    assert f"DTSTART:{utc}".encode() in data
    assert event(data).decoded("DTSTART") == local


def test_stamp_is_now_in_utc_whole_seconds() -> None:
    """DTSTAMP is the given moment in UTC, without the fraction iCalendar cannot carry."""
    now = datetime(2026, 10, 1, 11, 30, 15, 999_999, tzinfo=STOCKHOLM)
    data = ics(now=now)
    assert b"DTSTAMP:20261001T093015Z" in data
    assert event(data).decoded("DTSTAMP") == datetime(2026, 10, 1, 9, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "address", "private", "include_address", "location"),
    [
        ("Café Linné", "Linnégatan 1", False, False, "Café Linné, Linnégatan 1"),
        ("Café Linné", "Linnégatan 1", False, True, "Café Linné, Linnégatan 1"),
        ("Anna's place", "Storgatan 5, 3 tr", True, False, "Anna's place"),
        ("Anna's place", "Storgatan 5, 3 tr", True, True, "Anna's place, Storgatan 5, 3 tr"),
        ("Café Linné", None, False, True, "Café Linné"),
        (None, "Linnégatan 1", False, False, "Linnégatan 1"),
        (None, "Storgatan 5", True, False, None),
        (None, None, False, True, None),
    ],
)
def test_location_shows_a_private_address_only_when_asked(
    name: str | None, address: str | None, private: bool, include_address: bool, location: str | None
) -> None:
    """LOCATION is the venue, plus the address unless it is private and not meant for this reader."""
    meetup = replace(BASE, venue_name=name, venue_address=address, private_address=private)
    assert text(ics(meetup, include_address=include_address), "LOCATION") == location


def test_description_and_url_point_at_the_announcement() -> None:
    """The details come first, then a line with the announcement link, which is also the URL."""
    data = ics()
    assert text(data, "DESCRIPTION") == f"Bring your favourite game.\n\nAnnouncement: {LINK}"
    assert text(data, "URL") == LINK


def test_description_is_in_the_servers_language() -> None:
    """A Swedish server's file names the announcement in Swedish."""
    assert (
        text(ics(texts=texts("sv")), "DESCRIPTION")
        == f"Bring your favourite game.\n\nTillkännagivande: {LINK}"
    )


@pytest.mark.parametrize(
    ("details", "announcement", "description", "url"),
    [
        ("Bring snacks.", None, "Bring snacks.", None),
        ("", 300, f"Announcement: {LINK}", LINK),
        ("", None, None, None),
    ],
)
def test_description_without_details_or_announcement(
    details: str, announcement: int | None, description: str | None, url: str | None
) -> None:
    """Missing details or a missing announcement leave no empty lines or properties behind."""
    data = ics(replace(BASE, details=details, announcement_message_id=announcement))
    assert text(data, "DESCRIPTION") == description
    assert text(data, "URL") == url


def test_uid_is_stable_across_resends() -> None:
    """Two files for one meetup, at other times and sequences, share a UID that names the meetup."""
    first = text(ics(sequence=0, now=NOW), "UID")
    moved = replace(BASE, starts_at=START + timedelta(days=1), venue_name="Elsewhere", title="Renamed")
    second = text(ics(moved, sequence=3, now=NOW + timedelta(days=2)), "UID")
    assert first == second == "meetup-100-7@meetup-bot"


@pytest.mark.parametrize("other", [replace(BASE, id=8), replace(BASE, guild_id=101)])
def test_uid_differs_between_meetups(other: Meetup) -> None:
    """Another meetup, or the same id in another server, gets its own calendar entry."""
    assert text(ics(other), "UID") != text(ics(), "UID")


@pytest.mark.parametrize("sequence", [0, 1, 7, 1000])
def test_sequence_is_as_given(sequence: int) -> None:
    """SEQUENCE is the number the caller passes."""
    assert event(ics(sequence=sequence)).decoded("SEQUENCE") == sequence


@pytest.mark.parametrize(
    ("status", "cancelled"),
    [(MeetupStatus.SCHEDULED, True), (MeetupStatus.CANCELLED, True), (MeetupStatus.CANCELLED, False)],
)
def test_cancellation(status: MeetupStatus, cancelled: bool) -> None:
    """A cancellation file, or any file for a cancelled meetup, says CANCEL and CANCELLED."""
    calendar = Calendar.from_ical(ics(replace(BASE, status=status), cancelled=cancelled, sequence=4))
    assert str(calendar["METHOD"]) == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == "meetup-100-7@meetup-bot"
    assert vevent.decoded("SEQUENCE") == 4


HOSTILE = [
    "Pizza, beer; and games",
    "C:\\Users\\games\\ and a trailing backslash\\",
    "line one\nline two\n\nline four\n",
    "🎲🍕 Brädspel & fika 🇸🇪 — 日本語 ✅",
    "quotes \"double\" and 'single', colons: a:b, and \\n literally",
    "  leading and trailing spaces  ",
    "x" * 6000,
    "🎲" * 3000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_round_trips_exactly(value: str) -> None:
    """Typed text comes back unchanged from SUMMARY, DESCRIPTION and LOCATION; lines are folded."""
    meetup = replace(
        BASE, title=value, details=value, venue_name=value, venue_address=None, announcement_message_id=None
    )
    data = ics(meetup)
    assert text(data, "SUMMARY") == value
    assert text(data, "DESCRIPTION") == value
    assert text(data, "LOCATION") == value
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


@pytest.mark.parametrize(
    ("typed", "read_back"),
    [
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one\r\n\r\ntwo\n", "one\n\ntwo\n"),
        ("tab\tstays", "tab\tstays"),
        ("bell\x07 nul\x00 escape\x1b del\x7f gone", "bell nul escape del gone"),
        ("form\x0cfeed and vertical\x0btab", "formfeed and verticaltab"),
    ],
)
def test_line_endings_become_line_feeds_and_controls_are_dropped(typed: str, read_back: str) -> None:
    """Any line ending reads back as a line feed; control characters iCalendar forbids disappear."""
    meetup = replace(
        BASE, title=typed, details=typed, venue_name=typed, venue_address=None, announcement_message_id=None
    )
    data = ics(meetup)
    assert text(data, "SUMMARY") == read_back
    assert text(data, "DESCRIPTION") == read_back
    assert text(data, "LOCATION") == read_back


# Everything a member can type except control characters, plus the ones iCalendar must escape.
TYPED = st.text(
    st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\n\t,;:\\\"'"), max_size=200
)


@settings(max_examples=100)
@given(title=TYPED, details=TYPED, venue=TYPED)
def test_typed_text_round_trips(title: str, details: str, venue: str) -> None:
    """Any text without control characters other than tab and line feed reads back exactly, but for
    icalendar's one rule: a backslash before N is RFC 5545's other spelling of a line break."""
    meetup = replace(
        BASE, title=title, details=details, venue_name=venue, venue_address=None, announcement_message_id=None
    )
    data = ics(meetup)
    assert text(data, "SUMMARY") == title.replace("\\N", "\n")
    assert text(data, "DESCRIPTION") == (details.replace("\\N", "\n") or None)
    assert text(data, "LOCATION") == (venue.replace("\\N", "\n") or None)


def _as_read_back(typed: str) -> str:
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", typed.replace("\r\n", "\n").replace("\r", "\n"))


@settings(max_examples=60)
@given(title=st.text(max_size=100))
def test_any_text_parses_with_line_endings_normalised(title: str) -> None:
    """Even with stray control characters the file parses, and the title reads back as decided."""
    assert text(ics(replace(BASE, title=title)), "SUMMARY") == _as_read_back(title)


@pytest.mark.parametrize(
    "meetup",
    [
        replace(BASE, starts_at=None),
        replace(BASE, starts_at=None, status=MeetupStatus.POLLING),
        replace(BASE, starts_at=datetime(2026, 11, 3, 18, 0)),
    ],
)
def test_meetup_without_a_usable_start_raises(meetup: Meetup) -> None:
    """No start time, or one without a time zone, cannot become a calendar entry."""
    with pytest.raises(ValueError, match="start"):
        ics(meetup)


def test_naive_now_raises() -> None:
    """A DTSTAMP without a time zone would be ambiguous."""
    with pytest.raises(ValueError, match="now"):
        ics(now=datetime(2026, 10, 1, 9, 30))


@pytest.mark.parametrize(
    ("meetup", "filename"),
    [
        (BASE, "meetup-12.ics"),
        (replace(BASE, number=1, title="../../etc/passwd 🎲"), "meetup-1.ics"),
        (replace(BASE, number=4096, title='Fika: \u200b"quoted" / slashed'), "meetup-4096.ics"),
    ],
)
def test_filename_is_safe_ascii_and_stable(meetup: Meetup, filename: str) -> None:
    """The name is plain ASCII ending in .ics and depends on the meetup's number, not its title."""
    assert calendar_filename(meetup) == filename
    assert filename.isascii()
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.ics", filename)
    assert calendar_filename(replace(meetup, title="Renamed", starts_at=None)) == filename


def test_a_feed_holds_each_meetup_as_its_file_does_without_private_addresses() -> None:
    """One calendar, named, with each meetup's UID and SEQUENCE as in its file; a private address
    stays out, since anyone with the link may read it."""
    hidden = replace(BASE, id=8, number=13, private_address=True, calendar_sequence=2)
    feed = Calendar.from_ical(
        feed_calendar(
            [BASE, hidden], name="Meetups: Club", default_length=DEFAULT_LENGTH, now=NOW, texts=ENGLISH
        )
    )
    assert str(feed["method"]) == "PUBLISH"
    assert str(feed["x-wr-calname"]) == "Meetups: Club"
    first, second = feed.walk("VEVENT")
    assert str(first["uid"]) == text(ics(), "uid")
    assert str(first["location"]) == "Café Linné, Linnégatan 1"
    assert str(second["location"]) == "Café Linné"
    assert int(second["sequence"]) == 2


def test_a_feed_holds_a_series_once_with_its_rule_skips_and_moves() -> None:
    """Two occurrences of one series are one repeating event; a moved one is its override."""
    first_start = datetime(2027, 3, 11, 17, 0, tzinfo=UTC)
    series = Series(
        id=4,
        guild_id=100,
        first_meetup_id=BASE.id,
        rule="FREQ=WEEKLY;BYDAY=TH",
        first_start=first_start,
        timezone="Europe/Stockholm",
        skipped=(first_start + timedelta(days=14),),
        moved=((first_start + timedelta(days=7), first_start + timedelta(days=8)),),
    )
    first = replace(BASE, starts_at=first_start, series_id=4, occurrence_at=first_start)
    second = replace(BASE, id=8, number=13, starts_at=first_start + timedelta(days=8), series_id=4)
    feed = Calendar.from_ical(
        feed_calendar(
            [first, second],
            name="x",
            default_length=DEFAULT_LENGTH,
            now=NOW,
            texts=ENGLISH,
            series={4: series},
        )
    )
    repeating, moved = feed.walk("VEVENT")
    assert repeating["rrule"].to_ical().decode() == "FREQ=WEEKLY;BYDAY=TH"
    assert repeating.decoded("dtstart") == datetime(2027, 3, 11, 18, tzinfo=STOCKHOLM)
    assert [d.dt for d in repeating["exdate"].dts] == [datetime(2027, 3, 25, 18, tzinfo=STOCKHOLM)]
    assert moved.decoded("recurrence-id") == datetime(2027, 3, 18, 18, tzinfo=STOCKHOLM)
    assert moved.decoded("dtstart") == datetime(2027, 3, 19, 18, tzinfo=STOCKHOLM)
    assert [c.name for c in feed.subcomponents].count("VTIMEZONE") == 1
