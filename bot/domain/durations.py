"""Durations written the way people write them in a config file: ``90s``, ``2h``, ``1d12h``.

One small grammar serves the config file, the ``/meetup settings`` command and the tests, so that
``"90s"`` means the same everywhere and a typo is refused rather than read as zero.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.messages import marked

_UNIT_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([dhms])")
_WHOLE = re.compile(r"(?:\d+[dhms])+")
LONGEST = timedelta(days=3650)
"""Nothing the bot times is ten years long; anything longer is a typo, refused before any arithmetic
on it could overflow."""
_MAX_DIGITS = 7


class DurationError(ValueError):
    """A duration that does not follow the ``<number><unit>`` grammar.

    ``reason`` is the message without the typed text, for a caller that shows the text its own
    way (a Discord reply puts it in a code span, where markup in it cannot act).
    """

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f'"{text[:40]}" {reason}')
        self.reason = reason


class DurationTooLong(DurationError):
    """A duration beyond :data:`LONGEST`; callers with a tighter range name their own."""


def parse_duration(text: str) -> timedelta:
    """Read ``"1d12h"``-style text; units d, h, m, s, each at most once, largest first."""
    compact = text.strip().lower().replace(" ", "")
    if not _WHOLE.fullmatch(compact):
        raise DurationError(
            text, marked('is not a duration; write a number and a unit, like "90s", "2h" or "1d12h"')
        )
    units = [unit for _, unit in _PART.findall(compact)]
    order = list(_UNIT_SECONDS)
    if len(set(units)) != len(units) or units != sorted(units, key=order.index):
        raise DurationError(
            text, marked('repeats or misorders its units; write them largest first, like "1d12h"')
        )
    parts = _PART.findall(compact)
    if any(len(number.lstrip("0")) > _MAX_DIGITS for number, _ in parts):
        raise DurationTooLong(text, f"is far longer than anything the bot plans; at most {LONGEST.days}d")
    seconds = sum(int(number) * _UNIT_SECONDS[unit] for number, unit in parts)
    if seconds > LONGEST.total_seconds():
        raise DurationTooLong(text, f"is far longer than anything the bot plans; at most {LONGEST.days}d")
    return timedelta(seconds=seconds)


def format_duration(duration: timedelta) -> str:
    """The inverse of :func:`parse_duration`, so settings can be shown as they are typed."""
    remaining = int(duration.total_seconds())
    if remaining == 0:
        return "0s"
    parts = []
    for unit, size in _UNIT_SECONDS.items():
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
