"""Gateway sharding against real discord.py clients: each guild's events on its shard, DMs on shard 0.

discord.py waits five seconds before every IDENTIFY after a process's first one, to respect
``max_concurrency``. The worlds here have a large bot's start limit (16 IDENTIFYs at once), so
the sharded clients skip that wait; ``test_gateway_limits.py`` covers the pacing itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import aiohttp
import discord
import pytest
from discord.ext import commands
from jsonschema import Draft202012Validator

from local_discord import Channel, Guild, LocalDiscord, User
from local_discord.harness import Factory, pointed_at, running
from local_discord.shards import InvalidShard, Shard, owns, parse_shard, shard_of
from local_discord.testing import SPEC_PATH
from local_discord.validation import SPEC_URI, load_spec

pytestmark = pytest.mark.timeout(30)


def intents() -> discord.Intents:
    """What a meetup bot asks for, members and message content included."""
    chosen = discord.Intents.default()
    chosen.members = True
    chosen.message_content = True
    return chosen


async def identify_at_once(shard_id: int | None, *, initial: bool = False) -> None:
    """A ``before_identify_hook`` without discord.py's five-second pause."""


def as_large_bot(ld: LocalDiscord) -> LocalDiscord:
    """Discord's start limit for a large bot: 16 shards may IDENTIFY at once."""
    ld.gateway.start_limit.max_concurrency = 16
    return ld


def sharded_bot(**options: Any) -> commands.AutoShardedBot:
    """An AutoShardedBot (``shard_count``/``shard_ids`` in ``options``) that identifies its shards at once."""
    bot = commands.AutoShardedBot(command_prefix="!", intents=intents(), guild_ready_timeout=0.1, **options)
    bot.before_identify_hook = identify_at_once  # type: ignore[method-assign]
    return bot


class Town:
    """Guilds placed on chosen shards, each with a channel, and alice in all of them."""

    def __init__(self, ld: LocalDiscord, shards: list[Shard]) -> None:
        self.ld = ld
        self.guilds: list[Guild] = [ld.add_guild(f"g{i}", shard=s) for i, s in enumerate(shards)]
        self.channels: list[Channel] = [ld.add_text_channel(g, "general") for g in self.guilds]
        self.alice: User = ld.add_member(self.guilds[0], "alice")
        for guild in self.guilds[1:]:
            ld.add_member(guild, self.alice)

    def on_shard(self, shard: Shard) -> set[int]:
        """Ids of the guilds Discord's formula gives to ``shard``."""
        return {g.id for g in self.guilds if owns(shard, g.id)}


Delivery = tuple[Shard | None, str, int | None]
"""Shard of the receiving session, event name, and the event's guild id (None: no guild)."""


def deliveries(ld: LocalDiscord, event: str | None = None) -> list[Delivery]:
    """Every dispatch the live sessions received so far (only ``event`` ones if given)."""
    found = []
    for session in ld.gateway.sessions.values():
        for _, name, frame in session.history:
            data = json.loads(frame)["d"]
            guild_id = data["id"] if name == "GUILD_CREATE" else data.get("guild_id")
            if event in (None, name):
                found.append((session.shard, name, int(guild_id) if guild_id else None))
    return found


def misrouted(ld: LocalDiscord) -> list[Delivery]:
    """Dispatches that reached a shard not owning their guild (for events without one: not shard 0)."""
    return [d for d in deliveries(ld) if d[1] not in ("READY", "RESUMED") and not owns(d[0], d[2])]


def record_messages(bot: commands.Bot, into: list[tuple[int | None, str]]) -> None:
    """Note (guild id or None, content) of every message ``bot`` receives."""

    async def on_message(message: discord.Message) -> None:
        into.append((message.guild.id if message.guild else None, message.content))

    bot.add_listener(on_message)


def record_reactions(bot: commands.Bot, into: list[int | None]) -> None:
    """Note the guild id of every reaction ``bot`` receives."""

    async def on_raw_reaction_add(payload: discord.RawReactionActionEvent) -> None:
        into.append(payload.guild_id)

    bot.add_listener(on_raw_reaction_add)


# -- the sharding rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [[0], [0, 1, 2], ["0", "1"], [True, 2], [2, 2], [-1, 2], [0, 0], "0,1"])
def test_shard_arrays_discord_refuses(value: Any) -> None:
    """Anything but [shard_id, num_shards] with 0 <= shard_id < num_shards is an invalid shard."""
    with pytest.raises(InvalidShard):
        parse_shard(value)


def test_sharding_formula_and_events_without_a_guild() -> None:
    """The formula reads the id's timestamp; events without a guild belong to shard 0 only."""
    assert parse_shard(None) is None
    assert parse_shard([1, 3]) == (1, 3)
    assert shard_of(5 << 22, 3) == 2
    assert owns((2, 3), 5 << 22)
    assert not owns((0, 3), 5 << 22)
    assert owns((0, 3), None)
    assert not owns((1, 3), None)
    assert owns(None, None)
    assert owns(None, 5 << 22)


