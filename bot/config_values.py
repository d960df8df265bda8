"""Readers for the config file's values: each checks one value and names the fix when it is wrong.

They live apart from :mod:`bot.config`, which says which keys exist and what they build, so that
both stay short enough to read; every reader takes the key (for the message) and the raw value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.durations import DurationError, parse_duration
from bot.domain.settings import SUPPORTED_LANGUAGES

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")


class ConfigError(Exception):
    """A configuration problem, worded for the person who edits the file."""


def nonempty_text(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f'{key}: write a non-empty text in quotes, like {key.split()[-1]} = "..."')
    return value.strip()


def token(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f'{key}: write the token in quotes, like token = "..."')
    return value.strip()


def flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key}: write true or false (without quotes)")
    return value


def url(schemes: tuple[str, ...]) -> Callable[[str, Any], str]:
    def read(key: str, value: Any) -> str:
        url = nonempty_text(key, value)
        if not url.startswith(tuple(f"{scheme}://" for scheme in schemes)):
            raise ConfigError(f'{key}: "{url}" is not a URL starting with {" or ".join(schemes)}://')
        return url.rstrip("/") if "http" in schemes else url

    return read


def duration(*, allow_zero: bool = False) -> Callable[[str, Any], timedelta]:
    def read(key: str, value: Any) -> timedelta:
        if not isinstance(value, str):
            raise ConfigError(f'{key}: write a duration in quotes, like "90s", "2h" or "1d12h"')
        try:
            duration = parse_duration(value)
        except DurationError as error:
            raise ConfigError(f"{key}: {error}") from None
        if not duration and not allow_zero:
            raise ConfigError(f'{key}: must be longer than zero, like "2h"')
        return duration

    return read


def durations(key: str, value: Any) -> tuple[timedelta, ...]:
    if not isinstance(value, list):
        raise ConfigError(f'{key}: write a list of durations, like ["24h", "2h"]')
    read = duration()
    offsets = tuple(read(key, item) for item in value)
    if len(set(offsets)) != len(offsets):
        raise ConfigError(f"{key}: lists the same duration twice; keep each once")
    return tuple(sorted(offsets, reverse=True))


def rate(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise ConfigError(
            f"{key}: write a whole number of requests per second from 1 to 10000 (without quotes),"
            " like 50: Discord's global limit, or this process's share of it"
        )
    return value


def timezone(key: str, value: Any) -> ZoneInfo:
    name = nonempty_text(key, value)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f'{key}: "{name}" is not a known time zone; write an IANA name like "Europe/Stockholm"'
        ) from None


def languages(key: str, value: Any) -> tuple[str, ...]:
    wanted = ", ".join(f'"{code}"' for code in SUPPORTED_LANGUAGES)
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{key}: write a list of language codes, like [{wanted}]")
    unknown = [item for item in value if item not in SUPPORTED_LANGUAGES]
    if unknown:
        raise ConfigError(f"{key}: {unknown[0]!r} is not supported; choose from [{wanted}]")
    return tuple(dict.fromkeys(value))


def shard_count(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{key}: write a whole number of shards, 1 or more (without quotes)")
    return value


def shard_ids(key: str, value: Any) -> tuple[int, ...]:
    if (
        not isinstance(value, list)
        or not value
        or any(isinstance(i, bool) or not isinstance(i, int) for i in value)
    ):
        raise ConfigError(f"{key}: write a list of shard numbers, like [0, 1]")
    if len(set(value)) != len(value):
        raise ConfigError(f"{key}: lists the same shard twice; keep each once")
    return tuple(sorted(value))


def file_path(key: str, value: Any) -> Path:
    return Path(nonempty_text(key, value)).expanduser()


def storage_url(key: str, value: Any) -> str:
    """A ``postgresql://USER@HOST:PORT/DATABASE`` url; the password never appears in a message."""
    text = nonempty_text(key, value)
    parts = urlsplit(text)
    if parts.scheme not in ("postgresql", "postgres"):
        scheme = f'"{parts.scheme}://"' if parts.scheme else "no scheme"
        raise ConfigError(f'{key}: {scheme} is not supported; write "postgresql://USER@HOST:PORT/DATABASE"')
    try:
        parts.port  # noqa: B018 (parsing the port is the check)
    except ValueError:
        raise ConfigError(
            f'{key}: the port is not a number; write "postgresql://USER@HOST:PORT/DATABASE"'
        ) from None
    if not parts.hostname or not parts.path.strip("/"):
        raise ConfigError(
            f'{key}: name the host and the database, like "postgresql://USER@HOST:PORT/DATABASE"'
        )
    return text


def log_level(key: str, value: Any) -> str:
    level = nonempty_text(key, value).upper()
    if level not in LOG_LEVELS:
        choices = ", ".join(f'"{name.lower()}"' for name in LOG_LEVELS)
        raise ConfigError(f'{key}: "{value}" is not a level; choose one of {choices}')
    return level


def log_format(key: str, value: Any) -> str:
    chosen = nonempty_text(key, value).lower()
    if chosen not in LOG_FORMATS:
        raise ConfigError(f'{key}: "{value}" is not a format; write "text" (the default) or "json"')
    return chosen


def listen_address(key: str, value: Any) -> tuple[str, int]:
    """``HOST:PORT`` (an IPv6 host in brackets); port 0 lets the system pick a free one."""
    example = f'{key}: write "HOST:PORT", like "127.0.0.1:8080" (or "0.0.0.0:8080" in a container)'
    host, colon, port = nonempty_text(key, value).rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not colon or not host or not port.isascii() or not port.isdecimal():
        raise ConfigError(example)
    if int(port) > 65535:
        raise ConfigError(f"{key}: port {port} is above 65535; {example.split(': ', 1)[1]}")
    return host, int(port)


def storage_path(key: str, value: Any) -> Path:
    path = file_path(key, value)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f'{key}: cannot create the folder "{folder}" ({error.strerror}); choose a writable path'
        ) from None
    try:
        with path.open("ab"):
            pass
    except OSError as error:
        raise ConfigError(
            f'{key}: cannot write "{path}" ({error.strerror}); choose a path in a writable folder,'
            ' like "data/meetups.sqlite3"'
        ) from None
    return path
