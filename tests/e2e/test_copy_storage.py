"""Moving up: the SQLite database a bot filled is copied into PostgreSQL with ``python -m bot
copy-storage``, and a bot started on the copy carries on where the first one stopped."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy import select

from bot.db.database import Database
from bot.db.schema import metadata
from local_discord import DEFAULT_MEMBER_PERMISSIONS, P
from tests.e2e.conftest import REPOSITORY, BotHarness, World
from tests.e2e.helpers import text_of
from tests.e2e.test_recap import QUICK, meetup_that_happens, prompts
from tests.postgres import PostgresServer

FILLED = ("meetups", "date_options", "venue_options", "votes", "rsvps", "nudges", "venues", "ratings")
FILLED += (
    "recaps",
    "again_votes",
    "guild_settings",
    "member_prefs",
    "members",
    "watched_channels",
    "invites",
)


async def copy_storage(config: Path, url: str) -> tuple[int, str]:
    """Run the command as a host would (no Discord token needed); returns its status and output."""
    environment = {key: value for key, value in os.environ.items() if key != "DISCORD_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "copy-storage",
        "--config",
        str(config),
        "--to",
        url,
        cwd=REPOSITORY,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return await process.wait(), output.decode()


async def counts(target: Path | str) -> dict[str, int]:
    database = await Database.open(target)
    try:
        return await database.row_counts()
    finally:
        await database.close()


async def contents(target: Path | str) -> dict[str, list[dict[str, object]]]:
    """Every row of every table, in key order, as the repositories would read it."""
    database = await Database.open(target)
    try:
        return {
            table.name: [
                dict(row)
                for row in await database.fetch_all(select(table).order_by(*table.primary_key.columns))
            ]
            for table in metadata.sorted_tables
        }
    finally:
        await database.close()


async def fill_on_sqlite(world: World, harness: BotHarness) -> None:
    """A meetup that happened (votes, RSVPs, venue, rating, recap, "again"), settings, preferences,
    a watched channel, and an open poll whose closing is still to come."""
    ld = world.ld
    await harness.start(meetups=QUICK)
    admin = ld.add_member(
        world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD | P.MANAGE_CHANNELS
    )
    await (await ld.slash(admin, world.general, "meetup settings", languages="en")).final()
    await (await ld.slash(world.carol, world.general, "meetup reminders", setting="off")).final()
    await (await ld.slash(admin, world.general, "meetup watch", setting="on")).final()
    await meetup_that_happens(world, [world.bob, world.carol])
    await ld.wait_for(lambda: len(prompts(world)) == 1, timeout=12)
    (prompt,) = prompts(world)
    await ld.wait_for(lambda: len(prompt.reactions) == 6)
    await ld.react(world.bob, prompt, "4️⃣")
    await ld.react(world.bob, prompt, "🔁")
    result = await ld.slash(
        world.alice,
        world.general,
        "meetup propose",
        title="Board games",
        dates="in 40 seconds",
        invite=f"<@{world.dave.id}>",
    )
    assert "posted" in (await result.final()).content
    poll = [m for m in world.bot_messages() if "Meetup #2:" in text_of(m)][-1]
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in text_of(poll), timeout=8)
    await harness.stop()


async def test_copy_then_carry_on_on_postgresql(
    world: World, harness: BotHarness, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    """Every row arrives once; a second copy is refused untouched; the bot on PostgreSQL lists and closes."""
    await fill_on_sqlite(world, harness)
    source = await counts(harness.db_path)
    assert [table for table in FILLED if not source[table]] == []
    config = tmp_path / "copy.toml"
    config.write_text(f'[storage]\npath = "{harness.db_path}"\n')
    url = await postgres_server.create_database()

    status, output = await copy_storage(config, url)
    assert status == 0, output
    assert f"copied {sum(source.values())} rows" in output
    assert await counts(url) == source
    assert await contents(url) == await contents(harness.db_path)

    status, output = await copy_storage(config, url)
    assert status == 2, output
    assert "not empty" in output
    assert "Traceback" not in output
    assert await counts(url) == source

    moved = BotHarness(world.ld, url)
    try:
        await moved.start(meetups=QUICK)
        listing = await (await world.ld.slash(world.alice, world.general, "meetup list")).final()
        assert "Board games" in text_of(listing)
        closed = [m for m in world.bot_messages() if "It's on!" in m.content]
        await world.ld.wait_for(
            lambda: any("Board games" in text_of(m) for m in world.bot_messages() if "It's on!" in m.content),
            timeout=30,
        )
        assert len([m for m in world.bot_messages() if "It's on!" in m.content]) == len(closed) + 1
        # New rows take ids after the copied ones (the sequences were moved past them).
        result = await world.ld.slash(
            world.alice, world.general, "meetup propose", title="Quiz", dates="in 2 hours"
        )
        assert "posted" in (await result.final()).content
        assert any("Meetup #3:" in text_of(m) for m in world.bot_messages())
    finally:
        await moved.stop()
