"""What the benches that start the bot share: the loopback Discord and the bot as its own process.

The bot runs as ``python -m bot --config ...``, exactly as a host runs it, in its own process:
the loopback server and the load generator live in the bench's process, so the bot's event loop
is not shared with the traffic it is measured under. Its output is read through a pipe and
every line is stamped on arrival with ``time.monotonic()``, the clock the server's request log
uses, so log lines and requests can be compared. Nothing here imports from ``tests/``; the
options and the reporting every bench shares are in ``bench.report``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import postgres
from bench.report import MEASURED, REPOSITORY
from local_discord import LocalDiscord, Message

FAST_START = {"guild_ready_timeout": "0s"}
"""discord.py waits this long for more servers after READY before ``on_ready``; one server needs none."""


# -- the loopback Discord -----------------------------------------------------------------


async def start_local_discord() -> LocalDiscord:
    """A LocalDiscord without spec validation: validating every body would load the server, not the bot."""
    ld = LocalDiscord()
    await ld.start()
    return ld


def text_of(message: Message) -> str:
    """Content plus every embed's title and description, as a person reads the message."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
    return "\n".join(part for part in parts if part)


def future_dates(count: int, *, days_ahead: int = 10) -> str:
    """``count`` candidate times as a member types them (``Dec 07 18:00; ...``), always in the future."""
    first = datetime.now(UTC).date() + timedelta(days=days_ahead)
    return "; ".join(f"{first + timedelta(days=offset):%b %d} 18:00" for offset in range(count))


# -- the bot as a process -------------------------------------------------------------------


@dataclass
class LogLine:
    """One line the bot printed, stamped with the bench's monotonic clock when it arrived."""

    at: float
    text: str


