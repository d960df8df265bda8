"""The settings a server's meetups are planned with (the config file's defaults, or its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ServerSettings:
    timezone: ZoneInfo
    languages: tuple[str, ...]
    poll_duration: timedelta
    reminder_offsets: tuple[timedelta, ...]
    default_length: timedelta
    recap_delay: timedelta
    scheduled_events: bool = False
