"""Starting and stopping like a service: logs a host can read, an orderly stop on SIGTERM, and
every failure at start reduced to one line and an exit code.

A supervisor (systemd, Docker) sends SIGTERM and waits; the bot then stops taking new work, lets
the database writes in flight finish, closes the gateway and the database, and exits 0 within
:data:`SHUTDOWN_SECONDS`. A nudge interrupted half-way stays pending and resumes at the next start
with nothing doubled (deliveries are recorded one by one). A start that cannot go on (the config,
the token, the intents, the database, the network) ends with one line on stderr naming the cause
and the fix, never a traceback, with the exit codes below.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable

import aiohttp
import discord
from discord.ext import commands

from bot.db.engines import StorageError
from bot.db.migrate import SchemaError
from bot.logs import JsonFormatter
from bot.web.server import WebError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_CONFIG = 2
"""Something the host must change: the config file, the token, the intents, the database."""
EXIT_UNREACHABLE = 3
"""Discord could not be reached; a supervisor restarting the bot later is the right response."""
SHUTDOWN_SECONDS = 10.0
"""How long an orderly stop may take before the process gives up waiting and exits."""


class UnknownGuild(Exception):
    """``sync --guild`` named a server the bot is not in (or that does not exist)."""


PLAIN_FORMAT = "{asctime} {levelname:<8} {name}: {message}"


def setup_logging(level: str, format: str = "text") -> None:
    """discord.py's handler on the root logger: plain lines (coloured only on a terminal), or one
    JSON object a line with ``format = "json"``.

    The voice warnings at every start are about libraries a meetup bot never uses, so they are
    switched off through the flags discord.py reads for them.
    """
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    handler = logging.StreamHandler(sys.stderr)
    # discord.py also colours output inside any container, where logs go to a file or a collector.
    formatter: logging.Formatter | None = None
    if format == "json":
        formatter = JsonFormatter()
    elif not sys.stderr.isatty():
        formatter = logging.Formatter(PLAIN_FORMAT, "%Y-%m-%d %H:%M:%S", style="{")
    discord.utils.setup_logging(
        handler=handler,
        formatter=formatter or discord.utils.MISSING,
        level=getattr(logging, level),
        root=True,
    )
    # Alembic names its dialect and APScheduler each job it adds at every start; the bot logs its
    # own line per start, ready and nudge, so only their warnings matter to a host.
    for chatty in ("alembic", "apscheduler"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, getattr(logging, level)))


async def run_until_stopped(bot: commands.Bot, start: Callable[[], Awaitable[None]]) -> None:
    """Run ``start`` until it ends or SIGTERM/SIGINT asks the bot to stop in an orderly way."""
    loop = asyncio.get_running_loop()
    stopping: asyncio.Task[None] | None = None

    def stop(name: str) -> None:
        nonlocal stopping
        if stopping is None:
            log.info("%s received: finishing what is in flight, then stopping", name)
            stopping = loop.create_task(_close(bot))

    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop, signal.Signals(signal_number).name)
    try:
        await start()
    finally:
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signal_number)
        if stopping is not None:
            await stopping
            log.info("stopped")


async def _close(bot: commands.Bot) -> None:
    try:
        await asyncio.wait_for(bot.close(), SHUTDOWN_SECONDS)
    except TimeoutError:
        log.warning("shutdown took longer than %.0f s; stopping anyway", SHUTDOWN_SECONDS)


def explain(error: BaseException, *, storage_key: str) -> tuple[int, str] | None:
    """The one line and exit code for a failure at start, or None for one that is a bug."""
    if isinstance(error, discord.LoginFailure):
        return (
            EXIT_CONFIG,
            "config error: Discord refused the bot token; copy it again from the Developer Portal",
        )
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return EXIT_CONFIG, (
            "config error: enable the Message Content intent for the bot in the Developer Portal, "
            "or set [discord] message_content_intent = false"
        )
    if isinstance(error, StorageError | SchemaError):
        return EXIT_CONFIG, f"config error: {storage_key}: {error}"
    if isinstance(error, WebError):
        return EXIT_CONFIG, f"config error: [web] listen: {error}"
    if isinstance(error, UnknownGuild):
        return EXIT_CONFIG, f"sync: {error}"
    # Only failures to connect: any other OSError (a full disk, say) is not Discord's absence.
    if isinstance(error, aiohttp.ClientConnectionError | discord.GatewayNotFound):
        reason = str(error) or type(error).__name__
        return EXIT_UNREACHABLE, (
            f"cannot reach Discord ({reason}); check the network (and [discord] api_base), then start again"
        )
    return None
