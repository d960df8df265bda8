"""Reading /meetup settings values, and how a server's own settings override the defaults."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import UserError
from bot.domain.settings import (
    ServerSettings,
    SettingsChange,
    describe,
    matching_timezones,
    read_duration,
    read_languages,
    read_offsets,
    read_timezone,
)

DEFAULTS = ServerSettings(
    timezone=ZoneInfo("Europe/Stockholm"),
    languages=("en", "sv"),
    poll_duration=timedelta(hours=48),
    reminder_offsets=(timedelta(hours=24), timedelta(hours=2)),
    default_length=timedelta(hours=3),
    recap_delay=timedelta(hours=1),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h, 2h", (timedelta(hours=24), timedelta(hours=2))),
        ("2h;24h;2h", (timedelta(hours=24), timedelta(hours=2))),
        ("90s", (timedelta(seconds=90),)),
    ],
)
def test_offsets(text: str, expected: tuple[timedelta, ...]) -> None:
    """Offsets are separated by commas or semicolons, de-duplicated and sorted, longest first."""
    assert read_offsets(text) == expected


@pytest.mark.parametrize(
    ("reader", "text", "message"),
    [
        (read_offsets, "soon", "not a duration"),
        (read_offsets, ",", "write durations"),
        (read_offsets, "1h,2h,3h,4h,5h,6h", "at most 5"),
        (read_languages, "de", "`de` is not supported"),
        (read_languages, "", "write codes"),
        (read_timezone, "Mars/Base", "not a time zone I know"),
        (read_timezone, "../etc/passwd", "not a time zone I know"),
        (lambda text: read_duration("poll_duration", text), "0s", "longer than zero"),
        (
            lambda text: read_duration("poll_duration", text),
            "30d1s",
            "`poll_duration` is too long; at most `30d`",
        ),
        (lambda text: read_duration("poll_duration", text), "9" * 400 + "d", "at most `30d`"),
        (lambda text: read_duration("recap_delay", text), "31d", "`recap_delay` is too long; at most `30d`"),
        (read_offsets, "2h, 61d", "`reminder_offsets` is too long; at most `60d`"),
        (
            read_offsets,
            "[2h](https://evil.example)",
            r"`reminder_offsets`: `\[2h\]\(https://evil\.example\)` is not",
        ),
    ],
)
def test_bad_values_say_why(reader, text: str, message: str) -> None:
    """Each bad value is refused with the reason and an example."""
    with pytest.raises(UserError, match=message):
        reader(text)


def test_languages_keep_order_without_duplicates() -> None:
    """The first language decides ambiguous dates, so the order is kept."""
    assert read_languages("sv, EN, sv") == ("sv", "en")


def test_change_overrides_only_what_it_names() -> None:
    """A change replaces the named settings and keeps the rest."""
    changed = SettingsChange(timezone=ZoneInfo("America/New_York"), scheduled_events=True).applied_to(
        DEFAULTS
    )
    assert str(changed.timezone) == "America/New_York"
    assert changed.scheduled_events
    assert changed.reminder_offsets == DEFAULTS.reminder_offsets


def test_describe_shows_values_as_typed() -> None:
    """Settings are shown the way they would be typed back."""
    assert describe(DEFAULTS) == {
        "timezone": "Europe/Stockholm",
        "languages": "en, sv",
        "reminder_offsets": "1d, 2h",
        "poll_duration": "2d",
        "recap_delay": "1h",
        "scheduled_events": "off",
        "series_lead": "6d",
        "language": "server",
    }


def test_matching_timezones_prefers_prefix() -> None:
    """Autocomplete finds zones by any part of the name, those starting with it first."""
    assert matching_timezones("new_y")[0] == "America/New_York"
    assert matching_timezones("stockholm") == ["Europe/Stockholm"]
    assert matching_timezones("america")[0].startswith("America/")
