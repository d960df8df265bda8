"""Configuration: one TOML file, validated key by key before anything starts.

A typo in a key or a value must stop the bot with one line that names the key and says what to
write there; a silent default would let a server run for weeks with reminders it never meant.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.durations import DurationError, parse_duration
from bot.domain.settings import SUPPORTED_LANGUAGES
from bot.domain.shards import ShardError, check_shards

DEFAULT_CONFIG_PATH = Path("config.toml")
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"


class ConfigError(Exception):
    """A configuration problem, worded for the person who edits the file."""


@dataclass(frozen=True)
class DiscordSettings:
    token: str
    api_base: str = DISCORD_API_BASE
    gateway_url: str = DISCORD_GATEWAY_URL
    message_content_intent: bool = True
    guild_ready_timeout: timedelta = timedelta(seconds=2)
    requests_per_second: int = 50
    shard_count: int | None = None
    """Shards over all processes; None asks Discord for its recommended count (one process)."""
    shard_ids: tuple[int, ...] | None = None
    """The shards this process serves; None serves them all."""


@dataclass(frozen=True)
class StorageSettings:
    """SQLite at ``path`` unless ``url`` names a PostgreSQL database."""

    path: Path = Path("data/meetups.sqlite3")
    url: str | None = None

    @property
    def target(self) -> Path | str:
        """What :meth:`bot.db.database.Database.open` is given: the url if set, else the path."""
        return self.url or self.path


@dataclass(frozen=True)
class MeetupDefaults:
    """Per-server defaults; ``/meetup settings`` may override them for one server."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Stockholm"))
    languages: tuple[str, ...] = ("en", "sv")
    poll_duration: timedelta = timedelta(hours=48)
    reminder_offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))
    default_length: timedelta = timedelta(hours=3)
    recap_delay: timedelta = timedelta(hours=1)
    series_lead: timedelta = timedelta(days=6)
    recap_summary_after: timedelta = timedelta(days=7)
    drop_out_window: timedelta = timedelta(hours=48)
    poll_refresh_delay: timedelta = timedelta(seconds=1)
    late_grace: timedelta = timedelta(days=1)
    nudge_lease: timedelta = timedelta(minutes=2)
    nudge_takeover_every: timedelta = timedelta(seconds=15)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class LoggingSettings:
    """How much the bot logs; INFO gives one line per start, ready, nudge and shutdown."""

    level: str = "INFO"


@dataclass(frozen=True)
class Config:
    discord: DiscordSettings
    storage: StorageSettings = field(default_factory=StorageSettings)
    meetups: MeetupDefaults = field(default_factory=MeetupDefaults)
    logging: LoggingSettings = field(default_factory=LoggingSettings)


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f'{key}: write a non-empty text in quotes, like {key.split()[-1]} = "..."')
    return value.strip()


def _token(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f'{key}: write the token in quotes, like token = "..."')
    return value.strip()


def _flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key}: write true or false (without quotes)")
    return value


def _url(schemes: tuple[str, ...]) -> Callable[[str, Any], str]:
    def read(key: str, value: Any) -> str:
        url = _text(key, value)
        if not url.startswith(tuple(f"{scheme}://" for scheme in schemes)):
            raise ConfigError(f'{key}: "{url}" is not a URL starting with {" or ".join(schemes)}://')
        return url.rstrip("/") if "http" in schemes else url

    return read


def _duration(*, allow_zero: bool = False) -> Callable[[str, Any], timedelta]:
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


def _durations(key: str, value: Any) -> tuple[timedelta, ...]:
    if not isinstance(value, list):
        raise ConfigError(f'{key}: write a list of durations, like ["24h", "2h"]')
    read = _duration()
    offsets = tuple(read(key, item) for item in value)
    if len(set(offsets)) != len(offsets):
        raise ConfigError(f"{key}: lists the same duration twice; keep each once")
    return tuple(sorted(offsets, reverse=True))


def _rate(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise ConfigError(
            f"{key}: write a whole number of requests per second from 1 to 10000 (without quotes),"
            " like 50: Discord's global limit, or this process's share of it"
        )
    return value


def _timezone(key: str, value: Any) -> ZoneInfo:
    name = _text(key, value)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f'{key}: "{name}" is not a known time zone; write an IANA name like "Europe/Stockholm"'
        ) from None


def _languages(key: str, value: Any) -> tuple[str, ...]:
    wanted = ", ".join(f'"{code}"' for code in SUPPORTED_LANGUAGES)
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{key}: write a list of language codes, like [{wanted}]")
    unknown = [item for item in value if item not in SUPPORTED_LANGUAGES]
    if unknown:
        raise ConfigError(f"{key}: {unknown[0]!r} is not supported; choose from [{wanted}]")
    return tuple(dict.fromkeys(value))


