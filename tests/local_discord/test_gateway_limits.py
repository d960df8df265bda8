"""The gateway's limits: the pace Discord admits IDENTIFYs at (``max_concurrency`` per five
seconds, one per rate-limit key ``shard_id % max_concurrency``, Invalid Session for the rest, and
a token reset once the day's session starts are used up), and the 120 frames a minute a client
may send on one connection."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
import pytest
from discord.ext import commands

from local_discord import LocalDiscord
from local_discord.gateway import SENDS_PER_MINUTE
from local_discord.harness import Factory, running
from local_discord.shards import IDENTIFY_WINDOW_S, SessionStartLimit

pytestmark = pytest.mark.timeout(30)

INVALID_SESSION, READY = "INVALID_SESSION", "READY"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def identify(ld: LocalDiscord, shard: list[int] | None = None) -> str | int:
    """One raw IDENTIFY's answer: the first event's name, ``INVALID_SESSION`` (Invalid Session with
    ``d: false``), or the close code if the gateway closed."""
    async with aiohttp.ClientSession() as http, http.ws_connect(ld.gateway_url) as ws:
        assert (await ws.receive_json())["op"] == 10
        data: dict[str, Any] = {"token": ld.token, "intents": 0, "properties": {}}
        if shard is not None:
            data["shard"] = shard
        await ws.send_json({"op": 2, "d": data})
        answer = await ws.receive()
        if answer.type is aiohttp.WSMsgType.CLOSE:
            return int(answer.data)
        frame = answer.json()
        if frame == {"op": 9, "t": None, "s": None, "d": False}:
            return INVALID_SESSION
        return str(frame["t"])


def test_one_start_per_key_within_five_seconds() -> None:
    """With ``max_concurrency`` 2, shards 0 and 1 start together, shard 2 (key 0) waits its five seconds."""
    clock = Clock()
    limit = SessionStartLimit(max_concurrency=2, clock=clock)
    for shard_id in (0, 1):
        assert limit.start(shard_id)
    assert not limit.start(2)
    clock.now += IDENTIFY_WINDOW_S - 0.01
    assert not limit.start(2)
    assert limit.payload()["remaining"] == 998
    clock.now += 0.01
    assert limit.start(2)
    assert limit.refused == 2


def test_the_day_of_starts_rolls_over() -> None:
    """The day's starts are used up at ``total`` and given back a day after the first."""
    clock = Clock()
    limit = SessionStartLimit(total=2, clock=clock)
    for _ in range(2):
        assert limit.start(0)
        clock.now += IDENTIFY_WINDOW_S
    assert limit.exhausted
    assert limit.payload()["remaining"] == 0
    clock.now += 86_400
    assert not limit.exhausted
    assert limit.payload() == {"total": 2, "remaining": 2, "reset_after": 0, "max_concurrency": 1}


async def test_a_second_identify_within_five_seconds_gets_invalid_session(
    local_discord: LocalDiscord,
) -> None:
    """As Discord does: Invalid Session (``d: false``) without a session, and the start is not counted."""
    clock = Clock()
    local_discord.gateway.start_limit.clock = clock
    assert await identify(local_discord) == READY
    assert await identify(local_discord) == INVALID_SESSION
    assert local_discord.gateway.start_limit.payload()["remaining"] == 999
    clock.now += IDENTIFY_WINDOW_S
    assert await identify(local_discord) == READY
    assert (local_discord.gateway.identifies, local_discord.gateway.start_limit.refused) == (2, 1)


async def test_shards_of_different_keys_start_together(local_discord: LocalDiscord) -> None:
    """Keys are ``shard_id % max_concurrency``: shards 0 and 1 of 4 both start, shard 2 shares 0's key."""
    local_discord.gateway.start_limit.max_concurrency = 2
    answers = [await identify(local_discord, [shard_id, 4]) for shard_id in (0, 1, 2)]
    assert answers == [READY, READY, INVALID_SESSION]


async def test_starts_used_up_reset_the_token(local_discord: LocalDiscord) -> None:
    """Past the day's total Discord resets the token: the next IDENTIFY fails authentication (4004)."""
    clock = Clock()
    limit = local_discord.gateway.start_limit
    limit.clock, limit.total = clock, 1
    assert await identify(local_discord) == READY
    clock.now += IDENTIFY_WINDOW_S
    assert await identify(local_discord) == 4004


async def test_a_process_started_right_after_another_still_connects(local_discord_factory: Factory) -> None:
    """Two processes of one bot started one after the other, as in a deploy: the second IDENTIFY
    comes within five seconds and is refused; discord.py waits its five seconds and identifies
    again, so both shards end up READY."""
    ld = await local_discord_factory()
    ld.add_guild("g")
    bots = [
        commands.AutoShardedBot(
            command_prefix="!",
            intents=discord.Intents.default(),
            guild_ready_timeout=0.1,
            shard_count=2,
            shard_ids=[shard_id],
        )
        for shard_id in (0, 1)
    ]
    async with running(bots[0], ld), running(bots[1], ld, timeout=IDENTIFY_WINDOW_S * 3):
        assert all(bot.is_ready() for bot in bots)
    assert (ld.gateway.identifies, ld.gateway.start_limit.refused) == (2, 1)


async def test_more_than_120_frames_a_minute_close_the_connection_with_4008(
    local_discord: LocalDiscord,
) -> None:
    """Discord disconnects a client that sends over 120 frames a minute on one connection."""
    async with aiohttp.ClientSession() as http, http.ws_connect(local_discord.gateway_url) as ws:
        assert (await ws.receive_json())["op"] == 10
        for _ in range(SENDS_PER_MINUTE):
            await ws.send_json({"op": 1, "d": None})
            assert (await ws.receive_json())["op"] == 11
        await ws.send_json({"op": 1, "d": None})
        closing = await ws.receive()
    assert closing.type is aiohttp.WSMsgType.CLOSE
    assert (closing.data, closing.extra) == (4008, "Rate limited.")
