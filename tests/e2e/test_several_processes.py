"""Drills with two real bot processes (``python -m bot``) splitting two shards on one PostgreSQL
database, each server on its own shard: a process killed as its reminder fan-out starts is taken
over by the other once its lease runs out, and reads back on its restart the answers given in its
server while it was down; a process stalled past its lease records nothing more when it wakes.
Leases, takeover interval and reminder offsets are made short by the config."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.db.database import Database
from local_discord import Channel, Guild, LocalDiscord, Message, User
from tests.e2e.conftest import BotProcess, World
from tests.e2e.helpers import eventually, text_of

pytestmark = [pytest.mark.parametrize("storage_engine", ["postgresql"]), pytest.mark.timeout(240)]

LEASE_SECONDS = 6
REMINDER_BEFORE = 120
"""Reminders go out this long before the start, about 30 s after the meetups are proposed: long
enough that the meetup is still to come when a process killed in the fan-out is back (only the
answers to meetups still to come are read back)."""
SETTINGS = {
    "reminder_offsets": [f"{REMINDER_BEFORE}s"],
    "nudge_lease": f"{LEASE_SECONDS}s",
    "nudge_takeover_every": "1s",
}
GOING = 5
TAKEOVER_LIMIT = 30
DOWN_SECONDS = 60
"""How long the killed process stays down before it is started again."""


@dataclass
class Server:
    guild: Guild
    channel: Channel
    organizer: User
    members: list[User]


@dataclass
class Drill:
    ld: LocalDiscord
    url: str
    servers: list[Server]
    processes: list[BotProcess]

    def reminders(self, user: User) -> list[Message]:
        return [m for m in self.ld.dms(user) if m.content.startswith("⏰")]

    def reached(self, server: Server) -> int:
        return sum(1 for member in server.members if self.reminders(member))

    async def rows(self, sql: str) -> list[tuple[object, ...]]:
        database = await Database.open(self.url)
        try:
            return [tuple(row.values()) for row in await database.fetch_all(sql)]
        finally:
            await database.close()

    async def reminder_of(self, server: Server) -> int:
        ((nudge_id,),) = await self.rows(
            "SELECT nudges.id FROM nudges JOIN meetups ON meetups.id = nudges.meetup_id"
            f" WHERE meetups.guild_id = {server.guild.id} AND nudges.kind = 'reminder'"
        )
        return int(nudge_id)  # type: ignore[call-overload]

    async def lease_until(self, nudge_id: int) -> datetime:
        ((until,),) = await self.rows(f"SELECT lease_until FROM nudges WHERE id = {nudge_id}")
        assert isinstance(until, datetime)
        return until

    async def answers(self, server: Server) -> dict[str, str]:
        """The stored RSVP of every member of ``server`` who has one, by username."""
        found = await self.rows(
            "SELECT rsvps.user_id, rsvps.status FROM rsvps JOIN meetups ON meetups.id = rsvps.meetup_id"
            f" WHERE meetups.guild_id = {server.guild.id}"
        )
        names = {str(member.id): member.username for member in server.members}
        return {names[str(user_id)]: str(status) for user_id, status in found if str(user_id) in names}

    def announcement(self, server: Server) -> Message:
        """The meetup's announcement in ``server``, where its members answer with reactions."""
        (posted,) = [m for m in self.ld.messages(server.channel) if "It's on!" in m.content]
        return posted

    def holder_of(self, nudge_id: int) -> BotProcess:
        """The process whose log says it claimed the nudge first."""
        claimed = [p for p in self.processes if f"nudge {nudge_id} (" in p.log() and "claimed" in p.log()]
        assert len(claimed) == 1, [p.log()[-2000:] for p in self.processes]
        return claimed[0]


async def meetup_in(ld: LocalDiscord, server: Server) -> None:
    """Propose, every member votes for the one date, close: all of them are going."""
    result = await ld.slash(
        server.organizer,
        server.channel,
        "meetup propose",
        title="Picnic",
        dates=f"in {REMINDER_BEFORE + 30} seconds",
    )
    assert "posted" in (await result.final()).content
    (poll,) = [m for m in ld.messages(server.channel) if "New meetup poll" in m.content]
    await ld.wait_for(lambda: poll.reaction("1️⃣") is not None, timeout=15)
    await asyncio.gather(*(ld.react(member, poll, "1️⃣") for member in server.members))
    await ld.wait_for(lambda: f"**{GOING} votes**" in text_of(poll), timeout=15)
    closed = await ld.slash(server.organizer, server.channel, "meetup close", meetup=1)
    assert "closed" in (await closed.final()).content
    await ld.wait_for(lambda: any("It's on!" in m.content for m in ld.messages(server.channel)), timeout=15)


@pytest.fixture
async def drills() -> AsyncIterator[list[Drill]]:
    """Every drill started by the test; their processes are stopped however the test ends."""
    started: list[Drill] = []
    yield started
    for drill in started:
        for process in drill.processes:
            await process.stop()


async def start_drill(world: World, tmp_path: Path, url: str, drills: list[Drill]) -> Drill:
    ld = world.ld
    servers = []
    for shard in (0, 1):
        guild = ld.add_guild(f"shard {shard} server", shard=(shard, 2))
        servers.append(
            Server(
                guild,
                ld.add_text_channel(guild, "general"),
                ld.add_member(guild, f"organizer{shard}"),
                [ld.add_member(guild, f"s{shard}member{i}") for i in range(GOING)],
            )
        )
    processes = [
        BotProcess(ld, tmp_path / f"shard{shard}", SETTINGS, storage_url=url, shards=(shard, 2))
        for shard in (0, 1)
    ]
    drill = Drill(ld, url, servers, processes)
    drills.append(drill)
    await processes[0].sync()
    for process in processes:
        await process.start()
    await asyncio.gather(*(meetup_in(ld, server) for server in servers))
    # Slow the fan-outs down (two requests per reminder) so a process can be stopped in one.
    ld.set_global_limit(per_second=3)
    return drill


