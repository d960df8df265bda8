"""Two bots splitting two shards on one PostgreSQL database: after a new session each reads back
the reactions of its own shard's servers only, and the other shard's wait for their own bot."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from local_discord import Channel, Guild, LocalDiscord, Message, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import text_of

DATES = "Dec 11 18:00; Dec 12 18:00"


@dataclass
class Server:
    guild: Guild
    channel: Channel
    organizer: User
    voters: list[User]


def server_on_shard(ld: LocalDiscord, name: str, shard: int) -> Server:
    guild = ld.add_guild(name, shard=(shard, 2))
    return Server(
        guild,
        ld.add_text_channel(guild, "general"),
        ld.add_member(guild, f"{name}-organizer"),
        [ld.add_member(guild, f"{name}-voter{i}") for i in range(3)],
    )


async def propose(ld: LocalDiscord, server: Server) -> Message:
    result = await ld.slash(server.organizer, server.channel, "meetup propose", title="Picnic", dates=DATES)
    assert "posted" in (await result.final()).content
    (poll,) = [m for m in ld.messages(server.channel) if "New meetup poll" in m.content]
    await ld.wait_for(lambda: poll.reaction("2️⃣") is not None)
    return poll


def reads_reactions_of(ld: LocalDiscord, poll: Message, since: int) -> bool:
    """Whether any bot asked for the poll's reactions after request number ``since``."""
    return any(r.method == "GET" and f"/messages/{poll.id}/reactions" in r.path for r in ld.requests[since:])


@pytest.mark.parametrize("storage_engine", ["postgresql"])
async def test_each_bot_reconciles_its_own_shards_servers(world: World, storage_target: str) -> None:
    """Votes cast while both bots were down are read back by the bot of the poll's shard, once
    it has a new session; the other bot never reads that poll."""
    ld = world.ld
    north, south = server_on_shard(ld, "north", 0), server_on_shard(ld, "south", 1)
    first, second = BotHarness(ld, storage_target), BotHarness(ld, storage_target)
    try:
        await first.start(discord={"shard_count": 2, "shard_ids": [0]})
        await second.start(discord={"shard_count": 2, "shard_ids": [1]})
        north_poll, south_poll = await propose(ld, north), await propose(ld, south)
        await first.stop()
        await second.stop()
        for server, poll in ((north, north_poll), (south, south_poll)):
            for voter in server.voters:
                await ld.react(voter, poll, "1️⃣")

        before = len(ld.requests)
        await first.start(discord={"shard_count": 2, "shard_ids": [0]})
        await ld.wait_for(lambda: "**3 votes**" in text_of(north_poll), timeout=10)
        await first.stop()
        assert reads_reactions_of(ld, north_poll, before)
        assert not reads_reactions_of(ld, south_poll, before)
        assert "**3 votes**" not in text_of(south_poll)

        await second.start(discord={"shard_count": 2, "shard_ids": [1]})
        await ld.wait_for(lambda: "**3 votes**" in text_of(south_poll), timeout=10)
        await second.stop()
        votes = await first.rows(
            "SELECT meetups.guild_id, COUNT(*) FROM votes JOIN meetups ON meetups.id = votes.meetup_id"
            " GROUP BY meetups.guild_id ORDER BY meetups.guild_id"
        )
        assert sorted(votes) == sorted([(north.guild.id, 3), (south.guild.id, 3)])
    finally:
        await first.stop()
        await second.stop()
