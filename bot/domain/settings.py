"""The settings a server's meetups are planned with, and how a typed setting is read.

A server may override the config file's defaults with ``/meetup settings``; values are checked
here so the command and its error messages follow one set of rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.durations import DurationError, DurationTooLong, format_duration, parse_duration
from bot.domain.errors import UserError
from bot.domain.messages import lazy

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
    language: str | None = None
    """The language of the server's public posts; None follows the server's preferred locale."""


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
    language: str | None = None

    def applied_to(self, settings: ServerSettings) -> ServerSettings:
        changes = {name: value for name, value in vars(self).items() if value is not None}
        return replace(settings, **changes)


def read_timezone(text: str) -> ZoneInfo:
    name = text.strip()
    unknown = UserError(
        "`{typed}` is not a time zone I know; use an IANA name like `Europe/Stockholm`", typed=name[:60]
    )
    if name not in available_timezones():
        raise unknown
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise unknown from None


def matching_timezones(typed: str, *, limit: int = 25) -> list[str]:
    """IANA names containing what is typed (case ignored), the ones starting with it first."""
    wanted = typed.strip().casefold().replace(" ", "_")
    names = sorted(name for name in available_timezones() if wanted in name.casefold())
    return sorted(names, key=lambda name: not name.casefold().startswith(wanted))[:limit]


def read_languages(text: str) -> tuple[str, ...]:
    codes = [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]
    unknown = [code for code in codes if code not in SUPPORTED_LANGUAGES]
    if not codes or unknown:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        if unknown:
            raise UserError(
                "`languages`: `{typed}` is not supported; write codes separated by commas, from: {supported}",
                typed=unknown[0][:20],
                supported=supported,
            )
        raise UserError(
            "`languages`: write codes separated by commas, from: {supported}", supported=supported
        )
    return tuple(dict.fromkeys(codes))


def read_duration(option: str, text: str, *, allow_zero: bool = False) -> timedelta:
    longest = LONGEST[option]
    too_long = UserError(
        "`{option}` is too long; at most `{longest}`", option=option, longest=format_duration(longest)
    )
    try:
        duration = parse_duration(text)
    except DurationTooLong:
        raise too_long from None
    except DurationError as error:
        shown = text.strip()[:40].replace("`", "ˋ")
        raise UserError(
            "`{option}`: `{typed}` {reason}", option=option, typed=shown, reason=lazy(error.reason)
        ) from None
    if not duration and not allow_zero:
        raise UserError("`{option}` must be longer than zero, like `2h`", option=option)
    if duration > longest:
        raise too_long
    return duration


def read_offsets(text: str) -> tuple[timedelta, ...]:
    parts = [part for part in text.replace(";", ",").split(",") if part.strip()]
    if not parts:
        raise UserError("`reminder_offsets`: write durations separated by commas, like `24h, 2h`")
    offsets = tuple(sorted({read_duration("reminder_offsets", part) for part in parts}, reverse=True))
    if len(offsets) > MAX_REMINDERS:
        raise UserError("`reminder_offsets`: at most {most} reminders", most=MAX_REMINDERS)
    return offsets


def read_language(text: str, spoken: Sequence[str]) -> str:
    """The language of the server's posts: one of the languages the bot speaks (``spoken``)."""
    code = text.strip().lower()
    if code not in spoken:
        raise UserError(
            "`language`: `{typed}` is not a language the bot speaks; choose one of: {supported}",
            typed=code[:20],
            supported=", ".join(spoken),
        )
    return code


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
        "language": settings.language or "server",
    }
