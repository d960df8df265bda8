"""The settings a server's meetups are planned with, and how a typed setting is read.

A server may override the config file's defaults with ``/meetup settings``; values are checked
here so the command and its error messages follow one set of rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.durations import DurationError, DurationTooLong, format_duration, parse_duration
from bot.domain.errors import UserError

SUPPORTED_LANGUAGES = ("en", "sv")
MAX_REMINDERS = 5
LONGEST = {
    "poll_duration": timedelta(days=30),
    "reminder_offsets": timedelta(days=60),
    "recap_delay": timedelta(days=30),
    "series_lead": timedelta(days=60),
}
"""The range of each duration a server may set: a poll open a month, a reminder two months ahead,
a recap a month after; longer is a typo, and refused naming the option and its range."""


@dataclass(frozen=True)
class ServerSettings:
    timezone: ZoneInfo
    languages: tuple[str, ...]
    poll_duration: timedelta
    reminder_offsets: tuple[timedelta, ...]
    default_length: timedelta
    recap_delay: timedelta
    scheduled_events: bool = False
    series_lead: timedelta = timedelta(days=6)
    """How long before a series' next occurrence its message is posted (at the earliest when the
    previous one ends)."""


@dataclass(frozen=True)
class SettingsChange:
    """What ``/meetup settings`` was asked to change; None leaves a setting as it is."""

    timezone: ZoneInfo | None = None
    languages: tuple[str, ...] | None = None
    reminder_offsets: tuple[timedelta, ...] | None = None
    poll_duration: timedelta | None = None
    recap_delay: timedelta | None = None
    scheduled_events: bool | None = None
    series_lead: timedelta | None = None

    def applied_to(self, settings: ServerSettings) -> ServerSettings:
        changes = {name: value for name, value in vars(self).items() if value is not None}
        return replace(settings, **changes)


def read_timezone(text: str) -> ZoneInfo:
    name = text.strip()
    if name not in available_timezones():
        raise UserError(f"`{name[:60]}` is not a time zone I know; use an IANA name like `Europe/Stockholm`")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"`{name[:60]}` is not a time zone I know; use an IANA name like `Europe/Stockholm`"
        ) from None


def matching_timezones(typed: str, *, limit: int = 25) -> list[str]:
    """IANA names containing what is typed (case ignored), the ones starting with it first."""
    wanted = typed.strip().casefold().replace(" ", "_")
    names = sorted(name for name in available_timezones() if wanted in name.casefold())
    return sorted(names, key=lambda name: not name.casefold().startswith(wanted))[:limit]


def read_languages(text: str) -> tuple[str, ...]:
    codes = [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]
    unknown = [code for code in codes if code not in SUPPORTED_LANGUAGES]
    if not codes or unknown:
        bad = f"`{unknown[0][:20]}` is not supported; " if unknown else ""
        raise UserError(
            f"`languages`: {bad}write codes separated by commas, from: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return tuple(dict.fromkeys(codes))


def read_duration(option: str, text: str, *, allow_zero: bool = False) -> timedelta:
    longest = LONGEST.get(option)
    too_long = f"`{option}` is too long; at most `{format_duration(longest)}`" if longest else None
    try:
        duration = parse_duration(text)
    except DurationTooLong as error:
        raise UserError(too_long or f"`{option}`: {error}") from None
    except DurationError as error:
        shown = text.strip()[:40].replace("`", "ˋ")
        raise UserError(f"`{option}`: `{shown}` {error.reason}") from None
    if not duration and not allow_zero:
        raise UserError(f"`{option}` must be longer than zero, like `2h`")
    if too_long and longest and duration > longest:
        raise UserError(too_long)
    return duration


def read_offsets(text: str) -> tuple[timedelta, ...]:
    parts = [part for part in text.replace(";", ",").split(",") if part.strip()]
    if not parts:
        raise UserError("`reminder_offsets`: write durations separated by commas, like `24h, 2h`")
    offsets = tuple(sorted({read_duration("reminder_offsets", part) for part in parts}, reverse=True))
    if len(offsets) > MAX_REMINDERS:
        raise UserError(f"`reminder_offsets`: at most {MAX_REMINDERS} reminders")
    return offsets


def describe(settings: ServerSettings) -> dict[str, str]:
    """Each setting as it would be typed, for showing the current values."""
    return {
        "timezone": str(settings.timezone),
        "languages": ", ".join(settings.languages),
        "reminder_offsets": ", ".join(format_duration(o) for o in settings.reminder_offsets) or "none",
        "poll_duration": format_duration(settings.poll_duration),
        "recap_delay": format_duration(settings.recap_delay),
        "scheduled_events": "on" if settings.scheduled_events else "off",
        "series_lead": format_duration(settings.series_lead),
    }
