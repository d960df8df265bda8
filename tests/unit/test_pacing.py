"""The pacer: evenly spaced turns under the limit, the most urgent request first, interactions at once."""

from __future__ import annotations

import asyncio
import time

from bot.pacing import Pacer, Priority, at_most, current_priority, priority


async def test_turns_go_by_priority_then_arrival() -> None:
    """A member's post queued behind a DM fan-out and a background read is served next."""
    pacer = Pacer(200)
    served: list[str] = []

    async def request(name: str, level: Priority) -> None:
        await pacer.turn(level)
        served.append(name)

    bulk = [asyncio.create_task(request(f"dm{i}", Priority.FAN_OUT)) for i in range(5)]
    reads = [asyncio.create_task(request(f"read{i}", Priority.BACKGROUND)) for i in range(2)]
    await asyncio.sleep(0.012)
    member = asyncio.create_task(request("post", Priority.MEMBER))
    await asyncio.gather(*bulk, *reads, member)
    await pacer.close()
    assert served.index("post") <= 3, served
    assert served[-2:] == ["read0", "read1"], served
    assert [name for name in served if name.startswith("dm")] == [f"dm{i}" for i in range(5)]


async def test_interaction_turns_do_not_wait() -> None:
    """Interaction responses are not counted against the global limit, so they never queue."""
    pacer = Pacer(4)
    for _ in range(2):
        await pacer.turn(Priority.MEMBER)
    started = time.monotonic()
    await pacer.turn(Priority.INTERACTION)
    assert time.monotonic() - started < 0.05
    await pacer.close()


async def test_rate_stays_under_the_limit_with_the_margin() -> None:
    """At 50/s, 30 turns take at least 29 intervals of 1/47.5 s: never a burst."""
    pacer = Pacer(50)
    started = time.monotonic()
    await asyncio.gather(*(pacer.turn(Priority.FAN_OUT) for _ in range(30)))
    elapsed = time.monotonic() - started
    await pacer.close()
    assert elapsed >= 29 / 47.5 - 0.01, elapsed
    assert elapsed < 1.2, elapsed


async def test_priority_is_carried_by_the_context() -> None:
    """Tasks started inside ``priority`` inherit it, so a fan-out's spawned sends stay bulk."""
    pacer = Pacer(1000)
    with priority(Priority.BACKGROUND):
        await asyncio.create_task(pacer.turn(current_priority()))
    await pacer.turn(current_priority())
    await pacer.close()
    assert pacer.sent == {Priority.BACKGROUND: 1, Priority.MEMBER: 1}


def test_reactions_never_raise_the_priority_of_bulk_work() -> None:
    """The bot's own reactions wait behind members' posts, and stay at background inside a catch-up."""
    assert at_most(Priority.REACTIONS) is Priority.REACTIONS
    with priority(Priority.BACKGROUND):
        assert at_most(Priority.REACTIONS) is Priority.BACKGROUND