def test_add_guild_places_the_guild_on_the_chosen_shard() -> None:
    """``shard=(i, n)`` gives ids that land on shard i, still increasing; a shard that cannot exist is refused."""
    ld = LocalDiscord()
    guilds = [ld.add_guild(f"g{i}", shard=(i % 5, 5)) for i in range(10)]
    assert [shard_of(g.id, 5) for g in guilds] == [i % 5 for i in range(10)]
    assert [g.id for g in guilds] == sorted({g.id for g in guilds})
    with pytest.raises(InvalidShard):
        ld.add_guild("nowhere", shard=(3, 3))


# -- GET /gateway/bot -------------------------------------------------------------------------------


async def bot_gateway(ld: LocalDiscord) -> dict[str, Any]:
    """GET /gateway/bot as discord.py asks it, checked against the spec's response schema."""
    client = discord.Client(intents=intents())
    with pointed_at(ld):
        await client.login(ld.token)
        try:
            data = await client.http.request(discord.http.Route("GET", "/gateway/bot"))
        finally:
            await client.close()
    _, registry = load_spec(SPEC_PATH)
    schema = {"$ref": SPEC_URI + "#/components/schemas/GatewayBotResponse"}
    Draft202012Validator(schema, registry=registry).validate(data)
    return data


async def test_gateway_bot_recommends_a_shard_per_guilds_per_shard(local_discord_factory: Factory) -> None:
    """One shard per ``guilds_per_shard`` guilds (rounded up, at least one), the gateway URL and the limit."""
    ld = await local_discord_factory(guilds_per_shard=2)
    assert (await bot_gateway(ld))["shards"] == 1
    for i in range(5):
        ld.add_guild(f"g{i}")
    data = await bot_gateway(ld)
    assert data["shards"] == 3
    assert data["url"] == ld.gateway_url
    assert data["session_start_limit"] == {
        "total": 1000,
        "remaining": 1000,
        "reset_after": 0,
        "max_concurrency": 1,
    }


async def test_small_worlds_get_one_shard_and_each_identify_is_counted(
    local_discord_factory: Factory,
) -> None:
    """With Discord's 1,000 guilds per shard a test world needs one shard; an IDENTIFY uses a session start."""
    ld = await local_discord_factory()
    for i in range(3):
        ld.add_guild(f"g{i}")
    async with running(sharded_bot(), ld) as bot:
        assert bot.shard_count == 1
        limit = await bot.fetch_session_start_limits()
    assert (limit.total, limit.remaining, limit.max_concurrency) == (1000, 999, 1)
    assert 0 < limit.reset_after <= 86_400_000


# -- routing ---------------------------------------------------------------------------------------------


async def test_auto_sharded_client_receives_each_guild_on_its_shard(local_discord_factory: Factory) -> None:
    """Two shards from GET /gateway/bot: READY, GUILD_CREATE, chunks, messages and reactions per shard."""
    ld = as_large_bot(await local_discord_factory(guilds_per_shard=2, max_guilds_per_shard=2))
    town = Town(ld, [(0, 2), (1, 2), (0, 2), (1, 2)])
    bot = sharded_bot()
    seen: list[tuple[int | None, str]] = []
    reactions: list[int | None] = []
    record_messages(bot, seen)
    record_reactions(bot, reactions)
    async with running(bot, ld):
        assert bot.shard_count == 2
        assert {g.id: g.shard_id for g in bot.guilds} == {g.id: shard_of(g.id, 2) for g in town.guilds}
        assert all(g.chunked and len(g.members) == 2 for g in bot.guilds)
        for shard in [(0, 2), (1, 2)]:
            session = next(s for s in ld.gateway.sessions.values() if s.shard == shard)
            ready = json.loads(session.history[0][2])["d"]
            assert ready["shard"] == list(shard)
            assert {int(g["id"]) for g in ready["guilds"]} == town.on_shard(shard)
        for channel in town.channels:
            posted = await ld.post_message(town.alice, channel, f"hello {channel.guild_id}")
            await ld.react(town.alice, posted, "🍕")
        await ld.post_message(town.alice, ld.dm_channel(town.alice), "psst")
        await ld.wait_for(lambda: len(seen) == 5 and len(reactions) == 4)
        assert misrouted(ld) == []
        assert {e for _, e, _ in deliveries(ld)} >= {"GUILD_MEMBERS_CHUNK", "MESSAGE_REACTION_ADD"}
        assert sorted(g for _, _, g in deliveries(ld, "GUILD_CREATE")) == sorted(g.id for g in town.guilds)
        assert deliveries(ld, "MESSAGE_CREATE").count(((0, 2), "MESSAGE_CREATE", None)) == 1
    assert sorted(seen, key=str) == sorted(
        [(c.guild_id, f"hello {c.guild_id}") for c in town.channels] + [(None, "psst")], key=str
    )
    assert sorted(reactions) == sorted(g.id for g in town.guilds)


