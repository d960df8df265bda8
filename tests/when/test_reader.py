"""How the bot reads times in chat messages and poll candidates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.when import Found, find_times, parse_when

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BOTH = ["en", "sv"]
# Tuesday 14 October 2025, 15:20, summer time (UTC+2).
NOW = datetime(2025, 10, 14, 15, 20, tzinfo=STOCKHOLM)
# Friday 27 November 2026, 16:00, winter time (UTC+1): a Friday afternoon when polls are made.
FRIDAY = datetime(2026, 11, 27, 16, 0, tzinfo=STOCKHOLM)
# Duckling's reference: Tuesday 12 February 2013, 04:30 at UTC-2.
REF = datetime.fromisoformat("2013-02-12T04:30:00-02:00")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Stockholm."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def starts(found: list[Found]) -> list[datetime]:
    return [item.start for item in found]


def parsed(text: str, now: datetime, languages: list[str]) -> Found:
    """What parse_when reads *text* as, which the test expects to be one time."""
    found = parse_when(text, now=now, languages=languages)
    assert found is not None, text
    return found


@pytest.mark.parametrize(
    ("message", "now", "expected"),
    [
        # Said on a Tuesday afternoon (NOW).
        ("how about saturday 6pm?", NOW, [at(2025, 10, 18, 18)]),
        ("tonight at 8", NOW, [at(2025, 10, 14, 20)]),
        ("ses på fredag kl 19", NOW, [at(2025, 10, 17, 19)]),
        ("or sunday 15:00", NOW, [at(2025, 10, 19, 15)]),
        ("how about saturday 18:00 at Pressklubben?", NOW, [at(2025, 10, 18, 18)]),
        ("ska vi ses på lördag kl 19?", NOW, [at(2025, 10, 18, 19)]),
        ("Dec 3 6pm", NOW, [at(2025, 12, 3, 18)]),
        ("i morgon kl 18", NOW, [at(2025, 10, 15, 18)]),
        ("I may come in march", NOW, [at(2026, 3, 1)]),
        ("can we do may 5?", NOW, [at(2026, 5, 5)]),
        ("sun 15:00 or mon 19:00", NOW, [at(2025, 10, 19, 15), at(2025, 10, 20, 19)]),
        ("tomorrow 18:00 or 19:00", NOW, [at(2025, 10, 15, 18), at(2025, 10, 15, 19)]),
        ("halv åtta ikväll?", NOW, [at(2025, 10, 14, 19, 30)]),
        ("kvart över sju imorgon", NOW, [at(2025, 10, 15, 7, 15)]),
        ("kvart i tolv", NOW, [at(2025, 10, 14, 23, 45)]),
        ("let's meet around 8", NOW, [at(2025, 10, 14, 20)]),
        ("lunch tomorrow?", NOW, [at(2025, 10, 15, 12)]),
        ("the 3rd of december works, or december 4th", NOW, [at(2025, 12, 3), at(2025, 12, 4)]),
        ("den 3:e december kl 18", NOW, [at(2025, 12, 3, 18)]),
        ("fri 19:00-21:00", NOW, [at(2025, 10, 17, 19)]),
        ("lördag 18-20?", NOW, [at(2025, 10, 18, 18)]),
        ("torsdag från 9:30 till 11:00", NOW, [at(2025, 10, 16, 9, 30)]),
        ("between 9:30 and 11:00 on thursday", NOW, [at(2025, 10, 16, 9, 30)]),
        ("vi kan ses vid 19-tiden", NOW, [at(2025, 10, 14, 19)]),
        ("I sat next to him; see you on sat at 8", NOW, [at(2025, 10, 18, 8)]),
        ("8pm CET", NOW, [at(2025, 10, 14, 21)]),
        ("kan vi ses imorgon vid 18?", NOW, [at(2025, 10, 15, 18)]),
        ("funkar 19 på fredag?", NOW, [at(2025, 10, 17, 19)]),
        ("can we do this fri?", NOW, [at(2025, 10, 17)]),
        ("om en kvart", NOW, [at(2025, 10, 14, 15, 35)]),
        ("om två dagar", NOW, [at(2025, 10, 16, 15, 20)]),
        ("in 3 hours", NOW, [at(2025, 10, 14, 18, 20)]),
        # Said on a Friday afternoon: month and day names that are also words. A clock time right
        # after "may 11" or "sat" makes it a date; the verb "may" leaves only the clock.
        ("let's do March 11 18:00", FRIDAY, [at(2027, 3, 11, 18)]),
        ("can we do may 11 18:00?", FRIDAY, [at(2027, 5, 11, 18)]),
        ("we sat 18:00-20:00 in the queue", FRIDAY, [at(2026, 11, 27, 18)]),
        ("12 march is fine", FRIDAY, [at(2027, 3, 12)]),
        ("the party is march 11", FRIDAY, [at(2027, 3, 11)]),
        ("march 3 and march 4", FRIDAY, [at(2027, 3, 3), at(2027, 3, 4)]),
        ("may 11 or may 12?", FRIDAY, [at(2027, 5, 11), at(2027, 5, 12)]),
        ("see you 11 may!", FRIDAY, [at(2027, 5, 11)]),
        ("11 may at 18", FRIDAY, [at(2027, 5, 11, 18)]),
        ("see you sat 18:00", FRIDAY, [at(2026, 11, 28, 18)]),
        ("see you fri 19:00", FRIDAY, [at(2026, 12, 4, 19)]),
        ("ses vi lör 18:00?", FRIDAY, [at(2026, 11, 28, 18)]),
        ("I may come at 18:00", FRIDAY, [at(2026, 11, 27, 18)]),
        ("är du fri 18:00?", FRIDAY, [at(2026, 11, 27, 18)]),
        ("March 11 18", FRIDAY, []),
    ],
)
def test_find_times_reads_chat(message: str, now: datetime, expected: list[datetime]) -> None:
    """Times mentioned in chat are found, in order, as a person would read them."""
    assert starts(find_times(message, now=now, languages=BOTH)) == expected


@pytest.mark.parametrize(
    "message",
    [
        "we should meet up!",
        "let's grab dinner",
        "fika?",
        "I sat next to her on the bus",
        "we sat down and ate",
        "the sun is out",
        "I may be late",
        "may the force be with you",
        "we may 3d print it",
        "may 3 people join?",
        "they march 3 miles",
        "soldiers march in step",
        "wait a second",
        "the second half was better",
        "that was the first time",
        "we have 8 people coming",
        "at 8 people we need a bigger table",
        "score was 2-3",
        "open 24/7",
        "version 2.5 is out",
        "costs 19.50 kr",
        "room 101",
        "I'm 25",
        "good morning!",
        "I'm busy now",
        "Ska vi fika?",
        "jag har en idé",
        "sex personer",
        "han är sju år",
        "Är du fri?",
        "mon dieu",
        "I'll be there at some point",
        "ratio 3:1",
        "this sun is hot",
        "det var 18 grader vid 18 grader",
        "efter 18 år",
    ],
)
def test_find_times_ignores_ordinary_words(message: str) -> None:
    """Words that only look like dates ("we", "sat", "may", "second", numbers) are not times."""
    assert find_times(message, now=NOW, languages=BOTH) == []


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("how about saturday 6pm?", "saturday 6pm"),
        ("how about saturday 18:00 at Pressklubben?", "saturday 18:00"),
        ("ska vi ses på lördag kl 19?", "på lördag kl 19"),
        ("I may come in march", "in march"),
    ],
)
def test_found_text_is_the_matched_words(message: str, words: str) -> None:
    """Found.text is the substring of the message the time was read from."""
    assert [item.text for item in find_times(message, now=NOW, languages=BOTH)] == [words]


@pytest.mark.parametrize(
    ("candidate", "start", "grain"),
    [
        ("fri 19:00", at(2025, 10, 17, 19), "minute"),
        ("sat 18:00", at(2025, 10, 18, 18), "minute"),
        ("Dec 3 6pm", at(2025, 12, 3, 18), "hour"),
        ("på lördag kl 19", at(2025, 10, 18, 19), "hour"),
        ("saturday 7pm", at(2025, 10, 18, 19), "hour"),
        ("tomorrow 18:00", at(2025, 10, 15, 18), "minute"),
        ("in 2 days", at(2025, 10, 16, 15, 20), "day"),
        ("in 3 hours", at(2025, 10, 14, 18, 20), "minute"),
        ("om en vecka", at(2025, 10, 21, 15, 20), "day"),
        ("lör 19", at(2025, 10, 18, 19), "hour"),
        ("kl. 19.30", at(2025, 10, 14, 19, 30), "minute"),
        ("around 8pm", at(2025, 10, 14, 20), "hour"),
        ("imorgon klockan 17 exakt", at(2025, 10, 15, 17), "hour"),
        ("next week", at(2025, 10, 20), "week"),
        ("this weekend", at(2025, 10, 18), "day"),
        ("2025-12-24 15:00", at(2025, 12, 24, 15), "minute"),
        ("julafton", at(2025, 12, 24), "day"),
    ],
)
def test_parse_when_reads_poll_candidates(candidate: str, start: datetime, grain: str) -> None:
    """A whole candidate or closing time is read with its precision."""
    found = parsed(candidate, NOW, BOTH)
    assert (found.start, found.grain) == (start, grain)


@pytest.mark.parametrize(
    "candidate",
    ["blah", "", "   ", "25", "1930", "fri or sat", "how about saturday 6pm?", "3 30", "two three"],
)
def test_parse_when_refuses_what_is_not_one_time(candidate: str) -> None:
    """Non-times, bare numbers and texts naming two times or more give None."""
    assert parse_when(candidate, now=NOW, languages=BOTH) is None


@pytest.mark.parametrize(
    ("candidate", "start", "grain"),
    [
        ("Dec 3 6pm", at(2026, 12, 3, 18), "hour"),
        ("3 Dec 18:00", at(2026, 12, 3, 18), "minute"),
        ("December 3rd at 18:00", at(2026, 12, 3, 18), "minute"),
        ("fri 19:00", at(2026, 12, 4, 19), "minute"),
        ("friday at 7pm", at(2026, 12, 4, 19), "hour"),
        ("sat 18:00", at(2026, 11, 28, 18), "minute"),
        ("lördag kl 18", at(2026, 11, 28, 18), "hour"),
        ("på lördag kl 19", at(2026, 11, 28, 19), "hour"),
        ("den 3 december kl 18", at(2026, 12, 3, 18), "hour"),
        ("3/12 18:00", at(2026, 12, 3, 18), "minute"),
        ("tomorrow 18:00", at(2026, 11, 28, 18), "minute"),
        ("i morgon kl 18", at(2026, 11, 28, 18), "hour"),
        ("in 10 seconds", datetime(2026, 11, 27, 16, 0, 10, tzinfo=STOCKHOLM), "minute"),
        ("next week friday 18:00", at(2026, 12, 4, 18), "minute"),
        ("Jan 5 18:00", at(2027, 1, 5, 18), "minute"),
        ("2026-12-05 18:00", at(2026, 12, 5, 18), "minute"),
        ("2026-12-05T18:00", at(2026, 12, 5, 18), "minute"),
        ("2026-12-05T17:00:00Z", at(2026, 12, 5, 18), "minute"),
        ("2026-12-05T18:00+01:00", at(2026, 12, 5, 18), "minute"),
    ],
)
def test_poll_candidates_read_to_the_coming_time(candidate: str, start: datetime, grain: str) -> None:
    """Said on a Friday afternoon, every usual way of writing a slot is that slot, still to come."""
    found = parsed(candidate, FRIDAY, BOTH)
    assert (found.start, found.grain) == (start, grain)
    assert found.start > FRIDAY
    assert starts(find_times(candidate, now=FRIDAY, languages=BOTH)) == [start]


@pytest.mark.parametrize(
    ("text", "now", "languages", "expected"),
    [
        # Month and day names that are also words, with a day number or a clock after them.
        ("March 11 18:00", FRIDAY, ["en"], at(2027, 3, 11, 18)),
        ("March 11 18:00", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("may 11 18:00", FRIDAY, ["en"], at(2027, 5, 11, 18)),
        ("may 11 18:00", FRIDAY, BOTH, at(2027, 5, 11, 18)),
        ("mar 11 18:00", FRIDAY, ["en"], at(2027, 3, 11, 18)),
        ("March 11 at 18:00", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("june 11 18:00", FRIDAY, BOTH, at(2027, 6, 11, 18)),
        ("March 11 6pm", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("March 11th 18:00", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("march the 11th 18:00", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("may 11, 18:00", FRIDAY, BOTH, at(2027, 5, 11, 18)),
        ("May 11 19.30", FRIDAY, ["en"], at(2027, 5, 11, 19, 30)),
        ("march 11 kl 18", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("March 11 18", FRIDAY, BOTH, at(2027, 3, 11, 18)),
        ("11 may 18:00", FRIDAY, BOTH, at(2027, 5, 11, 18)),
        ("11 march at 6pm", FRIDAY, ["en"], at(2027, 3, 11, 18)),
        ("maj 11 18:00", FRIDAY, ["sv"], at(2027, 5, 11, 18)),
        ("maj 11 18:00", FRIDAY, BOTH, at(2027, 5, 11, 18)),
        ("11 maj kl 18", FRIDAY, ["sv"], at(2027, 5, 11, 18)),
        ("11 maj kl 18", FRIDAY, BOTH, at(2027, 5, 11, 18)),
        ("sun 18:00", FRIDAY, BOTH, at(2026, 11, 29, 18)),
        ("mon 18:00", FRIDAY, BOTH, at(2026, 11, 30, 18)),
        ("wed 6pm", FRIDAY, BOTH, at(2026, 12, 2, 18)),
        ("the second at 18:00", FRIDAY, BOTH, at(2026, 12, 2, 18)),
        ("Dec second 18:00", FRIDAY, BOTH, at(2026, 12, 2, 18)),
        # An hour without a.m./p.m.: the nearer reading, or 7-11 a.m. / 12-6 p.m. on a named day.
        ("at 8", at(2025, 10, 14, 9), BOTH, at(2025, 10, 14, 20)),
        ("at 8", at(2025, 10, 14, 21), BOTH, at(2025, 10, 15, 8)),
        ("at 4:23", at(2025, 10, 14, 4, 30), BOTH, at(2025, 10, 14, 4, 23)),
        ("at 3 AM", at(2025, 10, 14, 4, 30), BOTH, at(2025, 10, 15, 3)),
        ("saturday at 8", NOW, BOTH, at(2025, 10, 18, 8)),
        ("tomorrow at 5", NOW, BOTH, at(2025, 10, 15, 17)),
        ("today at 8", NOW, BOTH, at(2025, 10, 14, 20)),
        ("kl 8", NOW, BOTH, at(2025, 10, 15, 8)),
        ("kl 8 ikväll", NOW, BOTH, at(2025, 10, 14, 20)),
        ("this afternoon at 12", NOW, BOTH, at(2025, 10, 15, 12)),
        ("tonight at 12", NOW, BOTH, at(2025, 10, 15, 0)),
        ("at midnight", NOW, BOTH, at(2025, 10, 15, 0)),
        ("9 tomorrow", NOW, BOTH, at(2025, 10, 15, 9)),
        ("3:30-6pm", NOW, BOTH, at(2025, 10, 14, 15, 30)),
        ("11-1pm", NOW, BOTH, at(2025, 10, 15, 11)),
        # Numeric dates: day-first beside a 24-hour clock time, else the message's evident language,
        # then the first language listed.
        ("3/4", NOW, ["en", "sv"], at(2026, 3, 4)),
        ("3/4", NOW, ["sv", "en"], at(2026, 4, 3)),
        ("den 3/4 kl 19", NOW, ["en", "sv"], at(2026, 4, 3, 19)),
        ("3/4 at 7pm", NOW, ["sv", "en"], at(2026, 3, 4, 19)),
        ("15-02", NOW, ["en"], at(2026, 2, 15)),
        ("3/12 18:00", NOW, ["en", "sv"], at(2025, 12, 3, 18)),
        ("3/12 at 18:00", NOW, ["en"], at(2025, 12, 3, 18)),
        ("3/12 6pm", NOW, ["en", "sv"], at(2026, 3, 12, 18)),
        ("31/10/74", NOW, ["sv"], at(1974, 10, 31)),
    ],
)
def test_parse_when_follows_the_reading_conventions(
    text: str, now: datetime, languages: list[str], expected: datetime
) -> None:
    """Names that are also words, bare hours and numeric dates follow the conventions of ``when``.

    "may", "march", "sun", "second" ... are dates when a day number or a clock follows; an hour
    without a.m./p.m. is the nearer reading, or 7-11 a.m. / 12-6 p.m. on a named day; a numeric
    date is day-first beside a 24-hour clock time, else in the message's evident language, then
    the first language listed.
    """
    assert parsed(text, now, languages).start == expected


@pytest.mark.parametrize("languages", [["en"], BOTH], ids=["en", "en+sv"])
@pytest.mark.parametrize(
    "message",
    [
        "we march on",
        "I may be late",
        "we march 11 miles",
        "we may 11 people come",
        "may 3 4 people",
        "only 2 may attend",
        "2 may come, 3 may not",
        "the 3 may be late",
        "they may 2",
        "you sat there",
        "wait a second",
    ],
)
def test_month_and_day_words_as_words_give_nothing(message: str, languages: list[str]) -> None:
    """The verb "may"/"march" and the words "sat", "second" yield no time from either function."""
    assert find_times(message, now=FRIDAY, languages=languages) == []
    assert parse_when(message, now=FRIDAY, languages=languages) is None


def test_may_i_come_at_six_is_six_oclock_not_may() -> None:
    """In "may I come at 6?" only "at 6" is a time: the coming six o'clock, 18:00 when asked at 16:00.

    The message is a question around a time, so it is not one time as a whole.
    """
    found = find_times("may I come at 6?", now=FRIDAY, languages=BOTH)
    assert [(item.start, item.text) for item in found] == [(at(2026, 11, 27, 18), "at 6")]
    assert parse_when("may I come at 6?", now=FRIDAY, languages=BOTH) is None


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        # Weekdays: English "next wednesday" said on a Tuesday is the 20th, Swedish "nästa onsdag"
        # the 13th; a week and a weekday name that day of the week in either order ("next week
        # friday" is the 22nd).
        ("next wednesday", ["en"], datetime(2013, 2, 20)),
        ("wednesday", ["en"], datetime(2013, 2, 13)),
        ("this wednesday", ["en"], datetime(2013, 2, 13)),
        ("wednesday after next", ["en"], datetime(2013, 2, 20)),
        ("next saturday", ["en"], datetime(2013, 2, 23)),
        ("tuesday", ["en"], datetime(2013, 2, 19)),
        ("this tuesday", ["en"], datetime(2013, 2, 12)),
        ("nästa onsdag", ["sv"], datetime(2013, 2, 13)),
        ("nästa onsdag igen", ["sv"], datetime(2013, 2, 20)),
        ("i lördags", ["sv"], datetime(2013, 2, 9)),
        ("next week friday", ["en"], datetime(2013, 2, 22)),
        ("friday next week", ["en"], datetime(2013, 2, 22)),
        ("this week on sunday", ["en"], datetime(2013, 2, 17)),
        ("nästa vecka fredag", ["sv"], datetime(2013, 2, 22)),
        # Where Duckling reads otherwise: four years from 12 Feb is 12 Feb, a year from the coming
        # Christmas, 12 in the day is noon.
        ("in 4 years at 5pm", ["en"], datetime(2017, 2, 12, 17)),
        ("a year from Christmas", ["en"], datetime(2014, 12, 25)),
        ("this morning at 12", ["en"], datetime(2013, 2, 12, 12)),
        ("this afternoon at 12", ["en"], datetime(2013, 2, 12, 12)),
    ],
)
def test_readings_said_at_ducklings_reference_time(
    text: str, languages: list[str], expected: datetime
) -> None:
    """Said on Tuesday 12 February 2013 at 04:30, each text is read at that wall-clock time."""
    assert parsed(text, REF, languages).start.replace(tzinfo=None) == expected


def test_wall_clock_time_survives_the_end_of_summer_time() -> None:
    """Read in October, "Nov 3 18:00" is 18:00 Central European Time (UTC+1)."""
    found = parsed("Nov 3 18:00", at(2025, 10, 14, 12), ["en"])
    assert found.start == at(2025, 11, 3, 18)
    assert found.start.utcoffset() == timedelta(hours=1)


def test_hours_are_elapsed_time_and_days_are_wall_clock_time() -> None:
    """Across the October change, "in 24 hours" lands at 11:00 and "in 1 day" at 12:00."""
    before = at(2025, 10, 25, 12)
    hours = parsed("in 24 hours", before, ["en"])
    days = parsed("in 1 day", before, ["en"])
    assert hours.start == at(2025, 10, 26, 11)
    assert hours.start.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=24)
    assert days.start == at(2025, 10, 26, 12)


def test_a_time_skipped_by_the_clocks_moves_past_the_gap() -> None:
    """02:30 on the last Sunday of March does not exist in Stockholm; it is read as 03:30 CEST."""
    found = parsed("2026-03-29 02:30", at(2026, 3, 20), ["en"])
    assert found.start.utcoffset() == timedelta(hours=2)
    assert (found.start.hour, found.start.minute) == (3, 30)


@pytest.mark.parametrize("function", [parse_when, find_times])
def test_naive_now_is_refused(function) -> None:
    """Without a time zone there is no wall clock to read times against."""
    with pytest.raises(ValueError, match="aware"):
        function("tomorrow 18:00", now=datetime(2025, 10, 14, 15, 20), languages=BOTH)


@pytest.mark.parametrize(
    "zone", [STOCKHOLM, ZoneInfo("America/New_York"), timezone(timedelta(hours=-2)), UTC]
)
def test_results_are_aware_and_in_the_zone_of_now(zone) -> None:
    """Every result carries now's own time zone."""
    now = NOW.astimezone(zone)
    message = "tomorrow 18:00, in 3 hours, 8pm CET, next week or i morgon kl 18"
    found = find_times(message, now=now, languages=BOTH)
    assert len(found) == 5
    assert all(item.start.tzinfo is zone for item in found)