async def fan_out_started(drill: Drill) -> tuple[Server, int, BotProcess]:
    """Wait for the first reminder; returns its server, the reminder nudge and the process sending it."""
    await drill.ld.wait_for(lambda: any(drill.reached(s) for s in drill.servers), timeout=60)
    server = next(s for s in drill.servers if drill.reached(s))
    nudge_id = await drill.reminder_of(server)
    return server, nudge_id, drill.holder_of(nudge_id)


def counts(drill: Drill) -> dict[str, int]:
    return {m.username: len(drill.reminders(m)) for s in drill.servers for m in s.members}


@pytest.mark.timeout(240 + DOWN_SECONDS)
async def test_a_killed_process_fan_out_is_finished_by_the_other(
    world: World, tmp_path: Path, storage_target: str, drills: list[Drill]
) -> None:
    """SIGKILL as a fan-out starts: the survivor sends the rest once the lease ran out (within
    30 s of it), every member of both servers gets one reminder. The killed process stays down
    for a minute, during which two members of its server change their answer on the announcement
    (events nobody receives, as its shard has no session); started again, it reads them back, and
    adds no reminder."""
    drill = await start_drill(world, tmp_path, storage_target, drills)
    server, nudge_id, victim = await fan_out_started(drill)
    await victim.kill()
    killed_at = time.monotonic()
    killed_after = drill.reached(server)
    assert killed_after < GOING, "the fan-out finished before the kill; nothing was tested"
    expires = await drill.lease_until(nudge_id)
    await drill.ld.wait_for(lambda: drill.reached(server) == GOING, timeout=LEASE_SECONDS + TAKEOVER_LIMIT)
    delay = (datetime.now(UTC) - expires).total_seconds()
    survivor = next(p for p in drill.processes if p is not victim)
    assert f"nudge {nudge_id} (" in survivor.log()
    await drill.ld.wait_for(lambda: all(drill.reached(s) == GOING for s in drill.servers), timeout=60)
    print(f"killed after {killed_after} of {GOING}; the rest arrived {delay:.1f} s after the lease ran out")
    assert delay <= TAKEOVER_LIMIT
    drill.ld.set_global_limit(per_second=50)

    announcement = drill.announcement(server)
    cannot, unsure = server.members[0], server.members[1]
    await drill.ld.react(cannot, announcement, "❌")
    await drill.ld.react(unsure, announcement, "❔")
    await asyncio.sleep(max(DOWN_SECONDS - (time.monotonic() - killed_at), 0))
    assert f"**Going ({GOING}):**" in text_of(announcement), "someone applied the answers while it was down"
    assert set((await drill.answers(server)).values()) == {"going"}
    ((starts_at,),) = await drill.rows(f"SELECT starts_at FROM meetups WHERE guild_id = {server.guild.id}")
    assert isinstance(starts_at, datetime)
    assert (starts_at - datetime.now(UTC)).total_seconds() > 15, (
        "the setup was too slow: the meetup starts before the restart could read its answers back"
    )

    await victim.start()
    await drill.ld.wait_for(lambda: f"**Going ({GOING - 2}):**" in text_of(announcement), timeout=30)
    assert "**Maybe (1):**" in text_of(announcement)
    answers = await drill.answers(server)
    assert (answers.pop(cannot.username), answers.pop(unsure.username)) == ("declined", "maybe")
    assert set(answers.values()) == {"going"}
    await asyncio.sleep(3)
    assert set(counts(drill).values()) == {1}, counts(drill)
    states = await drill.rows(
        f"SELECT state, COUNT(*) FROM deliveries WHERE nudge_id = {nudge_id} GROUP BY state"
    )
    assert states == [("sent", GOING)]


async def test_a_stalled_process_records_no_second_delivery(
    world: World, tmp_path: Path, storage_target: str, drills: list[Drill]
) -> None:
    """SIGSTOP past the lease, the other process finishes the fan-out; SIGCONT: the stalled one
    finds its claim taken over, sends and records nothing more, and the nudge is done once."""
    drill = await start_drill(world, tmp_path, storage_target, drills)
    server, nudge_id, stalled = await fan_out_started(drill)
    stalled.pause()
    paused_at = time.monotonic()
    await drill.ld.wait_for(lambda: drill.reached(server) == GOING, timeout=LEASE_SECONDS + TAKEOVER_LIMIT)
    assert time.monotonic() - paused_at < LEASE_SECONDS + TAKEOVER_LIMIT

    async def taken_over_and_done() -> bool:
        # The last DM arrives a moment before the survivor marks the nudge sent.
        rows = await drill.rows(f"SELECT lease_token, state FROM nudges WHERE id = {nudge_id}")
        return rows == [(2, "sent")]

    await eventually(taken_over_and_done, timeout=10)
    stalled.resume()
    await drill.ld.wait_for(lambda: "was taken over" in stalled.log(), timeout=LEASE_SECONDS + 10)
    await drill.ld.wait_for(lambda: all(drill.reached(s) == GOING for s in drill.servers), timeout=60)
    await asyncio.sleep(2)
    assert set(counts(drill).values()) == {1}, counts(drill)
    done = await drill.rows(
        f"SELECT state, COUNT(*) FROM deliveries WHERE nudge_id = {nudge_id} GROUP BY state"
    )
    assert done == [("sent", GOING)]
    ((after_token,),) = await drill.rows(f"SELECT lease_token FROM nudges WHERE id = {nudge_id}")
    assert after_token == 2
