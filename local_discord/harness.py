"""Running a discord.py client against a LocalDiscord, restoring discord.py's endpoints afterwards."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import discord
import yarl

from local_discord.server import LocalDiscord

Factory = Callable[..., Awaitable[LocalDiscord]]
"""What the ``local_discord_factory`` fixture gives: ``await factory(**LocalDiscord kwargs)``."""


@contextlib.contextmanager
def pointed_at(ld: LocalDiscord) -> Iterator[None]:
    """Point discord.py at ``ld`` the only way the bot's own code does, and restore afterwards."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = ld.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(ld.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def running(client: discord.Client, ld: LocalDiscord, *, timeout: float = 10.0) -> AsyncIterator[Any]:
    """Log ``client`` in to ``ld`` and yield once it is ready; close it on exit."""
    with pointed_at(ld):
        task = asyncio.create_task(client.start(ld.token))
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                task.result()
                raise RuntimeError("the client stopped before it became ready")
            if ready not in done:
                raise TimeoutError(f"the client was not ready within {timeout} s")
            yield client
        finally:
            ready.cancel()
            await client.close()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, timeout)
