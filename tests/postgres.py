"""A throwaway PostgreSQL server for the test session, and the fixture that picks the engine.

Each pytest-xdist worker starts its own cluster (``bench.postgres``, which the benches use too) and
removes it at the end; every test that asks for PostgreSQL gets a new empty database in it.

Where PostgreSQL is not installed the PostgreSQL half of the suite is skipped with one line, unless
``MEETUP_REQUIRE_POSTGRES=1`` (CI), which turns that skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.postgres import PASSWORD, PASSWORD_USER, PostgresServer, binaries, cluster, free_port

__all__ = ["ENGINES", "PASSWORD", "PASSWORD_USER", "PostgresServer", "free_port"]
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """This worker's PostgreSQL server, started on first use and removed at the end."""
    programs = binaries()
    if programs is None:
        reason = "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin)"
        if os.environ.get("MEETUP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"MEETUP_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    with cluster(programs) as server:
        yield server


@pytest.fixture
def storage_engine() -> str:
    """The engine a test's database runs on; modules that run on both parametrize this name."""
    return "sqlite"


@pytest.fixture
async def storage_target(storage_engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where the test's database lives: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if storage_engine == "sqlite":
        return tmp_path / "meetups.sqlite3"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return await server.create_database()