@dataclass
class BotProcess:
    """``python -m bot`` against a LocalDiscord, with its own config file and database in ``folder``.

    With ``profile`` set, the bot runs under ``py-spy record`` (a ``.txt`` path gets collapsed
    stacks, anything else a flame graph), so a poor figure comes with the evidence of its cause.
    """

    ld: LocalDiscord
    folder: Path
    meetups: dict[str, Any] = field(default_factory=dict)
    profile: Path | None = None
    storage_url: str | None = field(default_factory=lambda: MEASURED.url)
    """``[storage] url`` when measured on PostgreSQL; otherwise the SQLite file ``db_path``."""
    discord: dict[str, Any] = field(default_factory=dict)
    """More ``[discord]`` settings, e.g. ``shard_count``, ``shard_ids``, ``requests_per_second``."""
    lines: list[LogLine] = field(default_factory=list)
    started_at: float = 0.0
    _process: asyncio.subprocess.Process | None = None
    _reader: asyncio.Task[None] | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = [
            "[discord]",
            f'api_base = "{self.ld.api_base}"',
            f'gateway_url = "{self.ld.gateway_url}"',
            *(f"{key} = {json.dumps(value)}" for key, value in {**FAST_START, **self.discord}.items()),
            "[storage]",
            f'url = "{self.storage_url}"' if self.storage_url else f'path = "{self.db_path}"',
            "[meetups]",
            *(f"{key} = {json.dumps(value)}" for key, value in self.meetups.items()),
        ]
        self.config_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @property
    def config_path(self) -> Path:
        """The TOML file the bot is started with."""
        return self.folder / "config.toml"

    @property
    def db_path(self) -> Path:
        """The bot's SQLite file."""
        return self.folder / "meetups.sqlite3"

    @property
    def database(self) -> Path | str:
        """Where the bot's rows are, for ``count_rows``: the PostgreSQL url or the SQLite file."""
        return self.storage_url or self.db_path

    @property
    def log_path(self) -> Path:
        """Everything the bot printed, kept for a look after the run."""
        return self.folder / "bot.log"

    def _command(self, *arguments: str) -> list[str]:
        return [sys.executable, "-m", "bot", *arguments, "--config", str(self.config_path)]

    def _environment(self) -> dict[str, str]:
        return {**os.environ, "DISCORD_TOKEN": self.ld.token, "PYTHONUNBUFFERED": "1"}

    async def sync(self) -> None:
        """Register the slash commands the way a host does, with ``python -m bot sync``."""
        process = await asyncio.create_subprocess_exec(
            *self._command("sync"),
            cwd=REPOSITORY,
            env=self._environment(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(process.communicate(), 60)
        if process.returncode != 0:
            raise RuntimeError(f"python -m bot sync failed:\n{output.decode(errors='replace')}")

    async def start(self) -> float:
        """Start the process; returns the monotonic time just before it was spawned."""
        command = self._command()
        if self.profile is not None:
            kind = "raw" if self.profile.suffix == ".txt" else "flamegraph"
            spy = Path(sys.executable).with_name("py-spy")
            command = [str(spy), "record", "--rate", "250", "--format", kind, "-o", str(self.profile), "--"]
            command += self._command()
        self.lines.clear()
        self.started_at = time.monotonic()
        self._process = await asyncio.create_subprocess_exec(
            *command,
            cwd=REPOSITORY,
            env=self._environment(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read(self._process))
        return self.started_at

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        with self.log_path.open("a", encoding="utf-8") as log:
            while raw := await process.stdout.readline():
                line = LogLine(time.monotonic(), raw.decode(errors="replace").rstrip("\n"))
                self.lines.append(line)
                log.write(f"{line.at - self.started_at:9.3f} {line.text}\n")
                self._changed.set()
                self._changed = asyncio.Event()
        self._changed.set()

    async def wait_for_line(self, needle: str, timeout: float) -> LogLine:
        """The first line containing ``needle``; fails early if the bot exits instead."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.lines:
                if needle in line.text:
                    return line
            if self._process is not None and self._process.returncode is not None:
                raise RuntimeError(f"the bot exited ({self._process.returncode}); see {self.log_path}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no line with {needle!r} within {timeout} s; see {self.log_path}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))

    async def start_and_wait_ready(self, timeout: float = 60) -> float:
        """Start, then wait until the bot identified on the gateway and processed READY."""
        identified = self.ld.gateway.identifies
        started = await self.start()
        await self.wait_for_line("has connected to Gateway", timeout)
        await self.ld.wait_for(lambda: self.ld.gateway.identifies > identified, timeout=timeout)
        return started

    @property
    def pid(self) -> int:
        """The bot's own pid (the child of py-spy when profiling)."""
        assert self._process is not None
        return _bot_pid(self._process, profiled=self.profile is not None)

    def status_kib(self, key: str) -> int:
        """A ``/proc/<pid>/status`` figure in KiB: ``VmHWM`` is the peak resident set, ``VmRSS`` now."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
        raise LookupError(key)

    def cpu_seconds(self) -> float:
        """CPU time the bot's process has used so far (all its threads, user and system)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        """SIGTERM to the bot (py-spy then writes its profile), SIGKILL if it lingers."""
        await self._end(signal.SIGTERM)

    async def kill(self) -> None:
        """SIGKILL to the bot: no shutdown code runs, as in a crash, an OOM kill or a lost host."""
        await self._end(signal.SIGKILL)

    async def _end(self, sent: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            os.kill(_bot_pid(process, profiled=self.profile is not None), sent)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 5)


def _bot_pid(process: asyncio.subprocess.Process, *, profiled: bool) -> int:
    """The process itself, or under py-spy its child (py-spy itself once the child is gone)."""
    if not profiled:
        return process.pid
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return int(children[0]) if children else process.pid


# -- the database, read from outside ------------------------------------------------------------


def count_rows(database: Path | str, sql: str) -> int:
    """One number from the bot's database, read the way any other process may.

    A SQLite file is read directly (WAL allows it); PostgreSQL through ``psql``, a blocking call
    like ``sqlite3``'s so that callers need not care which engine is measured.
    """
    if isinstance(database, str):
        programs = postgres.binaries()
        psql = str(programs / "psql") if programs is not None else "psql"
        answer = subprocess.run([psql, database, "-tAc", sql], capture_output=True, text=True, check=True)
        return int(answer.stdout.strip())
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as db:
        return int(db.execute(sql).fetchone()[0])


async def quiesce(ld: LocalDiscord, *, idle: float = 1.0, timeout: float = 60.0) -> float:
    """Wait until the bot has sent no request for ``idle`` seconds; returns the seconds waited.

    A phase's background work (reactions on fresh polls, edits) must not spill into the next
    phase's measurements.
    """
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        last = ld.requests[-1].time if ld.requests else started
        quiet = time.monotonic() - last
        if quiet >= idle:
            break
        await asyncio.sleep(idle - quiet)
    return time.monotonic() - started
