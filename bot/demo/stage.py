"""The demo's stage: the loopback Discord, the real bot on it, and the transcript as it happens.

The bot is built by :func:`bot.app.build_bot` from a parsed config, exactly as a host runs it,
and talks HTTP and WebSocket to :class:`~local_discord.server.LocalDiscord`; only the
durations are compressed. A demo that silently shows less than it promises would mislead, so
every wait names what it waits for, and a step that does not deliver stops the run with that
name (:class:`DemoFailed`).
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot.app import MeetupBot, build_bot
from bot.config import parse_config
from local_discord import LocalDiscord
from local_discord.transcript import Transcript, narration

T = TypeVar("T")

MEETUPS: dict[str, Any] = {
    "timezone": "Europe/Stockholm",
    "reminder_offsets": ["10s"],
    "default_length": "5s",
    "recap_delay": "2s",
    "poll_refresh_delay": "1s",
}
"""The server's settings with hours turned into seconds; everything else is the bot's default."""

READY_TIMEOUT = 15.0
SHUTDOWN_TIMEOUT = 10.0


class DemoFailed(Exception):
    """A step did not deliver what it promised."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f'demo failed at step "{step}": {reason}')
        self.step = step
        self.reason = reason


class Missing(Exception):
    """What a step waited for and did not get; :meth:`Stage.step` adds which step it was."""


class Stage:
    """Where the story is played; everything the people do goes through it, so it can be told."""

    def __init__(self, out: TextIO, folder: Path) -> None:
        self.out = out
        self.folder = folder
        self.ld = LocalDiscord()
        self.transcript = Transcript(self.ld)
        self.bot: MeetupBot | None = None
        self.bot_task: asyncio.Task[None] | None = None
        self._closing = contextlib.AsyncExitStack()

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, out: TextIO) -> AsyncIterator[Stage]:
        """A started loopback Discord with a temporary folder for the database; both go away on exit."""
        with tempfile.TemporaryDirectory(prefix="meetup-demo-") as folder:
            stage = cls(out, Path(folder))
            await stage.ld.start()
            try:
                yield stage
            finally:
                await stage.shut_down()

    # -- the bot ---------------------------------------------------------------------------

    async def start_bot(self) -> MeetupBot:
        """Build the bot from config as a host would, and wait until it is connected."""
        raw = {
            "discord": {
                "api_base": self.ld.api_base,
                "gateway_url": self.ld.gateway_url,
                "guild_ready_timeout": "0s",
            },
            "storage": {"path": str(self.folder / "meetups.sqlite3")},
            "meetups": MEETUPS,
        }
        bot = await build_bot(parse_config(raw, {"DISCORD_TOKEN": self.ld.token}))
        self.bot = await self._closing.enter_async_context(bot)
        self.bot_task = asyncio.create_task(bot.start(self.ld.token))
        await self.run(bot.wait_until_ready(), "connection from the bot", READY_TIMEOUT)
        return bot

    async def shut_down(self) -> None:
        """Close the bot, then the server; a bot that does not close in time is cancelled."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._closing.aclose(), SHUTDOWN_TIMEOUT)
        if self.bot_task is not None:
            self.bot_task.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self.bot_task, SHUTDOWN_TIMEOUT)
        await self.ld.stop()

    # -- telling it ------------------------------------------------------------------------

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """One scene of the story; whatever goes wrong inside it is reported as this step failing."""
        self.flush()
        print(f"\n── {name} ──", file=self.out, flush=True)
        try:
            yield
        except Missing as missing:
            raise DemoFailed(name, str(missing)) from None
        except Exception as error:
            raise DemoFailed(name, f"{type(error).__name__}: {error}") from error
        self.flush()

    def say(self, text: str) -> None:
        """Tell what someone does rather than says, after everything that happened before it."""
        self.flush()
        print(narration(text), file=self.out, flush=True)

    def flush(self) -> None:
        """Print every message that appeared, changed or vanished since the last look."""
        for entry in self.transcript.new_messages():
            print(entry.text(), file=self.out, flush=True)

    # -- waiting ---------------------------------------------------------------------------

    async def expect(self, predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        """Wait until ``predicate`` holds, printing what happens meanwhile; ``what`` names it for a failure."""

        def check() -> bool:
            self.flush()
            return predicate()

        await self.run(self.ld.wait_for(check, timeout + 1), what, timeout)

    async def act(self, work: Awaitable[T]) -> T:
        """A person's interaction; the loopback Discord itself gives up if the bot never answers."""
        return await self.run(work, "the bot's answer", None)

    async def run(self, work: Awaitable[T], what: str, timeout: float | None) -> T:
        """Await ``work`` while watching the bot: if the bot's task ends first, that is the failure."""
        task = asyncio.ensure_future(work)
        watched: set[asyncio.Future[Any]] = {task}
        if self.bot_task is not None:
            watched.add(self.bot_task)
        done, _ = await asyncio.wait(watched, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            return task.result()
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
        if self.bot_task is not None and self.bot_task in done:
            raise Missing(f"the bot stopped ({self._why_stopped()}) while waiting for: {what}")
        raise Missing(f"no {what} within {timeout:g} s")

    def _why_stopped(self) -> str:
        assert self.bot_task is not None
        if self.bot_task.cancelled():
            return "cancelled"
        error = self.bot_task.exception()
        return f"{type(error).__name__}: {error}" if error else "it returned"