async def test_two_processes_each_receive_only_their_shards_guilds(local_discord_factory: Factory) -> None:
    """Shards 0 and 1 of 2 in separate clients on one token: guilds, messages and reactions split; DMs on 0."""
    ld = as_large_bot(await local_discord_factory())
    town = Town(ld, [(0, 2), (1, 2), (1, 2)])
    bots = [sharded_bot(shard_count=2, shard_ids=[i]) for i in range(2)]
    seen: list[list[tuple[int | None, str]]] = [[], []]
    reactions: list[list[int | None]] = [[], []]
    for bot, messages, reacted in zip(bots, seen, reactions, strict=True):
        record_messages(bot, messages)
        record_reactions(bot, reacted)
    async with running(bots[0], ld), running(bots[1], ld):
        for i, bot in enumerate(bots):
            assert {g.id for g in bot.guilds} == town.on_shard((i, 2))
        assert len(ld.gateway.sessions) == 2
        for channel in town.channels:
            posted = await ld.post_message(town.alice, channel, "hi")
            await ld.react(town.alice, posted, "👍")
        await ld.post_message(town.alice, ld.dm_channel(town.alice), "psst")
        await ld.wait_for(lambda: len(seen[0]) == 2 and len(seen[1]) == 2 and len(reactions[1]) == 2)
        assert reactions[0] == [town.guilds[0].id]
        assert misrouted(ld) == []
    assert seen[0] == [(town.guilds[0].id, "hi"), (None, "psst")]
    assert seen[1] == [(town.guilds[1].id, "hi"), (town.guilds[2].id, "hi")]


async def test_guild_changes_reach_only_the_guilds_shard(local_discord_factory: Factory) -> None:
    """Channels, roles, members, threads and scheduled events of a guild are announced on its shard only."""
    ld = as_large_bot(await local_discord_factory())
    town = Town(ld, [(0, 2), (1, 2)])
    bots = [sharded_bot(shard_count=2, shard_ids=[i]) for i in range(2)]
    async with running(bots[0], ld), running(bots[1], ld):
        added = ld.add_text_channel(town.guilds[0], "plans")
        ld.add_role(town.guilds[1], "organisers")
        ld.add_member(town.guilds[1], "bob")
        channel = bots[1].get_channel(town.channels[1].id)
        assert isinstance(channel, discord.TextChannel)
        thread = await channel.create_thread(name="pizza", type=discord.ChannelType.public_thread)
        guild = bots[1].get_guild(town.guilds[1].id)
        assert guild is not None
        start = discord.utils.utcnow() + dt.timedelta(days=1)
        event = await guild.create_scheduled_event(
            name="Pizza",
            start_time=start,
            end_time=start + dt.timedelta(hours=2),
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
            location="Luigi's",
        )
        await ld.wait_for(
            lambda: (
                bots[0].get_channel(added.id) is not None
                and guild.get_thread(thread.id) is not None
                and guild.get_scheduled_event(event.id) is not None
                and guild.get_member_named("bob") is not None
            )
        )
        assert bots[1].get_channel(added.id) is None
        assert misrouted(ld) == []
        announced = {(shard, name) for shard, name, _ in deliveries(ld) if name not in ("READY", "RESUMED")}
        assert {
            ((0, 2), "CHANNEL_CREATE"),
            ((1, 2), "GUILD_ROLE_CREATE"),
            ((1, 2), "GUILD_MEMBER_ADD"),
            ((1, 2), "THREAD_CREATE"),
            ((1, 2), "GUILD_SCHEDULED_EVENT_CREATE"),
        } <= announced


async def test_resumed_shards_keep_their_guilds(local_discord_factory: Factory) -> None:
    """After a dropped connection each process RESUMEs its own shard and still gets only its guilds."""
    ld = as_large_bot(await local_discord_factory())
    town = Town(ld, [(0, 2), (1, 2)])
    bots = [sharded_bot(shard_count=2, shard_ids=[i]) for i in range(2)]
    seen: list[list[tuple[int | None, str]]] = [[], []]
    for bot, messages in zip(bots, seen, strict=True):
        record_messages(bot, messages)
    async with running(bots[0], ld), running(bots[1], ld):
        await ld.drop_gateway()
        for channel in town.channels:
            await ld.post_message(town.alice, channel, "while you were away")
        await ld.wait_for(lambda: ld.gateway.resumes == 2 and ld.gateway.connected)
        for channel in town.channels:
            await ld.post_message(town.alice, channel, "back")
        await ld.wait_for(lambda: len(seen[0]) == 2 and len(seen[1]) == 2)
        assert ld.gateway.identifies == 2
        assert sorted(s.shard for s in ld.gateway.sessions.values()) == [(0, 2), (1, 2)]
    for i, guild in enumerate(town.guilds):
        assert seen[i] == [(guild.id, "while you were away"), (guild.id, "back")]


