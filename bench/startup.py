"""Start-up with a large database: time to a rebuilt schedule and to READY, and peak memory.

Run from the repository root::

    python -m bench.startup [--meetups 100000] [--runs 3]

The database is made by the bot's own migrations (``Database.open`` once), then filled with plain
``sqlite3.executemany``: ``--meetups`` meetups with three date options and five RSVPs each, and
their nudges. Most meetups are done (every nudge sent); ``--scheduled`` of them start within the
next ``--weeks`` weeks (two reminders and a recap each, pending) and ``--polling`` are open polls
(closing and poll-nudge rows pending). Every pending nudge is due at least ten minutes ahead, so
nothing fires while the bot is measured, and a few hundred fall within the scheduler's six-hour
horizon (the table says how many). With ``--storage postgresql`` that file is then copied into the
throwaway PostgreSQL database with ``copy-storage``'s own code, and the bot starts on PostgreSQL.

The bot is then started ``--runs`` times on that file as ``python -m bot`` and each start is timed
from just before the process was spawned, on ``time.monotonic()``, to:

* ``login``: discord.py's "logging in" line (interpreter up, modules imported, database opened);
* ``scheduled``: the bot's "schedule rebuilt from the database: N nudges ..." line, printed by
  ``setup_hook`` once every job due within the horizon is in the scheduler;
* ``IDENTIFY``: the loopback gateway receiving the bot's IDENTIFY;
* ``READY``: discord.py's "has connected to Gateway" line, printed as it processes READY.

Log lines are stamped as they arrive through a pipe. Peak memory is ``VmHWM`` of the bot's
process one second after READY (the open polls are being reconciled by then).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import BotProcess, count_rows, start_local_discord
from bench.report import add_output_options, header, parse_options, table, write_json
from bot.db.codec import when_to_db
from bot.db.copy import copy_storage
from bot.db.database import Database
from bot.domain.model import NudgeKind
from local_discord.shards import IDENTIFY_WINDOW_S

SCHEDULE_LINE = "schedule rebuilt from the database"
LOGIN_LINE = "logging in using static token"
READY_LINE = "has connected to Gateway"
HORIZON = timedelta(hours=6)
MEETUP_LENGTH = timedelta(hours=3)


def _meetup_rows(
    count: int, guild_id: int, channel_id: int, scheduled: float, polling: float, weeks: float, now: datetime
) -> Iterator[dict[str, Any]]:
    """One dict per meetup: its row, its date options and its nudges, with a seeded random spread."""
    chance = random.Random(20261127)
    soonest = now + timedelta(minutes=10)
    ahead = timedelta(weeks=weeks)
    for number in range(1, count + 1):
        draw = chance.random()
        status = "polling" if draw < polling else "scheduled" if draw < polling + scheduled else "done"
        if status == "done":
            starts = now - timedelta(days=chance.uniform(1, 365))
        else:
            starts = soonest + timedelta(days=2) + chance.random() * ahead
        created = starts - timedelta(days=chance.uniform(3, 20))
        closes = soonest + chance.random() * min(ahead, timedelta(days=2)) if status == "polling" else created
        nudges: list[tuple[str, str, datetime, str]] = []
        stamp = int(starts.timestamp())
        if status == "polling":
            quarter = (closes - now) / 4
            nudges.append((NudgeKind.CLOSE_POLL.value, "", closes, "pending"))
            nudges.append((NudgeKind.POLL_NUDGE.value, "", max(closes - quarter, soonest), "pending"))
        else:
            for offset in (timedelta(hours=24), timedelta(hours=2)):
                due = starts - offset
                state = "pending" if status == "scheduled" and due >= soonest else "sent"
                nudges.append(
                    (NudgeKind.REMINDER.value, f"{int(offset.total_seconds())}@{stamp}", due, state)
                )
            recap = starts + MEETUP_LENGTH + timedelta(hours=1)
            nudges.append(
                (NudgeKind.RECAP.value, f"@{stamp}", recap, "sent" if status == "done" else "pending")
            )
        yield {
            "row": (
                number,
                guild_id,
                number,
                channel_id,
                1000 + number % 5000,
                f"Meetup {number}",
                status,
                when_to_db(created),
                when_to_db(closes),
                None if status == "polling" else when_to_db(starts),
                None if status == "polling" else int(MEETUP_LENGTH.total_seconds()),
                10_000_000 + number,
                None if status == "polling" else 20_000_000 + number,
            ),
            "dates": [
                (number, position, when_to_db(starts + timedelta(days=position - 1)), f"option {position}")
                for position in (1, 2, 3)
            ],
            "rsvps": [
                (number, 1000 + (number * 7 + k) % 5000, "going", k + 1, when_to_db(closes)) for k in range(5)
            ],
            "nudges": [
                (number, kind, key, when_to_db(due), state, when_to_db(due) if state == "sent" else None)
                for kind, key, due, state in nudges
            ],
        }


def seed(path: Path, args: argparse.Namespace, guild_id: int, channel_id: int) -> dict[str, int]:
    """Fill a migrated database file; returns the row counts and how many nudges fall in the horizon."""
    now = datetime.now(UTC)
    rows = list(
        _meetup_rows(args.meetups, guild_id, channel_id, args.scheduled, args.polling, args.weeks, now)
    )
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.executemany(
            "INSERT INTO meetups (id, guild_id, number, channel_id, organizer_id, title, status, created_at,"
            " closes_at, starts_at, length_seconds, poll_message_id, announcement_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (r["row"] for r in rows),
        )
        db.executemany(
            "INSERT INTO date_options (meetup_id, position, starts_at, source_text) VALUES (?, ?, ?, ?)",
            (d for r in rows for d in r["dates"]),
        )
        db.executemany(
            "INSERT INTO rsvps (meetup_id, user_id, status, sequence, changed_at) VALUES (?, ?, ?, ?, ?)",
            (v for r in rows for v in r["rsvps"]),
        )
        db.executemany(
            "INSERT INTO nudges (meetup_id, kind, key, due_at, state, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
            (n for r in rows for n in r["nudges"]),
        )
        horizon = when_to_db(now + HORIZON)
        return {
            "meetups": db.execute("SELECT COUNT(*) FROM meetups").fetchone()[0],
            "nudges": db.execute("SELECT COUNT(*) FROM nudges").fetchone()[0],
            "pending": db.execute("SELECT COUNT(*) FROM nudges WHERE state = 'pending'").fetchone()[0],
            "in_horizon": db.execute(
                "SELECT COUNT(*) FROM nudges WHERE state = 'pending' AND due_at < ?", (horizon,)
            ).fetchone()[0],
            "open_polls": db.execute("SELECT COUNT(*) FROM meetups WHERE status = 'polling'").fetchone()[0],
        }


async def _one_start(bot: BotProcess, settle: float) -> dict[str, Any]:
    """Start the bot once, take the four moments and the peak memory, stop it."""
    ld = bot.ld
    identified_before, refused_before = ld.gateway.identifies, len(ld.served_429s)

    async def identify() -> float:
        await ld.wait_for(lambda: ld.gateway.identifies > identified_before, timeout=120)
        return time.monotonic()

    started = await bot.start()
    identified = asyncio.create_task(identify())
    try:
        login = await bot.wait_for_line(LOGIN_LINE, 120)
        scheduled = await bot.wait_for_line(SCHEDULE_LINE, 120)
        ready = await bot.wait_for_line(READY_LINE, 120)
        identify_at = await identified
        await asyncio.sleep(settle)
        peak, now_rss = bot.status_kib("VmHWM"), bot.status_kib("VmRSS")
    finally:
        identified.cancel()
        await bot.stop()
    jobs = re.search(r"(\d+) nudges", scheduled.text)
    return {
        "login_s": login.at - started,
        "scheduled_s": scheduled.at - started,
        "identify_s": identify_at - started,
        "ready_s": ready.at - started,
        "jobs": int(jobs.group(1)) if jobs else None,
        "peak_rss_mib": peak / 1024,
        "rss_mib": now_rss / 1024,
        "429s": len(ld.served_429s) - refused_before,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Seed once, then start the bot ``--runs`` times on the same file."""
    ld = await start_local_discord()
    guild = ld.add_guild("Bench server")
    channel = ld.add_text_channel(guild, "meetups")
    starts = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        bot = BotProcess(ld, Path(folder), profile=args.profile)
        database = await Database.open(bot.db_path)
        await database.close()
        began = time.monotonic()
        counts = await asyncio.to_thread(seed, bot.db_path, args, guild.id, channel.id)
        seeding = time.monotonic() - began
        size = bot.db_path.stat().st_size + sum(
            p.stat().st_size for p in bot.db_path.parent.glob("meetups.sqlite3-*")
        )
        if bot.storage_url is not None:
            began = time.monotonic()
            await copy_storage(bot.db_path, bot.storage_url)
            counts["copy_s"] = time.monotonic() - began
        try:
            for run in range(args.runs):
                if run:
                    # Discord starts one session per five seconds; the next start waits that out
                    # here, so its READY measures the bot and not the start limit.
                    await asyncio.sleep(IDENTIFY_WINDOW_S)
                starts.append(await _one_start(bot, args.settle))
        finally:
            await ld.stop()
        counts["votes_after"] = count_rows(bot.database, "SELECT COUNT(*) FROM votes")
    return {
        "bench": "startup",
        **counts,
        "seed_s": seeding,
        "db_mib": size / 2**20,
        "runs": starts,
        "median": {key: statistics.median(run[key] for run in starts) for key in starts[0] if key != "jobs"},
    }


