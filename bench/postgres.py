"""A throwaway PostgreSQL cluster: initdb, pg_ctl start, and removal at the end.

The benches measure the bot on PostgreSQL with it, and the test suite starts one per worker from
it (``tests/postgres.py``). The cluster is tuned for throwaway use (no fsync) and listens on
127.0.0.1 at a free port with trusted logins, except for ``PASSWORD_USER``, kept for the tests of
a refused login. PostgreSQL refuses to run as root, so as root the cluster belongs to the
``postgres`` system user and its programs run through ``runuser``. Nothing here needs pytest.
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

BIN_FOLDERS = (
    Path("/usr/lib/postgresql/15/bin"),
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
)
PASSWORD_USER = "secured"
PASSWORD = "right-password"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, PostgreSQL 15 first; None where none is installed."""
    for folder in BIN_FOLDERS:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """One running cluster: trusted logins for ``postgres`` on 127.0.0.1 at ``port``."""

    port: int
    _names: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str, user: str = "postgres", password: str | None = None) -> str:
        """The ``[storage] url`` of one of its databases."""
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
def cluster(programs: Path) -> Iterator[PostgresServer]:
    """Start a cluster in a temporary folder with the programs in ``programs``; remove it after."""
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
                str(programs / "initdb"),
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
                str(programs / "pg_ctl"),
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
                    str(programs / "psql") if (programs / "psql").exists() else "psql",
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
            _run([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_postgres)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
