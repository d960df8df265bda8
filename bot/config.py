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
from zoneinfo import ZoneInfo

from bot import config_values as read
from bot.config_values import ConfigError as ConfigError
from bot.domain.shards import ShardError, check_shards

DEFAULT_CONFIG_PATH = Path("config.toml")
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"


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


@dataclass(frozen=True)
class LoggingSettings:
    """How much the bot logs (INFO gives one line per start, ready, nudge and shutdown), and as
    plain lines for people or one JSON object a line for a log collector."""

    level: str = "INFO"
    format: str = "text"


@dataclass(frozen=True)
class WebSettings:
    """The bot's own web server (health check, metrics, calendar feeds); off without ``listen``."""

    listen: tuple[str, int] | None = None
    public_url: str | None = None
    """The address members reach the server at (behind a proxy, say); else the listen address."""
    health_timeout: timedelta = timedelta(seconds=3)
    """How long /healthz waits for the database before calling it down."""


@dataclass(frozen=True)
class Config:
    discord: DiscordSettings
    storage: StorageSettings = field(default_factory=StorageSettings)
    meetups: MeetupDefaults = field(default_factory=MeetupDefaults)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    web: WebSettings = field(default_factory=WebSettings)


_SECTIONS: dict[str, dict[str, Callable[[str, Any], Any]]] = {
    "discord": {
        "token": read.token,
        "api_base": read.url(("http", "https")),
        "gateway_url": read.url(("ws", "wss")),
        "message_content_intent": read.flag,
        "guild_ready_timeout": read.duration(allow_zero=True),
        "requests_per_second": read.rate,
        "shard_count": read.shard_count,
        "shard_ids": read.shard_ids,
    },
    "storage": {"path": read.file_path, "url": read.storage_url},
    "meetups": {
        "timezone": read.timezone,
        "languages": read.languages,
        "poll_duration": read.duration(),
        "reminder_offsets": read.durations,
        "default_length": read.duration(),
        "recap_delay": read.duration(allow_zero=True),
        "series_lead": read.duration(allow_zero=True),
        "recap_summary_after": read.duration(),
        "drop_out_window": read.duration(allow_zero=True),
        "poll_refresh_delay": read.duration(allow_zero=True),
        "late_grace": read.duration(allow_zero=True),
        "nudge_lease": read.duration(),
        "nudge_takeover_every": read.duration(),
    },
    "logging": {"level": read.log_level, "format": read.log_format},
    "web": {
        "listen": read.listen_address,
        "public_url": read.url(("http", "https")),
        "health_timeout": read.duration(),
    },
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
        values["storage"]["path"] = read.storage_path("[storage] path", str(path))
    return Config(
        discord=DiscordSettings(token=token, **values["discord"]),
        storage=StorageSettings(**values["storage"]),
        meetups=MeetupDefaults(**values["meetups"]),
        logging=LoggingSettings(**values["logging"]),
        web=WebSettings(**values["web"]),
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
