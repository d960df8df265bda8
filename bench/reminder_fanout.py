"""Reminder fan-out under Discord's global rate limit: time, throughput, losses and duplicates.

Run from the repository root::

    python -m bench.reminder_fanout [--meetups 200] [--going 10] [--limit 50]

The meetups are made through the real commands, as members make them: ``/meetup propose`` with
one date, every going member reacts 1️⃣, ``/meetup close``; the winning date's voters are going.
All meetups start at the same whole minute and ``reminder_offsets`` is set so that every
reminder comes due at the same instant, ``--setup-budget`` seconds after the run begins (as
when many meetups start at 18:00 and the two-hour reminders all fall at 16:00). The setup is
not measured; once it is done the loopback Discord starts enforcing ``--limit`` requests per
second globally, and the fan-out is timed from the instant the reminders came due to the last
reminder DM accepted.

Throughput is the requests answered 2xx in that window per second, as a fraction of the limit
(a first DM to a member costs two requests: opening the DM channel, then sending). Every member
must end with exactly one reminder DM (those starting with ⏰): fewer is a loss, more a duplicate.

While the reminders go out, a member runs ``/meetup propose`` every ``--probe-every`` seconds:
"answered" is from sending the interaction to the bot's first answer (its defer), "completed"
to the finished reply, which waits for the poll to be posted (a member's post, paced ahead of
the DMs).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import BotProcess, count_rows, quiesce, start_local_discord
from bench.report import add_output_options, header, parse_options, percentile, table, write_json
from local_discord import Channel, LocalDiscord, Message, User
from local_discord.rest import RequestRecord

SEND_ROUTE = "POST /channels/{channel_id}/messages"
OPEN_DM_ROUTE = "POST /users/@me/channels"
HEADING = re.compile(r"Meetup #(\d+): Fan-out (\d+)")


def reminders_to(ld: LocalDiscord, user: User) -> list[Message]:
    """The reminder DMs ``user`` received."""
    return [m for m in ld.dms(user) if m.content.startswith("⏰")]


async def wait_delivered(ld: LocalDiscord, members: list[User], timeout: float) -> None:
    """Wait until every member has a reminder, looking five times a second.

    Checking 2,000 DM histories on every server change would load the process serving the bot.
    """
    deadline = time.monotonic() + timeout
    while not all(reminders_to(ld, member) for member in members):
        if time.monotonic() > deadline:
            missing = sum(1 for member in members if not reminders_to(ld, member))
            raise TimeoutError(f"{missing} of {len(members)} members had no reminder after {timeout} s")
        await asyncio.sleep(0.2)


async def _probe(
    ld: LocalDiscord, member: User, channel: Channel, every: float, done: asyncio.Event
) -> tuple[list[float], list[float]]:
    """Run ``/meetup propose`` every ``every`` seconds until ``done``; (answered, completed) in ms."""
    answered: list[float] = []
    completed: list[float] = []
    number = 0
    while not done.is_set():
        number += 1
        fired = time.monotonic()
        result = await ld.slash(
            member, channel, "meetup propose", title=f"Probe {number}", dates="Dec 30 18:00"
        )
        answered.append((time.monotonic() - fired) * 1000)
        await result.final(timeout=30)
        completed.append((time.monotonic() - fired) * 1000)
        await asyncio.sleep(max(every - (time.monotonic() - fired), 0))
    return answered, completed


async def _in_batches(coroutines: list[Coroutine[Any, Any, None]], size: int) -> None:
    """Run ``size`` at a time: members act concurrently, but not all 200 in the same instant."""
    for start in range(0, len(coroutines), size):
        await asyncio.gather(*coroutines[start : start + size])


def reminders_due(setup_budget: float) -> tuple[datetime, datetime, int]:
    """When the reminders come due (about ``setup_budget`` seconds from now), when the meetups
    start (a whole minute, more than two minutes later) and the reminder offset in seconds."""
    due = datetime.now(UTC) + timedelta(seconds=setup_budget)
    starts = (due + timedelta(minutes=2)).replace(second=0, microsecond=0)
    offset = int((starts - due).total_seconds())
    return starts - timedelta(seconds=offset), starts, offset


async def make_meetups(
    ld: LocalDiscord,
    organizer: User,
    channels: list[Channel],
    groups: list[list[User]],
    starts: datetime,
    database: Path | str,
) -> None:
    """Propose, vote and close through the real commands, ``len(groups)`` times, in ``channels``
    (all of one server, which may have other meetups of its own)."""
    dates = f"{starts:%b %d %H:%M}"
    guild_id = channels[0].guild_id
    in_channels = {channel.id for channel in channels}

    async def propose(index: int) -> None:
        channel = channels[index % len(channels)]
        result = await ld.slash(organizer, channel, "meetup propose", title=f"Fan-out {index}", dates=dates)
        await result.final(timeout=60)

    await _in_batches([propose(i) for i in range(len(groups))], 20)
    polls: dict[int, tuple[int, Message]] = {}
    for message in ld.all_bot_messages():
        if "New meetup poll" in message.content and message.channel_id in in_channels:
            found = HEADING.search(message.embeds[0].get("title", "") if message.embeds else "")
            if found:
                polls[int(found.group(2))] = (int(found.group(1)), message)
    if len(polls) != len(groups):
        raise RuntimeError(f"expected {len(groups)} polls, found {len(polls)}")
    await ld.wait_for(lambda: all(m.reaction("1️⃣") for _, m in polls.values()), timeout=60)
    for index, group in enumerate(groups):
        for member in group:
            await ld.react(member, polls[index][1], "1️⃣")
    votes = sum(len(group) for group in groups)
    deadline = time.monotonic() + 60
    stored = (
        "SELECT COUNT(*) FROM votes JOIN meetups ON meetups.id = votes.meetup_id"
        f" WHERE meetups.guild_id = {guild_id}"
    )
    while count_rows(database, stored) < votes:
        if time.monotonic() > deadline:
            raise TimeoutError("the votes were not all stored within 60 s")
        await asyncio.sleep(0.05)

    async def close(index: int) -> None:
        number = polls[index][0]
        result = await ld.slash(organizer, channels[index % len(channels)], "meetup close", meetup=number)
        reply = await result.final(timeout=60)
        # On a slow setup a poll may reach its own deadline first: it closed the same way.
        if "closed" not in reply.content and "(it is scheduled)" not in reply.content:
            raise RuntimeError(f"closing meetup #{number}: {reply.content}")

    await _in_batches([close(i) for i in range(len(groups))], 20)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Make the meetups, wait for the reminders to come due, and time their delivery."""
    ld = await start_local_discord()
    guild = ld.add_guild("Bench server")
    channels = [ld.add_text_channel(guild, f"meetups-{i}") for i in range(args.channels)]
    organizer = ld.add_member(guild, "organizer", display_name="Organizer")
    members = [
        ld.add_member(guild, f"member{i}", display_name=f"Member {i}")
        for i in range(args.meetups * args.going)
    ]
    groups = [members[i * args.going : (i + 1) * args.going] for i in range(args.meetups)]
    begun = datetime.now(UTC)
    due, starts, offset = reminders_due(args.setup_budget)
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as folder:
        bot = BotProcess(
            ld,
            Path(folder),
            meetups={"timezone": "UTC", "reminder_offsets": [f"{offset}s"]},
            profile=args.profile,
        )
        try:
            await bot.sync()
            await bot.start_and_wait_ready()
            await make_meetups(ld, organizer, channels, groups, starts, bot.database)
            await quiesce(ld, idle=1.0)
            setup = (datetime.now(UTC) - begun).total_seconds()
            due_at = time.monotonic() + (due - datetime.now(UTC)).total_seconds()
            if due_at - time.monotonic() < 1:
                raise RuntimeError(f"the setup took {setup:.0f} s, past the reminders; raise --setup-budget")
            pending = count_rows(
                bot.database, "SELECT COUNT(*) FROM nudges WHERE kind = 'reminder' AND state = 'pending'"
            )
            ld.set_global_limit(args.limit)
            first_request = len(ld.requests)
            limited_before = len(ld.served_429s)
            await asyncio.sleep(max(due_at - time.monotonic(), 0))
            delivered = asyncio.Event()
            probing = asyncio.create_task(_probe(ld, organizer, channels[-1], args.probe_every, delivered))
            await wait_delivered(ld, members, args.timeout)
            delivered.set()
            answered, completed = await probing
            await asyncio.sleep(args.settle)
            sent_nudges = count_rows(
                bot.database, "SELECT COUNT(*) FROM nudges WHERE kind = 'reminder' AND state = 'sent'"
            )
        finally:
            await bot.stop()
            await ld.stop()
    limited = ld.served_429s[limited_before:]
    return {
        "bench": "reminder_fanout",
        "meetups": args.meetups,
        "members": len(members),
        "limit": args.limit,
        "setup_s": setup,
        "pending_reminders": pending,
        **delivery_figures(ld, members, ld.requests[first_request:], due_at, args.limit),
        "global_429s": sum(1 for hit in limited if hit.scope == "global"),
        "probes": len(answered),
        "probe_answered_p50_ms": percentile(answered, 0.5),
        "probe_answered_p99_ms": percentile(answered, 0.99),
        "probe_completed_p50_ms": percentile(completed, 0.5),
        "probe_completed_p99_ms": percentile(completed, 0.99),
        "reminder_nudges_sent": sent_nudges,
    }


