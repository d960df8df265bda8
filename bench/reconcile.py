"""Catch-up after a fresh session with many upcoming meetups: requests, time, and replies meanwhile.

Run from the repository root::

    python -m bench.reconcile [--meetups 10000] [--guilds 4] [--limit 50]

The bot's database is made by its own migrations, then filled with plain ``sqlite3``:
``--meetups`` scheduled meetups still to come (spread over ``--guilds`` servers), each with an
announcement in the loopback Discord carrying its members' ✅ reactions, plus ``--polling`` of
that many open polls with their votes. While the bot is down, members change their answers on
``--changed`` of the announcements (one ✅ removed and one added). The loopback enforces
``--limit`` requests per second globally throughout.

The bot is then started: its READY begins the catch-up. Measured from READY to the last request
of the catch-up: the requests it made (fetching announcements and polls, reading who reacted,
redrawing what changed), the time, 429s, and every changed answer applied. Meanwhile a member
runs ``/meetup propose`` every ``--probe-every`` seconds: "answered" is from sending the
interaction to the bot's first answer, "completed" to the finished reply, whose poll post waits
for its turn ahead of the catch-up's background reads.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import BotProcess, start_local_discord
from bench.report import add_output_options, header, percentile, table, write_json
from bot.db.codec import when_to_db
from bot.db.database import Database
from local_discord import Channel, LocalDiscord, Message, User

FETCH_ROUTE = "GET /channels/{channel_id}/messages/{message_id}"
USERS_ROUTE = "GET /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}"
EDIT_ROUTE = "PATCH /channels/{channel_id}/messages/{message_id}"
GOING = 4


Announced = list[tuple[int, Channel, Message, list[User]]]


async def _world(
    ld: LocalDiscord, args: argparse.Namespace
) -> tuple[dict[int, list[User]], Announced, list[Message]]:
    """Servers and their members, an announcement per meetup with its ✅ reactions, the open polls."""
    chance = random.Random(20261206)
    channels = [ld.add_text_channel(ld.add_guild(f"Server {g}"), "meetups") for g in range(args.guilds)]
    people = {
        channel.id: [ld.add_member(ld.world.guilds[channel.guild_id or 0], f"m{g}-{i}") for i in range(40)]
        for g, channel in enumerate(channels)
    }
    announced: Announced = []
    for number in range(1, args.meetups + 1):
        channel = channels[number % len(channels)]
        going = chance.sample(people[channel.id], GOING)
        message = await ld.post_message(going[0], channel, f"📣 Meetup {number} is happening.")
        for member in going:
            ld.core.add_reaction(message, member, "✅")
        announced.append((number, channel, message, going))
    polls = []
    for index in range(args.polling):
        channel = channels[index % len(channels)]
        voters = chance.sample(people[channel.id], 3)
        poll = await ld.post_message(voters[0], channel, f"🗳️ Poll {index}")
        for voter in voters:
            ld.core.add_reaction(poll, voter, "1️⃣")
        polls.append(poll)
    return people, announced, polls


def _seed(path: Path, announced: Announced, polls: list[Message], now: datetime) -> None:
    """The meetups as the bot stored them before it went down (answers as the reactions were then)."""
    rows: list[tuple[Any, ...]] = []
    rsvps: list[tuple[Any, ...]] = []
    options: list[tuple[Any, ...]] = []
    for number, channel, message, going in announced:
        starts = now + timedelta(days=2 + number % 28)
        rows.append(
            (
                number,
                channel.guild_id,
                number,
                channel.id,
                going[0].id,
                f"Meetup {number}",
                "scheduled",
                when_to_db(now),
                when_to_db(now),
                when_to_db(starts),
                10800,
                message.id - 1,
                message.id,
            )
        )
        rsvps += [(number, member.id, "going", k + 1, when_to_db(now)) for k, member in enumerate(going)]
    for offset, poll in enumerate(polls, start=len(announced) + 1):
        closes = now + timedelta(days=1)
        rows.append(
            (
                offset,
                poll.guild_id,
                offset,
                poll.channel_id,
                poll.author.id,
                f"Poll {offset}",
                "polling",
                when_to_db(now),
                when_to_db(closes),
                None,
                None,
                poll.id,
                None,
            )
        )
        options.append((offset, 1, when_to_db(now + timedelta(days=3)), "option 1"))
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO meetups (id, guild_id, number, channel_id, organizer_id, title, status, created_at,"
            " closes_at, starts_at, length_seconds, poll_message_id, announcement_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.executemany(
            "INSERT INTO rsvps (meetup_id, user_id, status, sequence, changed_at) VALUES (?, ?, ?, ?, ?)",
            rsvps,
        )
        db.executemany(
            "INSERT INTO date_options (meetup_id, position, starts_at, source_text) VALUES (?, ?, ?, ?)",
            options,
        )


def _change_answers(
    ld: LocalDiscord, announced: Announced, people: dict[int, list[User]], share: float
) -> dict[int, set[int]]:
    """While the bot is down: on a share of the announcements one ✅ is removed and another added."""
    chance = random.Random(7)
    expected = {}
    for number, channel, message, going in chance.sample(announced, int(len(announced) * share)):
        joining = next(m for m in people[channel.id] if m not in going)
        ld.core.remove_reaction(message, going[-1], "✅")
        ld.core.add_reaction(message, joining, "✅")
        expected[number] = {m.id for m in going[:-1]} | {joining.id}
    return expected


def _going(path: Path) -> dict[int, set[int]]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT meetup_id, user_id FROM rsvps WHERE status = 'going'").fetchall()
    found: dict[int, set[int]] = {}
    for meetup_id, user_id in rows:
        found.setdefault(meetup_id, set()).add(user_id)
    return found


async def _probe(
    ld: LocalDiscord, member: User, channel: Channel, every: float, done: asyncio.Event
) -> tuple[list[float], list[float]]:
    """Run ``/meetup propose`` every ``every`` seconds until ``done``; (answered, completed) in ms."""
    answered: list[float] = []
    completed: list[float] = []
    while not done.is_set():
        fired = time.monotonic()
        result = await ld.slash(member, channel, "meetup propose", title="Probe", dates="Dec 30 18:00")
        answered.append((time.monotonic() - fired) * 1000)
        await result.final(timeout=30)
        completed.append((time.monotonic() - fired) * 1000)
        await asyncio.sleep(max(every - (time.monotonic() - fired), 0))
    return answered, completed


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Seed, change answers while the bot is down, start it and measure its catch-up."""
    ld = await start_local_discord()
    ld.set_global_limit(args.limit)
    people, announced, polls = await _world(ld, args)
    with tempfile.TemporaryDirectory(prefix="bench-reconcile-") as folder:
        bot = BotProcess(ld, Path(folder), profile=args.profile)
        database = await Database.open(bot.db_path)
        await database.close()
        _seed(bot.db_path, announced, polls, datetime.now(UTC))
        expected = _change_answers(ld, announced, people, args.changed)
        try:
            await bot.sync()
            first = len(ld.requests)
            ready = await bot.start_and_wait_ready(timeout=120)
            fetches_due = len(announced) + len(polls)
            channel = announced[0][1]
            done = asyncio.Event()
            probing = asyncio.create_task(_probe(ld, people[channel.id][0], channel, args.probe_every, done))
            deadline = time.monotonic() + args.timeout
            while sum(1 for r in ld.requests[first:] if r.route == FETCH_ROUTE) < fetches_due:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the catch-up had not read every message after {args.timeout} s")
                await asyncio.sleep(0.5)
            await asyncio.sleep(args.settle)
            done.set()
            answered, completed = await probing
        finally:
            await bot.stop()
            await ld.stop()
        going = _going(bot.db_path)
    window = [r for r in ld.requests[first:] if r.time >= ready]
    catch_up = [r for r in window if r.route in (FETCH_ROUTE, USERS_ROUTE)]
    last = max(r.time for r in catch_up)
    return {
        "bench": "reconcile",
        "meetups": len(announced),
        "open_polls": len(polls),
        "guilds": args.guilds,
        "limit": args.limit,
        "changed": len(expected),
        "fetches": sum(1 for r in catch_up if r.route == FETCH_ROUTE),
        "reaction_reads": sum(1 for r in catch_up if r.route == USERS_ROUTE),
        "edits": sum(1 for r in window if r.route == EDIT_ROUTE and r.time <= last),
        "requests": sum(1 for r in window if r.time <= last and r.status < 500),
        "seconds": last - ready,
        "requests_per_s": sum(1 for r in window if r.time <= last) / (last - ready),
        "served_429s": len(ld.served_429s),
        "changes_applied": sum(1 for number, ids in expected.items() if going.get(number) == ids),
        "probes": len(answered),
        "probe_answered_p50_ms": percentile(answered, 0.5),
        "probe_answered_p99_ms": percentile(answered, 0.99),
        "probe_completed_p50_ms": percentile(completed, 0.5),
        "probe_completed_p99_ms": percentile(completed, 0.99),
    }