def main() -> None:
    """Parse the options, run, print the table (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--meetups", type=int, default=100_000, help="meetups in the database")
    options.add_argument("--scheduled", type=float, default=0.2, help="share of meetups still to come")
    options.add_argument("--polling", type=float, default=0.01, help="share of meetups that are open polls")
    options.add_argument("--weeks", type=float, default=4, help="how far ahead upcoming meetups spread")
    options.add_argument("--runs", type=int, default=3, help="starts measured on the same database")
    options.add_argument("--settle", type=float, default=1.0, help="seconds after READY to read peak memory")
    add_output_options(options)
    args = parse_options(options)
    figures = asyncio.run(run(args))
    print(header("startup"))
    print(
        f"\ndatabase: {figures['meetups']} meetups, {figures['nudges']} nudges ({figures['pending']} pending,"
        f" {figures['in_horizon']} within 6 h), {figures['open_polls']} open polls,"
        f" {figures['db_mib']:.0f} MiB; seeded in {figures['seed_s']:.1f} s\n"
    )
    rows = [
        (
            f"run {number}",
            run["login_s"],
            run["scheduled_s"],
            run["identify_s"],
            run["ready_s"],
            run["jobs"],
            run["peak_rss_mib"],
            run["429s"],
        )
        for number, run in enumerate(figures["runs"], 1)
    ]
    median = figures["median"]
    rows.append(
        (
            "median",
            median["login_s"],
            median["scheduled_s"],
            median["identify_s"],
            median["ready_s"],
            "",
            median["peak_rss_mib"],
            "",
        )
    )
    print(
        table(
            ("start", "login s", "scheduled s", "IDENTIFY s", "READY s", "jobs", "peak RSS MiB", "429s"),
            rows,
        )
    )
    print(
        "\nseconds from spawning `python -m bot`; 'ready' in the targets is READY processed;"
        " 429s = requests the loopback refused for their pace during the start and its settling."
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
