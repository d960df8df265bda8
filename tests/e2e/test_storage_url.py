"""A ``[storage] url`` the bot cannot use ends the start with one line naming the key: status 2,
no traceback, never the password, and no SQLite file created on the side. The same goes for
shards that one SQLite file cannot serve."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import REPOSITORY
from tests.postgres import PASSWORD_USER, PostgresServer, free_port

SECRET = "s3cret-Password"


async def start_with(url: str, folder: Path) -> tuple[int, list[str]]:
    return await start_with_config(
        f'[storage]\nurl = "{url}"\npath = "{folder / "sqlite" / "meetups.sqlite3"}"\n', folder
    )


async def start_with_config(text: str, folder: Path) -> tuple[int, list[str]]:
    """Start ``python -m bot`` with this config; its exit status and what it printed on stderr."""
    config = folder / "config.toml"
    config.write_text(text)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--config",
        str(config),
        cwd=REPOSITORY,
        env={**os.environ, "DISCORD_TOKEN": "token"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, errors = await asyncio.wait_for(process.communicate(), 60)
    return await process.wait(), errors.decode().splitlines()


@pytest.mark.parametrize(
    ("make_url", "reason"),
    [
        (
            lambda server: f"postgresql://{PASSWORD_USER}:{SECRET}@127.0.0.1:{server.port}/postgres",
            "wrong password",
        ),
        (
            lambda server: f"postgresql://postgres:{SECRET}@127.0.0.1:{server.port}/absent",
            '"absent" does not exist',
        ),
        (lambda server: f"postgresql://postgres:{SECRET}@127.0.0.1:{free_port()}/meetups", "cannot reach"),
    ],
    ids=["wrong password", "database missing", "nothing listening"],
)
async def test_unusable_server_is_one_line(
    make_url, reason: str, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    """Each way PostgreSQL can refuse is told in one line, with exit status 2."""
    status, lines = await start_with(make_url(postgres_server), tmp_path)
    assert status == 2, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("config error: [storage] url: ")
    assert reason in lines[0]
    assert SECRET not in lines[0]
    assert not (tmp_path / "sqlite").exists()


async def test_unknown_scheme_is_one_line(tmp_path: Path) -> None:
    """A url of another database is refused before anything is opened."""
    status, lines = await start_with(f"mysql://bot:{SECRET}@db.example/meetups", tmp_path)
    assert status == 2, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("config error: ")
    assert "[storage] url" in lines[0]
    assert SECRET not in lines[0]
    assert not (tmp_path / "sqlite").exists()


async def test_sharding_on_sqlite_is_refused_at_start(tmp_path: Path) -> None:
    """Part of the shards on one SQLite file: one line naming [discord] shard_ids, exit 2."""
    status, lines = await start_with_config(
        f'[discord]\nshard_count = 2\nshard_ids = [1]\n[storage]\npath = "{tmp_path / "db.sqlite3"}"\n',
        tmp_path,
    )
    assert status == 2, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("config error: ")
    assert "[discord] shard_ids: serving only some shards" in lines[0]