def _shard_count(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{key}: write a whole number of shards, 1 or more (without quotes)")
    return value


def _shard_ids(key: str, value: Any) -> tuple[int, ...]:
    if (
        not isinstance(value, list)
        or not value
        or any(isinstance(i, bool) or not isinstance(i, int) for i in value)
    ):
        raise ConfigError(f"{key}: write a list of shard numbers, like [0, 1]")
    if len(set(value)) != len(value):
        raise ConfigError(f"{key}: lists the same shard twice; keep each once")
    return tuple(sorted(value))


def _path(key: str, value: Any) -> Path:
    return Path(_text(key, value)).expanduser()


def _storage_url(key: str, value: Any) -> str:
    """A ``postgresql://USER@HOST:PORT/DATABASE`` url; the password never appears in a message."""
    text = _text(key, value)
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


def _log_level(key: str, value: Any) -> str:
    level = _text(key, value).upper()
    if level not in LOG_LEVELS:
        choices = ", ".join(f'"{name.lower()}"' for name in LOG_LEVELS)
        raise ConfigError(f'{key}: "{value}" is not a level; choose one of {choices}')
    return level


def _storage_path(key: str, value: Any) -> Path:
    path = _path(key, value)
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


_SECTIONS: dict[str, dict[str, Callable[[str, Any], Any]]] = {
    "discord": {
        "token": _token,
        "api_base": _url(("http", "https")),
        "gateway_url": _url(("ws", "wss")),
        "message_content_intent": _flag,
        "guild_ready_timeout": _duration(allow_zero=True),
        "requests_per_second": _rate,
        "shard_count": _shard_count,
        "shard_ids": _shard_ids,
    },
    "storage": {"path": _path, "url": _storage_url},
    "meetups": {
        "timezone": _timezone,
        "languages": _languages,
        "poll_duration": _duration(),
        "reminder_offsets": _durations,
        "default_length": _duration(),
        "recap_delay": _duration(allow_zero=True),
        "series_lead": _duration(allow_zero=True),
        "recap_summary_after": _duration(),
        "drop_out_window": _duration(allow_zero=True),
        "poll_refresh_delay": _duration(allow_zero=True),
        "late_grace": _duration(allow_zero=True),
        "nudge_lease": _duration(),
        "nudge_takeover_every": _duration(),
    },
    "logging": {"level": _log_level},
}


def _read_sections(raw: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    for section, table in raw.items():
        if section not in _SECTIONS:
            close = difflib.get_close_matches(section, _SECTIONS, n=1)
            hint = f"did you mean [{close[0]}]? " if close else ""
            raise ConfigError(f"[{section}]: unknown section; {hint}the sections are {', '.join(_SECTIONS)}")
        if not isinstance(table, dict):
            raise ConfigError(f"{section}: write it as a section, [{section}], with keys below it")
        readers = _SECTIONS[section]
        for key, value in table.items():
            if key not in readers:
                close = difflib.get_close_matches(key, readers, n=1)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                raise ConfigError(
                    f"[{section}] {key}: unknown key; {hint}the keys of [{section}] are {', '.join(readers)}"
                )
            values[section][key] = readers[key](f"[{section}] {key}", value)
    return values


def parse_config(raw: Mapping[str, Any], environ: Mapping[str, str]) -> Config:
    """Build a :class:`Config` from parsed TOML; the ``DISCORD_TOKEN`` variable beats the file."""
    values = _read_sections(raw)
    token = environ.get("DISCORD_TOKEN", "").strip() or values["discord"].pop("token", "")
    values["discord"].pop("token", None)
    if not token:
        raise ConfigError(
            'no Discord bot token: set the DISCORD_TOKEN environment variable or write token = "..." under '
            "[discord] in the config file (see README.md, 'Setting up the Discord application')"
        )
    try:
        check_shards(
            values["discord"].get("shard_count"),
            values["discord"].get("shard_ids"),
            shared_storage="url" in values["storage"],
        )
    except ShardError as error:
        raise ConfigError(str(error)) from None
    if "url" not in values["storage"]:
        # Created only when SQLite is the engine: with a url, no file appears on the host.
        path = values["storage"].get("path", StorageSettings.path)
        values["storage"]["path"] = _storage_path("[storage] path", str(path))
    return Config(
        discord=DiscordSettings(token=token, **values["discord"]),
        storage=StorageSettings(**values["storage"]),
        meetups=MeetupDefaults(**values["meetups"]),
        logging=LoggingSettings(**values["logging"]),
    )


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def _config_text(path: Path) -> str:
    """The file as UTF-8 text, a leading byte-order mark allowed (editors on Windows add one).

    TOML is UTF-8; a file saved as UTF-16 or in a legacy code page is refused naming the problem
    and the fix, instead of failing later on characters that look like garbage.
    """
    data = path.read_bytes()
    if data.startswith(UTF16_MARKS):
        raise ConfigError(f"{path}: the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start}); save it as UTF-8"
        ) from None


def load_config(path: Path | None, environ: Mapping[str, str] = os.environ) -> Config:
    """Read the file at ``path``; without a path, ``config.toml`` if it exists, else the defaults."""
    chosen = path or DEFAULT_CONFIG_PATH
    if not chosen.exists():
        if path is not None:
            raise ConfigError(
                f"{chosen}: no such config file; copy config.example.toml to {chosen} and edit it"
            )
        return parse_config({}, environ)
    try:
        raw = tomllib.loads(_config_text(chosen))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{chosen}: not valid TOML ({error})") from None
    except OSError as error:
        raise ConfigError(f"{chosen}: cannot be read ({error.strerror})") from None
    try:
        return parse_config(raw, environ)
    except ConfigError as error:
        raise ConfigError(f"{chosen}: {error}") from None