def delivery_figures(
    ld: LocalDiscord, members: list[User], requests: list[RequestRecord], due_at: float, limit: float
) -> dict[str, Any]:
    """What the request log says of a fan-out that came due at ``due_at`` (monotonic): its time to
    the last reminder DM accepted, throughput against ``limit``, 429 answers; and the members
    without a reminder (losses) or with more than one (duplicates)."""
    counts = [len(reminders_to(ld, member)) for member in members]
    window = [r for r in requests if r.time >= due_at]
    dm_channels = {c.id for c in ld.world.channels.values() if c.is_dm}
    reminder_sends = [
        r
        for r in window
        if r.route == SEND_ROUTE and r.status < 300 and int(r.path.split("/")[2]) in dm_channels
    ]
    last = max(r.time for r in reminder_sends)
    served = [r for r in window if r.status < 300 and r.time <= last]
    elapsed = last - due_at
    return {
        "first_request_after_due_ms": (min(r.time for r in window) - due_at) * 1000 if window else None,
        "deliver_all_s": elapsed,
        "requests_2xx": len(served),
        "dm_opens": sum(1 for r in served if r.route == OPEN_DM_ROUTE),
        "dm_sends": len(reminder_sends),
        "ideal_s": len(served) / limit,
        "throughput_per_s": len(served) / elapsed,
        "throughput_fraction": len(served) / elapsed / limit,
        "served_429s": sum(1 for r in requests if r.status == 429),
        "losses": sum(1 for count in counts if count == 0),
        "duplicates": sum(count - 1 for count in counts if count > 1),
    }


