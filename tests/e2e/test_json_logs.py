"""``[logging] format = "json"``: every line a log collector reads is one JSON object, and the
lines written while a meetup's nudge runs, or while a command about a meetup runs, name that
meetup and its server."""

from __future__ import annotations

import json
from collections.abc import Callable

from local_discord import P
from tests.e2e.conftest import BotProcess, World
from tests.e2e.helpers import text_of


async def test_json_lines_name_the_server_and_the_meetup(
    world: World, bot_process_factory: Callable[..., BotProcess]
) -> None:
    """The poll's closing nudge logs with the meetup's and the server's ids; nothing else is printed."""
    bot = bot_process_factory(sections={"logging": {"format": "json"}})
    await bot.sync()
    synced = len(bot.log())
    await bot.start()
    ld = world.ld
    await (
        await ld.slash(
            world.alice,
            world.general,
            "meetup propose",
            title="Fika",
            dates="Dec 12 18:00",
            closes="in 2 seconds",
        )
    ).final()
    await ld.wait_for(
        lambda: any("is happening" in m.content or "called off" in m.content for m in world.bot_messages()),
        timeout=15,
    )
    # The nudge is marked done just after its post; stopping sooner would race that line.
    await ld.wait_for(lambda: 'done"' in bot.log()[synced:], timeout=15)
    await bot.stop()

    lines = [line for line in bot.log()[synced:].splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    # The closing nudge's line, and the invitee nudge's when it fired before the stop: each names both.
    done = [r for r in records if r["logger"] == "bot.services.nudges" and r["message"].endswith("done")]
    assert done
    for record in done:
        assert record["server_id"] == str(world.guild.id)
        assert record["meetup_id"] in record["message"]
    assert not [r for r in records if r["logger"] == "discord.client" and "meetup_id" in r]


async def test_a_command_about_a_meetup_logs_with_its_ids(
    world: World, bot_process_factory: Callable[..., BotProcess]
) -> None:
    """`/meetup close` in a channel the bot may no longer post in: the line saying the outcome
    waits is written while the command runs, and names the meetup and the server."""
    bot = bot_process_factory(sections={"logging": {"format": "json"}})
    await bot.sync()
    await bot.start()
    ld = world.ld
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="Dec 12 18:00")
    ).final()
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in text_of(poll))
    ld.set_overwrite(world.general, ld.bot_user, deny=P.SEND_MESSAGES)
    answer = await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    assert "**not** posted" in answer.content
    await bot.stop()

    records = [json.loads(line) for line in bot.log().splitlines() if line.strip().startswith("{")]
    (waits,) = [r for r in records if "its outcome waits" in r["message"]]
    assert waits["server_id"] == str(world.guild.id)
    assert waits["message"].startswith(f"meetup {waits['meetup_id']} closed")
