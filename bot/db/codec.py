"""How values cross the SQLite boundary: aware datetimes become UTC ISO text and back.

The text form is the one earlier releases wrote, so their rows read back identically.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def when_to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def when_from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def maybe_seconds(seconds: int | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=seconds)