def test_other_languages_are_read_by_dateparser() -> None:
    """Languages without a hand-written grammar still get dateparser's reading."""
    assert parsed("samedi 19:00", NOW, ["fr", "en"]).start == at(2025, 10, 18, 19)


_ZONES = st.sampled_from([STOCKHOLM, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), UTC])
_NOWS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=_ZONES)
_TIME_WORDS = st.sampled_from(
    str.split(
        "at on in om kl kl. the next nästa this tonight ikväll tomorrow imorgon i morgon halv kvart över "
        "to past quarter half sat sat. fri lördag dec 3 3rd 3:e 18 18:00 6pm 19.30 - / , 2 days hours "
        "dagar veckor ago sedan may march first second 2025 24 12 0 99 999 noon midnight cet utc+2 "
        "weekend helgen 29 feb 31 april after before christmas påsk"
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=120) | st.lists(_TIME_WORDS, max_size=12).map(" ".join), now=_NOWS)
def test_any_text_reads_without_error_and_in_the_zone_of_now(text: str, now: datetime) -> None:
    """Arbitrary text never raises, and whatever is found is aware, in now's zone and quoted."""
    found = [*find_times(text, now=now, languages=BOTH)]
    whole = parse_when(text, now=now, languages=BOTH)
    if whole is not None:
        found.append(whole)
    for item in found:
        assert item.start.tzinfo is now.tzinfo
        assert item.start.utcoffset() is not None
        assert item.grain in ("minute", "hour", "day", "week", "month", "year")
        assert item.text in text
