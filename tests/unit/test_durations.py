"""Durations as written in the config file and in /meetup settings."""

from datetime import timedelta

import pytest

from bot.domain.durations import DurationError, DurationTooLong, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("2h", timedelta(hours=2)),
        ("48h", timedelta(hours=48)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1d2h3m4s", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        (" 3H ", timedelta(hours=3)),
        ("0s", timedelta(0)),
    ],
)
def test_parses(text: str, expected: timedelta) -> None:
    """Each unit and combinations of them, largest first, read as written."""
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "h", "90", "1.5h", "-2h", "2 hours", "1h1h", "30m1h", "1w", "2h!"])
def test_rejects(text: str) -> None:
    """Anything outside the grammar is refused with an example of what to write."""
    with pytest.raises(DurationError, match=r'like "90s"|largest first'):
        parse_duration(text)


@pytest.mark.parametrize("text", ["90s", "2h", "1d12h", "1h30m", "0s"])
def test_format_round_trips(text: str) -> None:
    """What format_duration writes, parse_duration reads back to the same value."""
    duration = parse_duration(text)
    assert parse_duration(format_duration(duration)) == duration


def test_format_normalises() -> None:
    """Ninety seconds are shown the way a person would write them."""
    assert format_duration(timedelta(seconds=90)) == "1m30s"


@pytest.mark.parametrize("text", ["3651d", "87601h", "9" * 30 + "d", "1" * 5000 + "s", "99999999d1s"])
def test_refuses_what_is_longer_than_anything_planned(text: str) -> None:
    """However many digits, a duration past ten years is refused before any arithmetic overflows."""
    with pytest.raises(DurationTooLong, match="at most 3650d"):
        parse_duration(text)


def test_leading_zeros_do_not_count_as_length() -> None:
    """Zeros in front are still the same small number."""
    assert parse_duration("0" * 40 + "2h") == timedelta(hours=2)
