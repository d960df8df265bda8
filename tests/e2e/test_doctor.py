"""``python -m bot doctor`` against the loopback Discord, which enforces Discord's permissions:
all ok with the permissions the features need, exit 1 naming what is taken away."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from local_discord import DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, P
from tests.e2e.conftest import REPOSITORY, BotHarness, World
from tests.e2e.test_lifecycle import discord_at


def doctor(world: World, folder: Path, storage: Path) -> tuple[int, str]:
    config = folder / "doctor.toml"
    config.write_text(discord_at(world.ld, storage), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "doctor", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPOSITORY,
        env={**os.environ, "DISCORD_TOKEN": world.ld.token},
        check=False,
    )
    return done.returncode, done.stdout


def failures(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("FAIL")]


async def test_doctor_passes_then_names_create_events_and_a_channel_permission(
    world: World, harness: BotHarness, tmp_path: Path
) -> None:
    """Scheduled events on and a poll open in #general: every check ok. Create Events taken from
    the bot's role: exit 1 naming it and the server. Add Reactions denied in #general: named too."""
    ld = world.ld
    await harness.start()
    admin = ld.add_member(world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    await (await ld.slash(admin, world.general, "meetup settings", scheduled_events=True)).final()
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="Dec 12 18:00")
    ).final()
    await harness.stop()
    storage = Path(harness.db_path)

    code, report = await asyncio.to_thread(doctor, world, tmp_path, storage)
    assert code == 0, report
    assert not failures(report)
    assert "scheduled events are on and Create Events is granted" in report
    assert f'#general in server "Course friends" ({world.guild.id}): open meetups' in report
    assert "logged in as MeetupBot" in report

    ld.set_role_permissions(ld.bot_role(world.guild), DEFAULT_BOT_PERMISSIONS & ~P.CREATE_EVENTS)
    ld.set_overwrite(world.general, world.guild, deny=P.ADD_REACTIONS)
    code, report = await asyncio.to_thread(doctor, world, tmp_path, storage)
    assert code == 1, report
    (events, channel) = failures(report)
    assert f'server "Course friends" ({world.guild.id})' in events
    assert "Create Events" in events
    assert "#general" in channel
    assert "Add Reactions" in channel
    assert report.splitlines()[-1].startswith("2 of ")


async def test_doctor_names_a_missing_intent(local_discord_factory, tmp_path: Path) -> None:
    """An application without Message Content: the intents line fails with the fix."""
    ld = await local_discord_factory(privileged_intents=0)
    guild = ld.add_guild("Somewhere")
    world = World(ld, guild, ld.add_text_channel(guild, "general"), *[None] * 5)  # type: ignore[arg-type]
    code, report = await asyncio.to_thread(doctor, world, tmp_path, tmp_path / "db.sqlite3")
    assert code == 1, report
    (line,) = failures(report)
    assert line.startswith("FAIL  intents: Discord refused the Message Content intent")
    assert "ok    database" in report
