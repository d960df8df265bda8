"""The running bot never loads the loopback Discord: only the demo, the tests and the benches do."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import BotProcess, World


def imported_modules(log: str) -> set[str]:
    """Module names from ``-X importtime`` lines (``import time: self | cumulative | name``)."""
    return {
        line.rsplit("|", 1)[1].strip() for line in log.splitlines() if line.startswith("import time:")
    } - {"imported package"}


@pytest.mark.parametrize("command", ["run", "sync"])
async def test_bot_and_sync_run_without_importing_the_loopback_discord(
    command: str,
    world: World,
    bot_process_factory: Callable[..., BotProcess],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``python -m bot`` up to a live gateway session, and ``python -m bot sync``, load no local_discord module."""
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")
    bot = bot_process_factory()
    if command == "sync":
        await bot.sync()
    else:
        await bot.start()
        await bot.stop()
    modules = imported_modules(bot.log_path.read_text())
    # Extensions are executed by discord.py, not imported, so their own names are not listed;
    # what they import is.
    assert {"bot.app", "cogs.common", "discord.gateway"} <= modules
    assert not [name for name in modules if name.split(".")[0] == "local_discord"]
