"""``python -m bot backup``: a consistent copy of the SQLite database while the bot writes to it,
which the bot's own code opens with every row."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.db.database import Database
from tests.e2e.conftest import REPOSITORY, BotHarness, World
from tests.e2e.test_lifecycle import discord_at


def backup(world: World, storage: Path, to: Path) -> subprocess.CompletedProcess[str]:
    return run_backup(discord_at(world.ld, storage), to)


def run_backup(config_text: str, to: Path) -> subprocess.CompletedProcess[str]:
    """``python -m bot backup`` with this config, without a token (a backup needs none)."""
    config = to.parent / "backup.toml"
    config.write_text(config_text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", "backup", "--config", str(config), "--to", str(to)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPOSITORY,
        env={k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"},
        check=False,
    )


async def test_backup_of_a_live_database_is_consistent_and_complete(
    world: World, harness: BotHarness, tmp_path: Path
) -> None:
    """Meetups are proposed while the backup runs: the copy passes SQLite's integrity check and
    holds no meetup without its dates and nudges (one transaction, all or nothing). Made again
    once the writes stop, it holds exactly the live database's rows, read by the bot's own code."""
    await harness.start()
    storage = Path(harness.db_path)
    ld = world.ld
    proposed = 0
    writing = True

    async def propose_until_told() -> None:
        nonlocal proposed
        while writing or proposed < 3:
            proposed += 1
            await (
                await ld.slash(
                    world.alice, world.general, "meetup propose", title=f"M{proposed}", dates="Dec 12 18:00"
                )
            ).final()

    writer = asyncio.create_task(propose_until_told())
    await ld.wait_for(lambda: proposed >= 2, timeout=10)
    during = await asyncio.to_thread(backup, world, storage, tmp_path / "during.sqlite3")
    writing = False
    await writer
    assert during.returncode == 0, during.stderr
    assert "backed up" in during.stdout

    with sqlite3.connect(tmp_path / "during.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        meetups = copy.execute("SELECT id FROM meetups").fetchall()
        assert meetups
        for (meetup_id,) in meetups:
            assert copy.execute(
                "SELECT count(*) FROM date_options WHERE meetup_id = ?", (meetup_id,)
            ).fetchone()[0]
            assert copy.execute("SELECT count(*) FROM nudges WHERE meetup_id = ?", (meetup_id,)).fetchone()[0]
    copy.close()

    after = await asyncio.to_thread(backup, world, storage, tmp_path / "after.sqlite3")
    assert after.returncode == 0, after.stderr
    assert harness.bot is not None
    live = await harness.bot.database.row_counts()
    restored = await Database.open(tmp_path / "after.sqlite3")
    try:
        assert await restored.row_counts() == live
    finally:
        await restored.close()
    assert live["meetups"] == proposed


def test_backup_never_overwrites_and_points_postgresql_to_pg_dump(tmp_path: Path) -> None:
    """An existing target is refused (exit 2, left as it was); a PostgreSQL config is sent to pg_dump."""
    target = tmp_path / "old-backup.sqlite3"
    target.write_bytes(b"precious")
    refused = run_backup(f'[storage]\npath = "{tmp_path / "db.sqlite3"}"\n', target)
    assert refused.returncode == 2
    assert "already exists" in refused.stderr
    assert target.read_bytes() == b"precious"

    pointed = run_backup('[storage]\nurl = "postgresql://meetup@127.0.0.1:5432/meetups"\n', tmp_path / "x")
    assert pointed.returncode == 2
    assert "pg_dump" in pointed.stderr
