"""``python -m bot`` as a supervisor sees it: every failure at start is one line and an exit code,
never a traceback or a hang, and SIGTERM stops it in order, losing and doubling nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from local_discord import LocalDiscord
from local_discord.harness import Factory
from tests.e2e.conftest import REPOSITORY, BotProcess, World
from tests.e2e.test_delivery import fan_out_under_way, reminders_to

ENDS_WITHIN = 10.0
"""Seconds a failing start may take to end, whatever the failure."""
MAX_LINES = 4
"""The failure's line, after the few INFO lines of a start that got as far as logging in."""


def start_bot(
    folder: Path, config: str, *arguments: str, token: str = "not-a-real-token"
) -> tuple[int, str, float]:
    """Run ``python -m bot`` to its end: exit code, stderr, and how long it took."""
    path = folder / "config.toml"
    if not path.exists():
        path.write_text(config, encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bot", *arguments, "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=ENDS_WITHIN + 20,
        cwd=REPOSITORY,
        env={**os.environ, "DISCORD_TOKEN": token},
        check=False,
    )
    return done.returncode, done.stderr, time.monotonic() - started


def one_line_failure(code: int, stderr: str, seconds: float, *, expected_code: int, says: str) -> None:
    """The rules every failure at start follows."""
    assert code == expected_code, stderr
    assert "Traceback" not in stderr, stderr
    failure = stderr.strip().splitlines()[-1]
    assert says in failure, stderr
    assert len(stderr.strip().splitlines()) <= MAX_LINES, stderr
    assert seconds < ENDS_WITHIN, f"took {seconds:.1f} s"


def discord_at(ld: LocalDiscord, storage: Path) -> str:
    return (
        f'[discord]\napi_base = "{ld.api_base}"\ngateway_url = "{ld.gateway_url}"\n'
        f'guild_ready_timeout = "0s"\n[storage]\npath = "{storage}"\n'
    )


def nowhere(storage: Path) -> str:
    """A config whose Discord is a port nobody listens on."""
    return (
        '[discord]\napi_base = "http://127.0.0.1:9/api/v10"\ngateway_url = "ws://127.0.0.1:9/"\n'
        f'[storage]\npath = "{storage}"\n'
    )


def test_a_config_file_in_utf16_is_named(tmp_path: Path) -> None:
    """An editor that saved the config as UTF-16 gets the encoding named, not a TOML riddle."""
    (tmp_path / "config.toml").write_bytes(nowhere(tmp_path / "db.sqlite3").encode("utf-16"))
    one_line_failure(*start_bot(tmp_path, ""), expected_code=2, says="UTF-16 text; save it as UTF-8")


def test_a_storage_file_that_is_not_a_database_is_named_and_left_alone(tmp_path: Path) -> None:
    """``[storage] path`` at some other file: one line, exit 2, the file untouched."""
    other = tmp_path / "notes.txt"
    other.write_text("shopping list\n" * 50)
    one_line_failure(*start_bot(tmp_path, nowhere(other)), expected_code=2, says="[storage] path: ")
    assert other.read_text() == "shopping list\n" * 50


def test_a_database_of_a_newer_release_is_refused_naming_both_versions(tmp_path: Path) -> None:
    """The schema revision it does not know is named with its own newest; nothing is written."""
    storage = tmp_path / "db.sqlite3"
    code, stderr, _ = start_bot(tmp_path, nowhere(storage))
    assert code == 3, stderr
    connection = sqlite3.connect(storage)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = storage.read_bytes()
    code, stderr, seconds = start_bot(tmp_path, "")
    one_line_failure(code, stderr, seconds, expected_code=2, says="0099_from_the_future")
    assert "newer release" in stderr
    assert storage.read_bytes() == before


def test_discord_unreachable_is_one_line_and_exit_3(tmp_path: Path) -> None:
    """No network at start: the bot says so and ends, for the supervisor to start it again."""
    one_line_failure(
        *start_bot(tmp_path, nowhere(tmp_path / "db.sqlite3")), expected_code=3, says="cannot reach Discord"
    )