def add_fanout_options(
    options: argparse.ArgumentParser, *, meetups: int, channels: int, setup_budget: float, where: str = ""
) -> None:
    """The options of a reminder fan-out: its size, the limit enforced and how long to wait."""
    options.add_argument(
        "--meetups", type=int, default=meetups, help=f"meetups{where} whose reminders fall together"
    )
    options.add_argument("--going", type=int, default=10, help="members going to each meetup")
    options.add_argument("--limit", type=int, default=50, help="global requests per second enforced")
    options.add_argument(
        "--channels", type=int, default=channels, help=f"channels{where} the meetups are planned in"
    )
    options.add_argument(
        "--setup-budget",
        type=float,
        default=setup_budget,
        help="seconds from the start until the reminders are due",
    )
    options.add_argument("--timeout", type=float, default=150, help="give up on the fan-out after this")
    options.add_argument("--settle", type=float, default=3, help="seconds to wait for late duplicates")


def main() -> None:
    """Parse the options, run, print the table (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_fanout_options(options, meetups=200, channels=10, setup_budget=120)
    options.add_argument(
        "--probe-every", type=float, default=1.0, help="seconds between /meetup propose during the fan-out"
    )
    add_output_options(options)
    args = parse_options(options)
    figures = asyncio.run(run(args))
    print(header("reminder_fanout"))
    print(
        f"\n{figures['members']} going members across {figures['meetups']} meetups, every reminder due at"
        f" the same instant, global limit {figures['limit']}/s (setup through the real commands:"
        f" {figures['setup_s']:.0f} s, not measured)\n"
    )
    print(
        table(
            ("figure", "value"),
            [
                ("reminder nudges due", figures["pending_reminders"]),
                ("first request after the due time (ms)", figures["first_request_after_due_ms"]),
                ("time to deliver all (s)", figures["deliver_all_s"]),
                ("  at exactly the limit it would take (s)", figures["ideal_s"]),
                ("requests answered 2xx", figures["requests_2xx"]),
                ("  DM channels opened", figures["dm_opens"]),
                ("  reminder DMs sent", figures["dm_sends"]),
                ("throughput (2xx requests/s)", figures["throughput_per_s"]),
                ("throughput / limit", figures["throughput_fraction"]),
                ("429 answers (global)", f"{figures['served_429s']} ({figures['global_429s']})"),
                (
                    f"/meetup propose during the fan-out ({figures['probes']}): answered p50 ms",
                    figures["probe_answered_p50_ms"],
                ),
                ("  answered p99 ms", figures["probe_answered_p99_ms"]),
                ("  completed reply p50 ms", figures["probe_completed_p50_ms"]),
                ("  completed reply p99 ms", figures["probe_completed_p99_ms"]),
                ("losses (members without a reminder)", figures["losses"]),
                ("duplicates (reminders beyond one)", figures["duplicates"]),
                ("reminder nudges marked sent", figures["reminder_nudges_sent"]),
            ],
        )
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
