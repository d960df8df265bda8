"""Whether the bot can do its work right now: connected to Discord, and its database answering.

A supervisor restarts what this calls unhealthy, so it checks only what a restart could mend or
a host must hear of at once, and says which it is in words a person reads in ``docker ps``.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import discord

from bot.db.database import Database


def gateway_problem(client: discord.AutoShardedClient) -> str | None:
    """Why the gateway is not serving, or None when every shard of this process is connected."""
    if client.is_closed():
        return "gateway closed"
    if not client.is_ready():
        return "gateway not connected yet"
    down = sorted(shard_id for shard_id, shard in client.shards.items() if shard.is_closed())
    if down:
        return f"gateway disconnected (shard {', '.join(map(str, down))})"
    return None


async def database_problem(database: Database, timeout: timedelta) -> str | None:
    """Why the database does not answer a trivial read within ``timeout``, or None when it does."""
    try:
        await asyncio.wait_for(database.ping(), timeout.total_seconds())
    except TimeoutError:
        return f"database down (no answer within {timeout.total_seconds():g} s)"
    except Exception as error:
        return f"database down ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
    return None


async def health(client: discord.AutoShardedClient, database: Database, timeout: timedelta) -> dict[str, Any]:
    """``{"status": "ok", ...}``, or ``{"status": "failing", "reasons": [...]}`` naming each problem."""
    gateway = gateway_problem(client)
    stored = await database_problem(database, timeout)
    reasons = [problem for problem in (gateway, stored) if problem is not None]
    report: dict[str, Any] = {
        "status": "failing" if reasons else "ok",
        "gateway": gateway or "connected",
        "database": stored or "ok",
    }
    if reasons:
        report["reasons"] = reasons
    return report