def main() -> None:
    """Parse the options, run, print the table (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--meetups", type=int, default=10_000, help="upcoming meetups with an announcement")
    options.add_argument("--polling", type=int, default=100, help="open polls")
    options.add_argument("--guilds", type=int, default=4, help="servers the meetups are spread over")
    options.add_argument("--limit", type=int, default=50, help="global requests per second enforced")
    options.add_argument("--changed", type=float, default=0.01, help="share of announcements changed offline")
    options.add_argument("--probe-every", type=float, default=1.0, help="seconds between /meetup propose")
    options.add_argument("--timeout", type=float, default=900, help="give up on the catch-up after this")
    options.add_argument("--settle", type=float, default=2, help="seconds to wait after the last read")
    add_output_options(options)
    args = options.parse_args()
    if args.storage != "sqlite":
        options.error("--storage: this bench writes its 10,000 meetups straight into a SQLite file")
    figures = asyncio.run(run(args))
    print(header("reconcile"))
    print(
        f"\n{figures['meetups']} upcoming meetups and {figures['open_polls']} open polls over"
        f" {figures['guilds']} servers, {figures['changed']} announcements changed while the bot was down,"
        f" global limit {figures['limit']}/s\n"
    )
    print(
        table(
            ("figure", "value"),
            [
                ("requests from READY to the end of the catch-up", figures["requests"]),
                ("  messages fetched", figures["fetches"]),
                ("  reaction lists read", figures["reaction_reads"]),
                ("  messages redrawn", figures["edits"]),
                ("time from READY to the last read (s)", figures["seconds"]),
                ("requests per second", figures["requests_per_s"]),
                ("429 answers", figures["served_429s"]),
                ("changed answers applied exactly", f"{figures['changes_applied']} of {figures['changed']}"),
                (
                    f"/meetup propose meanwhile ({figures['probes']}): answered p50 ms",
                    figures["probe_answered_p50_ms"],
                ),
                ("  answered p99 ms", figures["probe_answered_p99_ms"]),
                ("  completed reply p50 ms", figures["probe_completed_p50_ms"]),
                ("  completed reply p99 ms", figures["probe_completed_p99_ms"]),
            ],
        )
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