def answers_with(label: str, calls: list[str]) -> Callable[[commands.Bot], None]:
    """Add ``/where``, answered with ``label`` so a test can tell which process ran it."""

    def setup(bot: commands.Bot) -> None:
        @bot.tree.command(name="where", description="Which process answers")
        async def where(interaction: discord.Interaction) -> None:
            calls.append(label)
            await interaction.response.send_message(label)

    return setup


async def test_interactions_reach_only_their_guilds_shard(local_discord_factory: Factory) -> None:
    """A slash command in a guild is answered by the process holding that guild's shard, and only by it."""
    ld = as_large_bot(await local_discord_factory())
    town = Town(ld, [(0, 2), (1, 2)])
    calls: list[str] = []
    bots = [sharded_bot(shard_count=2, shard_ids=[i]) for i in range(2)]
    for i, bot in enumerate(bots):
        answers_with(f"process {i}", calls)(bot)
    async with running(bots[0], ld), running(bots[1], ld):
        await bots[0].tree.sync()
        first = await ld.slash(town.alice, town.channels[1], "where")
        second = await ld.slash(town.alice, town.channels[0], "where")
        assert sorted(deliveries(ld, "INTERACTION_CREATE")) == [
            ((0, 2), "INTERACTION_CREATE", town.guilds[0].id),
            ((1, 2), "INTERACTION_CREATE", town.guilds[1].id),
        ]
    assert (first.content, second.content) == ("process 1", "process 0")
    assert calls == ["process 1", "process 0"]


async def test_interaction_in_a_guild_no_session_holds_is_refused(local_discord_factory: Factory) -> None:
    """Running a command where no connected shard owns the guild is a test mistake, said plainly."""
    ld = await local_discord_factory()
    town = Town(ld, [(0, 2), (1, 2)])
    bot = sharded_bot(shard_count=2, shard_ids=[0])
    answers_with("process 0", [])(bot)
    async with running(bot, ld):
        await bot.tree.sync()
        with pytest.raises(RuntimeError, match="shard"):
            await ld.slash(town.alice, town.channels[1], "where")


# -- close codes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("shard_id", "shard_count"), [(2, 2), (0, 0)])
async def test_shard_outside_the_count_closes_with_4010(
    local_discord_factory: Factory, shard_id: int, shard_count: int
) -> None:
    """IDENTIFY with a shard id not below the shard count fails the login with 4010."""
    ld = await local_discord_factory()
    ld.add_guild("g")
    client = discord.Client(intents=intents(), shard_id=shard_id, shard_count=shard_count)
    with pytest.raises(discord.ConnectionClosed) as closed:
        async with running(client, ld):
            pass
    assert closed.value.code == 4010
    assert ld.gateway.identifies == 0


async def test_malformed_shard_array_closes_with_4010(local_discord: LocalDiscord) -> None:
    """A shard array that is not two integers is refused with 4010 "Invalid shard."."""
    async with aiohttp.ClientSession() as http, http.ws_connect(local_discord.gateway_url) as ws:
        hello = await ws.receive_json()
        assert hello["op"] == 10
        identify = {"token": local_discord.token, "intents": 0, "properties": {}, "shard": [0]}
        await ws.send_json({"op": 2, "d": identify})
        closing = await ws.receive()
    assert closing.type is aiohttp.WSMsgType.CLOSE
    assert (closing.data, closing.extra) == (4010, "Invalid shard.")


async def test_too_many_guilds_for_one_session_closes_with_4011(local_discord_factory: Factory) -> None:
    """Past ``max_guilds_per_shard`` an unsharded session, or a shard holding too many, gets 4011."""
    ld = await local_discord_factory(max_guilds_per_shard=2)
    town = Town(ld, [(0, 2), (0, 2), (0, 2), (1, 2)])
    unsharded = commands.Bot(command_prefix="!", intents=intents(), guild_ready_timeout=0.1)
    with pytest.raises(discord.ConnectionClosed) as closed:
        async with running(unsharded, ld):
            pass
    assert closed.value.code == 4011
    with pytest.raises(discord.ConnectionClosed) as closed:
        async with running(sharded_bot(shard_count=2, shard_ids=[0]), ld):
            pass
    assert closed.value.code == 4011
    async with running(sharded_bot(shard_count=2, shard_ids=[1]), ld) as bot:
        assert {g.id for g in bot.guilds} == town.on_shard((1, 2))
