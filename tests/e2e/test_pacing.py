"""Pacing: every REST request waits for its turn under the global limit, interaction replies never do."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.pacing import Priority
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import text_of

LIMIT = 10
GOING = 16

pytestmark = pytest.mark.slow


async def until(predicate, timeout: float) -> None:
    """Poll a condition on the bot's side (not the loopback's state, which ``wait_for`` watches)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.01)


async def test_reminder_fan_out_under_a_strict_limit_provokes_no_429(
    world: World, harness: BotHarness
) -> None:
    """At 10 requests a second, a reminder to 16 members is delivered once each with no 429, and a
    command made while the DMs queue is answered at once."""
    ld = world.ld
    people = [ld.add_member(world.guild, f"member{i}") for i in range(GOING)]
    bot = await harness.start(
        meetups={"reminder_offsets": ["12s"], "poll_refresh_delay": "1s"},
        discord={"requests_per_second": LIMIT},
    )
    ld.set_global_limit(LIMIT)
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Dinner", dates="in 28 seconds")
    ).final()
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    await ld.wait_for(lambda: poll.reaction("1️⃣") is not None)
    for person in people:
        await ld.react(person, poll, "1️⃣")
    await ld.wait_for(lambda: f"**{GOING} votes**" in text_of(poll), timeout=10)
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final(timeout=10)

    await until(lambda: bot.pacer.waiting() >= 5, timeout=20)
    started = time.monotonic()
    listing = await ld.slash(world.bob, world.general, "meetup list")
    answered = time.monotonic() - started
    assert "Dinner" in text_of(await listing.final())
    assert answered < 0.5, answered

    def reminders(person) -> int:
        return sum(m.content.startswith("⏰") for m in ld.dms(person))

    await ld.wait_for(lambda: all(reminders(p) == 1 for p in people), timeout=15)
    await asyncio.sleep(0.3)
    assert [reminders(p) for p in people] == [1] * GOING
    assert ld.served_429s == []
    assert bot.pacer.rate_limited == 0


async def test_a_429_that_still_happens_is_waited_out_and_counted(world: World, harness: BotHarness) -> None:
    """Another process on the token can still provoke 429s: discord.py waits them out, the pacer counts them."""
    ld = world.ld
    bot = await harness.start()
    ld.inject_429s("POST /channels/{channel_id}/messages", 2, retry_after=0.1)
    answer = await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Lunch", dates="Dec 12 12:00")
    ).final()
    assert "posted" in answer.content
    assert len([m for m in world.bot_messages() if "New meetup poll" in m.content]) == 1
    assert bot.pacer.rate_limited == 2


async def test_catch_up_after_a_restart_waits_behind_members(world: World, harness: BotHarness) -> None:
    """Reading back a dozen open polls after a restart runs at background priority: a poll proposed
    meanwhile is posted ahead of it, and nothing is refused."""
    ld = world.ld
    ld.set_global_limit(LIMIT)
    await harness.start(discord={"requests_per_second": LIMIT})
    for number in range(1, 13):
        await (
            await ld.slash(
                world.alice, world.general, "meetup propose", title=f"Poll {number}", dates="Dec 20 18:00"
            )
        ).final(timeout=10)
    polls = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    await ld.wait_for(lambda: all(p.reaction("1️⃣") is not None for p in polls), timeout=10)
    await harness.stop()
    for poll in polls:
        await ld.react(world.bob, poll, "1️⃣")

    bot = await harness.start(discord={"requests_per_second": LIMIT})
    await until(lambda: bot.pacer.sent[Priority.BACKGROUND] >= 4, timeout=10)
    started = time.monotonic()
    listing = await ld.slash(world.carol, world.general, "meetup list")
    assert time.monotonic() - started < 0.5
    assert "Poll 1" in text_of(await listing.final())
    started = time.monotonic()
    answer = await (
        await ld.slash(world.carol, world.general, "meetup propose", title="Urgent", dates="Dec 21 18:00")
    ).final(timeout=10)
    assert "posted" in answer.content
    assert time.monotonic() - started < 1.5
    assert bot.pacer.waiting() > 0, "the catch-up was over before the member's poll: nothing was shown"
    await ld.wait_for(lambda: all("**1 vote**" in text_of(p) for p in polls), timeout=15)
    assert ld.served_429s == []