async def test_a_refused_token_is_one_line(world: World, tmp_path: Path) -> None:
    """A token Discord does not know ends the start with exit 2 and the fix."""
    config = discord_at(world.ld, tmp_path / "db.sqlite3")
    result = await asyncio.to_thread(start_bot, tmp_path, config, token="not.the.token")
    one_line_failure(*result, expected_code=2, says="Discord refused the bot token")


async def test_a_missing_privileged_intent_is_one_line(
    local_discord_factory: Factory, tmp_path: Path
) -> None:
    """Message Content not switched on in the portal: exit 2, naming the switch and the config key."""
    ld = await local_discord_factory(privileged_intents=0)
    ld.add_guild("Somewhere")
    result = await asyncio.to_thread(
        start_bot, tmp_path, discord_at(ld, tmp_path / "db.sqlite3"), token=ld.token
    )
    one_line_failure(*result, expected_code=2, says="enable the Message Content intent")


async def test_sync_for_a_server_the_bot_is_not_in_is_one_line(world: World, tmp_path: Path) -> None:
    """``sync --guild`` with an id the bot is not in says so, instead of a 403 traceback."""
    config = discord_at(world.ld, tmp_path / "db.sqlite3")
    result = await asyncio.to_thread(
        start_bot, tmp_path, config, "sync", "--guild", "123456789012345678", token=world.ld.token
    )
    one_line_failure(*result, expected_code=2, says="the bot is not in server 123456789012345678")


async def test_sync_clear_removes_the_guild_copy(world: World, tmp_path: Path) -> None:
    """Guild sync while trying, then ``--clear``: the server's own copy is gone, globals stay."""
    config = discord_at(world.ld, tmp_path / "db.sqlite3")
    guild = str(world.guild.id)
    for arguments in (("sync",), ("sync", "--guild", guild)):
        code, stderr, _ = await asyncio.to_thread(
            start_bot, tmp_path, config, *arguments, token=world.ld.token
        )
        assert code == 0, stderr
    assert world.ld.registered_commands(world.guild)
    code, stderr, _ = await asyncio.to_thread(
        start_bot, tmp_path, config, "sync", "--guild", guild, "--clear", token=world.ld.token
    )
    assert code == 0, stderr
    assert world.ld.registered_commands(world.guild) == []
    assert world.ld.registered_commands()


def test_version_and_help_answer_and_exit_0() -> None:
    """``--version`` and each command's help are answers; help names the exit codes and the server id."""

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *arguments],
            capture_output=True,
            text=True,
            cwd=REPOSITORY,
            check=False,
        )

    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("python -m bot 0.")
    main_help, sync_help = run("--help"), run("sync", "--help")
    assert main_help.returncode == sync_help.returncode == 0
    assert "Exit codes" in main_help.stdout
    assert "numeric" in sync_help.stdout
    assert "--clear" in sync_help.stdout


async def test_sigterm_during_a_fan_out_exits_0_and_the_restart_doubles_nothing(
    world: World, bot_process_factory: Callable[..., BotProcess]
) -> None:
    """SIGTERM while reminders go out: exit 0 within the bound; after a restart each member has one."""
    ld = world.ld
    bot, members, delivered = await fan_out_under_way(world, bot_process_factory)
    assert bot.process is not None
    stopping = time.monotonic()
    bot.process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(bot.process.wait(), ENDS_WITHIN + 5)
    took = time.monotonic() - stopping
    bot.process = None
    at_stop = delivered()
    assert code == 0
    assert took < ENDS_WITHIN + 1, f"stopping took {took:.1f} s"
    assert at_stop < len(members), "the fan-out finished before SIGTERM; nothing was tested"
    log = bot.log_path.read_text()
    assert "SIGTERM received" in log
    assert "Traceback" not in log
    ld.set_global_limit(per_second=50)
    await bot.start()
    await ld.wait_for(lambda: delivered() == len(members), timeout=30)
    await asyncio.sleep(1)
    counts = {member.username: len(reminders_to(world, member)) for member in members}
    assert set(counts.values()) == {1}, counts


pytestmark = pytest.mark.timeout(120)
