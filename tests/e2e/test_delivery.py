"""Reminders are delivered exactly once: through a SIGKILL mid fan-out, and under a global rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from local_discord import Message, User
from tests.e2e.conftest import BotHarness, BotProcess, World
from tests.e2e.helpers import text_of


def reminders_to(world: World, user: User) -> list[Message]:
    return [m for m in world.ld.dms(user) if m.content.startswith("⏰")]


async def meetup_with(world: World, members: list[User], dates: str) -> None:
    """Propose, let every member vote for the one date, close: they are all going."""
    ld = world.ld
    await (await ld.slash(world.alice, world.general, "meetup propose", title="Fan-out", dates=dates)).final()
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    await ld.wait_for(lambda: poll.reaction("1️⃣") is not None)
    await asyncio.gather(*(ld.react(member, poll, "1️⃣") for member in members))
    await ld.wait_for(lambda: f"**{len(members)} votes**" in text_of(poll), timeout=15)
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    await ld.wait_for(lambda: any("It's on!" in m.content for m in world.bot_messages()))


async def fan_out_under_way(
    world: World, bot_process_factory: Callable[..., BotProcess], *, members: int = 40
) -> tuple[BotProcess, list[User], Callable[[], int]]:
    """A bot process DMing reminders to ``members`` people, slowed by an 8/s global limit and
    caught after the first ten: the process, the people, and how many of them have one so far."""
    ld = world.ld
    people = [ld.add_member(world.guild, f"member{i}", display_name=f"Member {i}") for i in range(members)]
    bot = bot_process_factory(meetups={"reminder_offsets": ["25s"]})
    await bot.sync()
    await bot.start()
    await meetup_with(world, people, "in 40 seconds")
    ld.set_global_limit(per_second=8)

    def delivered() -> int:
        return sum(1 for person in people if reminders_to(world, person))

    await ld.wait_for(lambda: delivered() >= 10, timeout=40)
    return bot, people, delivered


async def test_sigkill_during_fan_out_loses_and_doubles_nothing(
    world: World, bot_process_factory: Callable[..., BotProcess]
) -> None:
    """Killed with SIGKILL while reminders go out and restarted, every member ends with exactly one."""
    ld = world.ld
    bot, members, delivered = await fan_out_under_way(world, bot_process_factory)
    await bot.kill()
    at_kill = delivered()
    assert at_kill < len(members), "the fan-out finished before the kill; nothing was tested"
    ld.set_global_limit(per_second=50)
    await bot.start()
    await ld.wait_for(lambda: delivered() == len(members), timeout=30)
    await asyncio.sleep(1)
    counts = {member.username: len(reminders_to(world, member)) for member in members}
    print(
        f"killed after {at_kill} of {len(members)} reminders; after restart: {sorted(set(counts.values()))}"
    )
    assert set(counts.values()) == {1}, counts


async def test_300_reminders_under_a_global_limit(world: World, harness: BotHarness) -> None:
    """With Discord limiting the bot to 50 requests a second, 300 reminders due at once all arrive once."""
    ld = world.ld
    members = [ld.add_member(world.guild, f"member{i}") for i in range(300)]
    await harness.start(meetups={"reminder_offsets": ["20s"]})
    await meetup_with(world, members, "in 30 seconds")
    ld.set_global_limit(per_second=50)
    await ld.wait_for(lambda: all(reminders_to(world, member) for member in members), timeout=40)
    await asyncio.sleep(0.5)
    assert all(len(reminders_to(world, member)) == 1 for member in members)
    print(f"{len(ld.served_429s)} answers of 429 were waited out")
