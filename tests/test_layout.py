"""The source tree keeps the shape docs/architecture.md describes: small modules, imports one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
MAX_COG_LINES = 300


def modules(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module name an ``import`` or ``from ... import`` in *path* names, lazy imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("packages", "limit"), [(("bot", "cogs", "local_discord"), MAX_MODULE_LINES), (("cogs",), MAX_COG_LINES)]
)
def test_modules_stay_small_enough_to_read_in_one_sitting(packages: tuple[str, ...], limit: int) -> None:
    """No module of the bot, its cogs or the loopback Discord grows past its limit."""
    too_long = {str(p.relative_to(ROOT)): line_count(p) for p in modules(*packages) if line_count(p) > limit}
    assert not too_long, f"over {limit} lines: {too_long}"


def test_runtime_code_never_imports_the_loopback_discord() -> None:
    """Only the demo may use local_discord; the bot and its cogs reach Discord through discord.py."""
    runtime = [p for p in modules("bot", "cogs") if "demo" not in p.relative_to(ROOT).parts]
    offenders = [
        str(p.relative_to(ROOT)) for p in runtime if any(n.startswith("local_discord") for n in imported(p))
    ]
    assert not offenders


def test_the_date_reader_knows_nothing_of_the_bot() -> None:
    """bot.when imports only itself and libraries, so it can be read, tested and reused alone."""
    offenders = {
        str(p.relative_to(ROOT)): sorted(
            n for n in imported(p) if n.startswith(("bot", "cogs")) and not n.startswith("bot.when")
        )
        for p in modules("bot/when")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_the_domain_is_pure() -> None:
    """Domain rules import no discord.py, no database driver and no other layer of the bot."""
    forbidden = (
        "discord",
        "aiosqlite",
        "sqlite3",
        "sqlalchemy",
        "apscheduler",
        "bot.db",
        "bot.services",
        "cogs",
    )
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in imported(p) if n.startswith(forbidden))
        for p in modules("bot/domain")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_sql_lives_only_in_the_db_layer() -> None:
    """Nothing outside bot/db talks to a database driver directly."""
    drivers = ("aiosqlite", "sqlite3", "sqlalchemy", "asyncpg", "alembic")
    outside = [p for p in modules("bot", "cogs") if "db" not in p.relative_to(ROOT).parts]
    offenders = [str(p.relative_to(ROOT)) for p in outside if any(n.startswith(drivers) for n in imported(p))]
    assert not offenders


def test_the_web_server_is_an_adapter_like_the_cogs() -> None:
    """bot/web calls services and renders; it imports no cog, and nothing but the composition root,
    the start-up failures and the web package itself imports it."""
    offenders = [
        str(p.relative_to(ROOT)) for p in modules("bot/web") if any(n.startswith("cogs") for n in imported(p))
    ]
    assert not offenders
    allowed = {"bot/app.py", "bot/lifecycle.py"}
    importers = [
        str(p.relative_to(ROOT))
        for p in modules("bot", "cogs")
        if "web" not in p.relative_to(ROOT).parts and any(n.startswith("bot.web") for n in imported(p))
    ]
    assert set(importers) <= allowed, importers
