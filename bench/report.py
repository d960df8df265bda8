"""What every bench shares: its options, the storage it measures, and how it reports figures.

Every bench prints ``header()`` (command, machine, revision, date, load) above a ``table()``, and
``--json FILE`` appends its figures as one JSON line (``write_json``), which ``bench.run_all``
summarises by median.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import math
import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import postgres

REPOSITORY = Path(__file__).resolve().parent.parent
STORAGES = ("sqlite", "postgresql")


@dataclass
class Storage:
    """The engine this bench process measures, chosen by ``--storage`` (see ``parse_options``)."""

    engine: str = "sqlite"
    url: str | None = None
    """The PostgreSQL database's url, or None on SQLite."""
    server: postgres.PostgresServer | None = None
    """The throwaway PostgreSQL cluster, for a bench that wants a fresh database per run."""


MEASURED = Storage()


def command_line(module: str) -> str:
    """The command that reproduces this run, to print above its figures."""
    return shlex.join(["python", "-m", f"bench.{module}", *sys.argv[1:]])


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.99 is p99); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain-text table: columns of text aligned left, columns of numbers right."""
    listed = [list(row) for row in rows]
    textual = [all(isinstance(row[i], str) for row in listed) for i in range(len(headers))]
    cells = [[str(h) for h in headers]] + [[_cell(value) for value in row] for row in listed]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for number, row in enumerate(cells):
        lines.append(
            "  ".join(
                value.ljust(widths[i]) if textual[i] else value.rjust(widths[i])
                for i, value in enumerate(row)
            ).rstrip()
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if value.is_integer() and abs(value) < 1e6:
            return str(int(value))
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def machine() -> str:
    """Cores, architecture, CPU model and Python: what the figures were measured on."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {platform.machine()}, {model}, Python {platform.python_version()}"


def revision() -> str:
    """The commit measured, marked ``+changes`` when the bot's files differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "bot", "cogs"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return os.environ.get("BENCH_REVISION", "unknown (not a git checkout)")
    return head + (" +changes" if dirty else "")


def header(module: str) -> str:
    """The lines every bench prints first: command, machine, revision, date."""
    return "\n".join(
        [
            f"command:  {command_line(module)}",
            f"machine:  {machine()}",
            f"revision: {revision()}",
            f"date:     {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"storage:  {MEASURED.engine}",
            "load:     {:.2f} {:.2f} {:.2f} (load average before the run; above the core count the"
            " figures are noisy)".format(*os.getloadavg()),
        ]
    )


def add_output_options(options: argparse.ArgumentParser, *, profile: bool = True) -> None:
    """The options every bench shares: where to keep its figures, and (for benches that start
    the bot) where to write a py-spy profile of it and which storage engine it runs on."""
    options.add_argument("--json", type=Path, help="append this run's figures to a JSON-lines file")
    if profile:
        options.add_argument("--profile", type=Path, help="run the bot under py-spy, writing this file")
        options.add_argument(
            "--storage",
            choices=(*STORAGES, "both"),
            default="sqlite",
            help="the bot's storage: a SQLite file, a throwaway PostgreSQL cluster, or both one after"
            " the other (default sqlite)",
        )


def parse_options(options: argparse.ArgumentParser, *, engine: str | None = None) -> argparse.Namespace:
    """Parse the command line and prepare the storage it asks for (or ``engine``, for a bench that
    runs on one engine only and has no ``--storage``).

    ``--storage both`` runs this bench again as its own process once per engine, passing every
    other option through, and exits: each engine gets a fresh process and the same load.
    ``postgresql`` starts a throwaway cluster (``bench.postgres``) for the life of this process,
    with one new database that every ``BotProcess`` of the bench uses.
    """
    args = options.parse_args()
    storage = engine or getattr(args, "storage", "sqlite")
    if storage == "both":
        rest = [argument for argument in sys.argv[1:] if argument not in ("--storage", "both")]
        for engine in STORAGES:
            subprocess.run(
                [sys.executable, "-m", sys.modules["__main__"].__spec__.name, *rest, "--storage", engine],
                cwd=REPOSITORY,
                check=True,
            )
        sys.exit(0)
    MEASURED.engine = storage
    if storage == "postgresql":
        programs = postgres.binaries()
        if programs is None:
            options.error(
                "--storage postgresql: PostgreSQL is not installed (no initdb under /usr/lib/postgresql)"
            )
        stack = contextlib.ExitStack()
        atexit.register(stack.close)
        MEASURED.server = stack.enter_context(postgres.cluster(programs))
        MEASURED.url = asyncio.run(MEASURED.server.create_database())
    return args


def write_json(path: Path | None, figures: dict[str, Any]) -> None:
    """Append one run's figures as a JSON line, so repeated runs can be summarised by median."""
    if path is None:
        return
    with path.open("a", encoding="utf-8") as out:
        record = {"command": command_line(figures["bench"]), "storage": MEASURED.engine, **figures}
        out.write(json.dumps(record) + "\n")
