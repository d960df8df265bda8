"""The general mechanisms of the reader, one at a time: glued tokens, clock words in both
languages, compact meridiems, the date-order policy, holidays from the calendar package and
offsets that compose.

Said on Wednesday 11 March 2026 at 10:00 in Stockholm unless a test says otherwise.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.when import find_times, parse_when

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=STOCKHOLM)
BOTH = ["en", "sv"]


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def read(text: str, languages: list[str] = BOTH) -> datetime | None:
    found = parse_when(text, now=NOW, languages=languages)
    return None if found is None else found.start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15SEP", at(9, 15)),
        ("SUN 13SEP", at(9, 13)),
        ("14april 2027", at(4, 14, year=2027)),
        ("fri13mar 7pm", at(3, 13, 19)),
    ],
)
def test_digits_glued_to_names_are_split(text: str, expected: datetime) -> None:
    """A month or weekday name written against digits is read as its own word."""
    assert read(text) == expected


def test_glued_text_is_reported_as_written() -> None:
    """The words a time was read from are cut from the original text, whatever was split."""
    found = find_times("Back on FRI13MAR at 7pm, ok?", now=NOW, languages=BOTH)
    assert [item.text for item in found] == ["on FRI13MAR at 7pm"]


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("half three", ["en"], at(3, 11, 15, 30)),
        ("halv tre", ["sv"], at(3, 11, 14, 30)),
        ("quarter to seven", ["en"], at(3, 11, 18, 45)),
        ("kvart i sju", ["sv"], at(3, 11, 18, 45)),
        ("at eight fifteen", ["en"], at(3, 11, 20, 15)),
        ("seven thirty tonight", ["en"], at(3, 11, 19, 30)),
        ("vid tolv", ["sv"], at(3, 11, 12)),
        ("den förste april", ["sv"], at(4, 1)),
    ],
)
def test_clock_and_number_words(text: str, languages: list[str], expected: datetime) -> None:
    """Half is past the hour in English and before it in Swedish; numbers compose from words."""
    assert read(text, languages) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3p", at(3, 11, 15)), ("330 p.m.", at(3, 11, 15, 30)), ("9a tomorrow", at(3, 12, 9))],
)
def test_compact_meridiems(text: str, expected: datetime) -> None:
    assert read(text, ["en"]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "4a",
        "flat 4a",
        "three twenty",
        "version 1.1.30",
        "two to four people",
        "we were two to three",
        "kvart i sex personer",
        "I paid 3p for it",
        "+1 from me",
    ],
)
def test_what_only_looks_like_a_time_is_none(text: str) -> None:
    """Flats and classes ("4a"), a bare pair of number words, version numbers, ranges of counts
    (minutes in words go in fives) and votes are no times."""
    assert read(text) is None
    assert find_times(text, now=NOW, languages=BOTH) == []


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("the party is on 3/28", [at(3, 28)]),
        ("is 6/1 ok?", [at(6, 1)]),
        ("tillbaka den 22/4", [at(4, 22)]),
        ("I'm away 22/04 - 30/04", [at(4, 22)]),
        ("senast 5/12", [at(12, 5)]),
        ("pick up at 0830", [at(3, 12, 8, 30)]),
        ("kl 0830", [at(3, 12, 8, 30)]),
        ("I ate 1/2 of it", []),
        ("rated 4/5", []),
    ],
)
def test_numeric_dates_in_chat(message: str, expected: list[datetime]) -> None:
    """A pair of numbers is a date after an article or a time preposition, or slashed larger first;
    "at 0830" is the 24-hour clock."""
    assert [item.start for item in find_times(message, now=NOW, languages=BOTH)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanksgiving", at(11, 26)),
        ("midsommarafton", at(6, 19)),
        ("trettondagen", at(1, 6, year=2027)),
        ("easter monday", at(4, 6)),
        ("christmas eve 2030", at(12, 24, year=2030)),
        ("xmas eve", at(12, 24)),
        ("påskhelgen", at(4, 5)),
    ],
)
def test_holidays_come_from_the_calendar_package(text: str, expected: datetime) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today in one hour", at(3, 11, 11)),
        ("idag om en timme", at(3, 11, 11)),
        ("imorgon om en vecka", at(3, 19)),
        ("friday in two weeks", at(3, 27)),
        ("two Sundays from now", at(3, 22)),
        ("två söndagar från nu", at(3, 22)),
        ("+15 minutes", at(3, 11, 10, 15)),
        ("the 20th next month", at(4, 20)),
        ("den 20:e nästa månad", at(4, 20)),
        ("tomorrow's meeting at 6pm", at(3, 12, 18)),
        ("this time next week", at(3, 18, 10)),
        ("samma tid nästa vecka", at(3, 18, 10)),
        ("this evening at 12", at(3, 12, 0)),
        ("tonite 8ish", at(3, 11, 20)),
        ("two months from today on Tuesday", at(5, 12)),
        ("om en månad på fredag", at(4, 17)),
        ("next month on the 5th", at(4, 5)),
        ("nästa månad den 5:e", at(4, 5)),
        ("den sista mars", at(3, 31)),
        ("vid sjutiden", at(3, 11, 19)),
        ("at 10a", at(3, 11, 10)),
        ("a week on friday", at(3, 20)),
        ("the weekend after next", at(3, 21)),
        ("this coming weekend", at(3, 14)),
        ("nästa veckas fredag", at(3, 20)),
        ("in approx 30 mins", at(3, 11, 10, 30)),
        ("två veckor från idag", at(3, 25, 10)),
        ("in an hour and a half", at(3, 11, 11, 30)),
        ("in three days' time", at(3, 14, 10)),
        ("a week tomorrow", at(3, 19)),
        ("at 6 30 pm", at(3, 11, 18, 30)),
        ("12 noon", at(3, 11, 12)),
    ],
)
def test_relative_offsets_compose(text: str, expected: datetime) -> None:
    assert read(text) == expected


def test_rule_gates_never_hide_a_match() -> None:
    """A rule's gate only skips rules that would find nothing: every corpus text yields the same
    pieces with the gates as without them."""
    import json
    from dataclasses import replace
    from pathlib import Path

    from bot.when.reader import _atoms, _normalise, _rules

    data = Path(__file__).resolve().parent.parent / "data" / "corpus"
    texts = [json.loads(line)["text"] for path in sorted(data.glob("*/*.jsonl")) for line in path.open()]
    gated = _rules(("en", "sv"))
    open_rules = tuple(replace(rule, gate=None) for rule in gated)
    for text in texts:
        normal = _normalise(text)[0]
        assert _atoms(normal, gated) == _atoms(normal, open_rules), text
