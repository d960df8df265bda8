"""A throwaway PostgreSQL server for the test session, and the fixture that picks the engine.

Each pytest-xdist worker starts its own cluster (initdb, then pg_ctl) in a temporary folder, on
its own port, tuned for tests (no fsync), and removes it at the end; every test that asks for
PostgreSQL gets a new empty database in it. PostgreSQL refuses to run as root, so as root the
cluster belongs to the ``postgres`` system user and its programs run through ``runuser``.

Where PostgreSQL is not installed the PostgreSQL half of the suite is skipped with one line, unless
``MEETUP_REQUIRE_POSTGRES=1`` (CI), which turns that skip into a failure.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest

BIN_FOLDERS = (
    Path("/usr/lib/postgresql/15/bin"),
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
)
ENGINES = ("sqlite", "postgresql")
# A role that must give its password, for the tests of a refused login; every other login is trusted.
PASSWORD_USER = "secured"
PASSWORD = "right-password"


def _binaries() -> Path | None:
    for folder in BIN_FOLDERS:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """One running cluster: trusted logins for ``postgres`` on 127.0.0.1 at ``port``."""

    port: int
    _names: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str, user: str = "postgres", password: str | None = None) -> str:
        login = f"{user}:{password}" if password else user
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"

    async def create_database(self) -> str:
        """A new empty database; returns its url."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        connection = await asyncpg.connect(
            host="127.0.0.1", port=self.port, user="postgres", database="postgres"
        )
        try:
            await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        finally:
            await connection.close()
        return self.url(name)


def _run(command: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.strip()}")


@contextlib.contextmanager
def _cluster(binaries: Path) -> Iterator[PostgresServer]:
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="meetup-pg-"))
    data = folder / "data"
    if as_postgres:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
    port = free_port()
    try:
        _run(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            as_postgres,
        )
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        options = (
            f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        _run(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ],
            as_postgres,
        )
        try:
            _run(
                [
                    str(binaries / "psql") if (binaries / "psql").exists() else "psql",
                    "-h",
                    str(folder),
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "-q",
                    "-c",
                    f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'",
                ],
                as_postgres,
            )
            yield PostgresServer(port)
        finally:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_postgres)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """This worker's PostgreSQL server, started on first use and removed at the end."""
    binaries = _binaries()
    if binaries is None:
        reason = "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin)"
        if os.environ.get("MEETUP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"MEETUP_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    with _cluster(binaries) as server:
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
