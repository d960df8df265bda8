"""The real bot, built by its own composition root, against the loopback Discord.

A test gets a small world (one server, a #general channel, a few members) and a harness that
starts and stops bots on one database file, the way a host would restart the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import MeetupBot, build_bot
from bot.config import Config, parse_config
from bot.db.database import Database
from local_discord import DEFAULT_MEMBER_PERMISSIONS, Channel, Guild, LocalDiscord, Message, P, User

REPOSITORY = Path(__file__).resolve().parents[2]
FAST_MEETUPS = {
    "poll_duration": "1h",
    "reminder_offsets": ["24h", "2h"],
    "poll_refresh_delay": "1s",
}


@dataclass
class World:
    ld: LocalDiscord
    guild: Guild
    general: Channel
    alice: User
    bob: User
    carol: User
    dave: User
    moderator: User

    def bot_messages(self, channel: Channel | None = None) -> list[Message]:
        return [m for m in self.ld.messages(channel or self.general) if m.author is self.ld.bot_user]


@pytest.fixture
async def world(local_discord: LocalDiscord) -> World:
    ld = local_discord
    guild = ld.add_guild("Course friends")
    general = ld.add_text_channel(guild, "general")
    return World(
        ld=ld,
        guild=guild,
        general=general,
        alice=ld.add_member(guild, "alice", display_name="Alice"),
        bob=ld.add_member(guild, "bob", display_name="Bob"),
        carol=ld.add_member(guild, "carol", display_name="Carol"),
        dave=ld.add_member(guild, "dave", display_name="Dave"),
        moderator=ld.add_member(
            guild, "mod", display_name="Mod", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_EVENTS
        ),
    )


class BotHarness:
    """Starts the real bot on one database (a SQLite file or a PostgreSQL url); stopping and
    starting again is a restart."""

    def __init__(self, ld: LocalDiscord, db_path: Path | str) -> None:
        self.ld = ld
        self.db_path = db_path
        self.bot: MeetupBot | None = None
        self._task: asyncio.Task[None] | None = None
        self._synced = False

    def config(self, meetups: dict[str, Any] | None = None, **sections: dict[str, Any]) -> Config:
        raw: dict[str, Any] = {
            "discord": {
                "api_base": self.ld.api_base,
                "gateway_url": self.ld.gateway_url,
                "guild_ready_timeout": "0s",
            },
            "storage": {"url": self.db_path}
            if isinstance(self.db_path, str)
            else {"path": str(self.db_path)},
            "meetups": {**FAST_MEETUPS, **(meetups or {})},
        }
        for section, values in sections.items():
            raw.setdefault(section, {}).update(values)
        return parse_config(raw, {"DISCORD_TOKEN": self.ld.token})

    async def start(self, meetups: dict[str, Any] | None = None, **sections: dict[str, Any]) -> MeetupBot:
        """Build the bot from config, log in, wait until ready; register commands the first time."""
        bot = await build_bot(self.config(meetups, **sections))
        self.bot = bot
        self._task = asyncio.create_task(bot.start(self.ld.token))
        ready = asyncio.create_task(bot.wait_until_ready())
        # Room for one Invalid Session: a restart within five seconds of the last IDENTIFY waits
        # its turn, as on Discord.
        done, _ = await asyncio.wait({self._task, ready}, timeout=20, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            self._task.result()
            raise RuntimeError("the bot stopped before it became ready")
        if ready not in done:
            ready.cancel()
            raise TimeoutError("the bot was not ready within 20 s")
        if not self._synced:
            await bot.tree.sync()
            self._synced = True
        return bot

    async def rows(self, sql: str) -> list[tuple[object, ...]]:
        """What the database holds, read through a connection of its own, on either engine.

        Opening a SQLite file voids its nudge leases (a new process assumes the old one died), so
        call this while the bot is stopped."""
        database = await Database.open(self.db_path)
        try:
            return [tuple(row.values()) for row in await database.fetch_all(sql)]
        finally:
            await database.close()

    async def stop(self) -> None:
        if self.bot is None:
            return
        await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self._task, 10)
        self.bot = None
        self._task = None


@pytest.fixture
async def harness(world: World, storage_target: Path | str) -> AsyncIterator[BotHarness]:
    running = BotHarness(world.ld, storage_target)
    yield running
    await running.stop()


class BotProcess:
    """The bot as its own process (``python -m bot --config ...``), for drills that kill it."""

    def __init__(
        self,
        ld: LocalDiscord,
        folder: Path,
        meetups: dict[str, Any] | None = None,
        *,
        storage_url: str | None = None,
        shards: tuple[int, int] | None = None,
        sections: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """``storage_url`` puts it on PostgreSQL instead of a SQLite file in ``folder``;
        ``shards`` = (shard_id, shard_count) makes it serve that one shard; ``sections`` adds
        text keys to other sections, such as ``{"logging": {"format": "json"}}``."""
        self.ld = ld
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.config_path = folder / "config.toml"
        self.log_path = folder / "bot.log"
        self.process: asyncio.subprocess.Process | None = None
        settings = {**FAST_MEETUPS, **(meetups or {})}
        lines = [
            "[discord]",
            f'api_base = "{ld.api_base}"',
            f'gateway_url = "{ld.gateway_url}"',
            'guild_ready_timeout = "0s"',
            *([f"shard_count = {shards[1]}", f"shard_ids = [{shards[0]}]"] if shards else []),
            "[storage]",
            f'url = "{storage_url}"' if storage_url else f'path = "{folder / "meetups.sqlite3"}"',
            "[meetups]",
        ]
        for key, value in settings.items():
            rendered = (
                "[" + ", ".join(f'"{item}"' for item in value) + "]"
                if isinstance(value, list)
                else f'"{value}"'
            )
            lines.append(f"{key} = {rendered}")
        for section, keys in (sections or {}).items():
            lines += [f"[{section}]", *(f'{key} = "{value}"' for key, value in keys.items())]
        self.config_path.write_text("\n".join(lines) + "\n")

    async def _exec(self, *arguments: str) -> asyncio.subprocess.Process:
        environment = {**os.environ, "DISCORD_TOKEN": self.ld.token}
        log = self.log_path.open("ab")
        try:
            return await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                *arguments,
                "--config",
                str(self.config_path),
                env=environment,
                cwd=REPOSITORY,
                stdout=log,
                stderr=log,
            )
        finally:
            log.close()

    async def sync(self) -> None:
        """Register the commands the way a host does, with ``python -m bot sync``."""
        process = await self._exec("sync")
        assert await asyncio.wait_for(process.wait(), 30) == 0, self.log_path.read_text()

    async def start(self) -> None:
        identified = self.ld.gateway.identifies
        self.process = await self._exec()
        await self.ld.wait_for(
            lambda: self.ld.gateway.identifies > identified and self.ld.gateway.connected, timeout=20
        )

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        self.process = None

    def pause(self) -> None:
        """SIGSTOP: the process stalls (a long GC pause, a frozen VM) without knowing it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        self.process = None


@pytest.fixture
async def bot_process_factory(world: World, tmp_path: Path) -> AsyncIterator[Callable[..., BotProcess]]:
    made: list[BotProcess] = []

    def make(
        meetups: dict[str, Any] | None = None, sections: dict[str, dict[str, str]] | None = None
    ) -> BotProcess:
        made.append(BotProcess(world.ld, tmp_path, meetups, sections=sections))
        return made[-1]

    yield make
    for process in made:
        await process.stop()
