"""Two bot processes on two shards and one PostgreSQL: takeover after a SIGKILL, and their fan-out.

Run from the repository root::

    python -m bench.shard_takeover [--runs 5] [--takeover-going 30] [--lease 20] [--meetups 40]

Every run starts two ``python -m bot`` processes (``shard_count = 2``, ``shard_ids = [0]`` and
``[1]``, ``requests_per_second = 25`` each, as README "Several processes" says for two) against
a fresh loopback Discord that enforces Discord's global limit (``--limit``, 50 requests a second
for the token, whichever process sends), with one server on each shard, and a fresh database on
a throwaway PostgreSQL cluster (``bench/postgres.py``). The meetups are made through the real
commands, as in ``bench/reminder_fanout.py``, and all reminders come due at the same instant.

**Takeover** (``--runs`` times): one meetup per server with ``--takeover-going`` members. As
soon as the first reminder DM arrives, the process that claimed that reminder (its log says so)
is SIGKILLed. The other takes the nudge over once the lease has run out, at its next look for
abandoned nudges (every ``--takeover-every`` seconds, the default 15). The delay is counted from the lease's end
(``lease_until``, read from the database after the kill) to the last reminder of that server
accepted, and to the first one the survivor sent. ``--lease`` is shortened from the default two
minutes to keep a run near a minute; it is at least the takeover interval, so the delay after the
lease's end is what the default lease gives (a takeover also waits for the nudge to be overdue by
one interval). Each run's setup is longer by a random part of the interval, so that the
survivor's periodic look falls anywhere relative to the lease's end, as on a real host.

**Fan-out**: ``--meetups`` meetups per server with ``--going`` members each; each process
sends its own server's reminders at its share of the limit. Timed, as in
``bench/reminder_fanout.py``, from the due instant to the last reminder DM accepted; throughput is
the 2xx answers per second over the global limit. Lost: members without a reminder; doubled:
members with more than one; 429s: answers with status 429 in the loopback's request log.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import BotProcess, count_rows, quiesce, start_local_discord
from bench.reminder_fanout import (
    SEND_ROUTE,
    add_fanout_options,
    delivery_figures,
    make_meetups,
    reminders_due,
    reminders_to,
    wait_delivered,
)
from bench.report import MEASURED, add_output_options, header, parse_options, table, write_json
from local_discord import Channel, Guild, LocalDiscord, User

SHARDS = 2


@dataclass
class Server:
    """One server on its own shard, its meetups' channels, organizer and going members."""

    guild: Guild
    channels: list[Channel]
    organizer: User
    groups: list[list[User]]

    @property
    def members(self) -> list[User]:
        return [member for group in self.groups for member in group]


@dataclass
class Pair:
    """The two processes, their servers and their database, with reminders due at ``due``."""

    ld: LocalDiscord
    servers: list[Server]
    processes: list[BotProcess]
    database: str
    due: datetime

    @property
    def members(self) -> list[User]:
        return [member for server in self.servers for member in server.members]

    def due_at(self) -> float:
        """The due instant on the monotonic clock of the request log; fails if the setup overran it."""
        left = (self.due - datetime.now(UTC)).total_seconds()
        if left < 1:
            raise RuntimeError(f"the setup ran {-left:.0f} s past the reminders; raise the setup budget")
        return time.monotonic() + left

    async def stop(self) -> None:
        for process in self.processes:
            await process.stop()
        await self.ld.stop()


async def start_pair(
    args: argparse.Namespace,
    folder: Path,
    *,
    meetups: int,
    going: int,
    budget: float,
    settings: dict[str, Any],
) -> Pair:
    """Start the loopback and both processes, and make ``meetups`` meetups of ``going`` members
    in each server; their reminders come due about ``budget`` seconds from now."""
    ld = await start_local_discord()
    ld.set_global_limit(args.limit)
    due, starts, offset = reminders_due(budget)
    servers = []
    for shard in range(SHARDS):
        guild = ld.add_guild(f"Shard {shard} server", shard=(shard, SHARDS))
        members = [ld.add_member(guild, f"s{shard}member{i}") for i in range(meetups * going)]
        servers.append(
            Server(
                guild,
                [ld.add_text_channel(guild, f"meetups-{i}") for i in range(args.channels)],
                ld.add_member(guild, f"s{shard}organizer"),
                [members[i * going : (i + 1) * going] for i in range(meetups)],
            )
        )
    assert MEASURED.server is not None
    database = await MEASURED.server.create_database()
    discord = {"shard_count": SHARDS, "requests_per_second": args.rate}
    processes = [
        BotProcess(
            ld,
            folder / f"shard{shard}",
            meetups={"timezone": "UTC", "reminder_offsets": [f"{offset}s"], **settings},
            storage_url=database,
            discord={**discord, "shard_ids": [shard]},
        )
        for shard in range(SHARDS)
    ]
    pair = Pair(ld, servers, processes, database, due)
    try:
        await processes[0].sync()
        for process in processes:
            await process.start_and_wait_ready()
        await asyncio.gather(
            *(make_meetups(ld, s.organizer, s.channels, s.groups, starts, database) for s in servers)
        )
        await quiesce(ld, idle=1.0)
    except BaseException:
        await pair.stop()
        raise
    return pair


async def first_reminder(pair: Pair, timeout: float) -> Server:
    """Wait for the first reminder DM of the fan-out, looking every 10 ms; returns its server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for server in pair.servers:
            if any(reminders_to(pair.ld, member) for member in server.members):
                return server
        await asyncio.sleep(0.01)
    raise TimeoutError(f"no reminder within {timeout} s")


async def claimed_by(pair: Pair, nudge_id: int) -> BotProcess:
    """The process whose log says it claimed the nudge."""
    needle = f"nudge {nudge_id} (reminder): claimed"
    for _ in range(500):
        for process in pair.processes:
            if any(needle in line.text for line in process.lines):
                return process
        await asyncio.sleep(0.01)
    raise RuntimeError(f"no process logged {needle!r}")


def reached(ld: LocalDiscord, server: Server) -> int:
    return sum(1 for member in server.members if reminders_to(ld, member))


async def takeover_run(args: argparse.Namespace, number: int) -> dict[str, Any]:
    """One SIGKILL as a fan-out starts; the seconds from the lease's end to the survivor's work."""
    settings = {"nudge_lease": f"{args.lease}s", "nudge_takeover_every": f"{args.takeover_every}s"}
    budget = args.takeover_setup + random.uniform(0, args.takeover_every)
    with tempfile.TemporaryDirectory(prefix=f"bench-takeover-{number}-") as folder:
        pair = await start_pair(
            args, Path(folder), meetups=1, going=args.takeover_going, budget=budget, settings=settings
        )
        ld = pair.ld
        try:
            due_at = pair.due_at()
            first_request = len(ld.requests)
            server = await first_reminder(pair, due_at - time.monotonic() + 60)
            nudge_id = count_rows(
                pair.database,
                "SELECT nudges.id FROM nudges JOIN meetups ON meetups.id = nudges.meetup_id"
                f" WHERE meetups.guild_id = {server.guild.id} AND nudges.kind = 'reminder'",
            )
            victim = await claimed_by(pair, nudge_id)
            await victim.kill()
            killed_at = time.monotonic()
            killed_after = reached(ld, server)
            lease_ms = count_rows(
                pair.database,
                f"SELECT (EXTRACT(EPOCH FROM lease_until) * 1000)::bigint FROM nudges WHERE id = {nudge_id}",
            )
            lease_end = lease_ms / 1000 - (time.time() - time.monotonic())
            await wait_delivered(ld, pair.members, args.lease + args.takeover_every + args.timeout)
            await asyncio.sleep(args.settle)
        finally:
            await pair.stop()
    dm_channels = {ld.world.dm_channel_for(member.id) for member in server.members}
    sent = [
        r.time
        for r in ld.requests[first_request:]
        if r.route == SEND_ROUTE and r.status < 300 and r.time > killed_at
        if int(r.path.split("/")[2]) in dm_channels
    ]
    counts = [len(reminders_to(ld, member)) for member in pair.members]
    return {
        "killed_after": killed_after,
        "kill_after_due_s": killed_at - due_at,
        "kill_to_lease_end_s": lease_end - killed_at,
        "first_after_lease_end_s": min(sent) - lease_end if sent else None,
        "all_after_lease_end_s": max(sent) - lease_end if sent else None,
        "lost": sum(1 for count in counts if count == 0),
        "doubled": sum(1 for count in counts if count > 1),
        "served_429s": sum(1 for r in ld.requests[first_request:] if r.status == 429),
    }


async def fan_out(args: argparse.Namespace) -> dict[str, Any]:
    """Both processes send their server's reminders, all due at once, at their share of the limit."""
    with tempfile.TemporaryDirectory(prefix="bench-two-fanouts-") as folder:
        begun = time.monotonic()
        pair = await start_pair(
            args,
            Path(folder),
            meetups=args.meetups,
            going=args.going,
            budget=args.setup_budget,
            settings={},
        )
        ld = pair.ld
        try:
            setup = time.monotonic() - begun
            due_at = pair.due_at()
            first_request = len(ld.requests)
            await asyncio.sleep(max(due_at - time.monotonic(), 0))
            await wait_delivered(ld, pair.members, args.timeout)
            await asyncio.sleep(args.settle)
            unsent = count_rows(
                pair.database, "SELECT COUNT(*) FROM nudges WHERE kind = 'reminder' AND state <> 'sent'"
            )
        finally:
            await pair.stop()
    figures = delivery_figures(ld, pair.members, ld.requests[first_request:], due_at, args.limit)
    return {"members": len(pair.members), "setup_s": setup, "reminder_nudges_unsent": unsent, **figures}


def summary(runs: list[dict[str, Any]], key: str) -> tuple[float, float]:
    values = [run[key] for run in runs if run[key] is not None]
    return (statistics.median(values), max(values)) if values else (float("nan"), float("nan"))


async def run(args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {"bench": "shard_takeover", "rate": args.rate, "limit": args.limit}
    if "takeover" in args.parts:
        runs = [await takeover_run(args, number) for number in range(1, args.runs + 1)]
        figures |= {
            "takeover_going": args.takeover_going,
            "lease_s": args.lease,
            "takeover_every_s": args.takeover_every,
        }
        figures["takeover_runs"] = runs
        for key in ("all_after_lease_end_s", "first_after_lease_end_s"):
            figures[f"{key}_median"], figures[f"{key}_max"] = summary(runs, key)
        for key in ("lost", "doubled", "served_429s"):
            figures[f"takeover_{key}"] = sum(run[key] for run in runs)
    if "fanout" in args.parts:
        figures |= {f"fanout_{key}": value for key, value in (await fan_out(args)).items()}
    return figures


def report(args: argparse.Namespace, figures: dict[str, Any]) -> None:
    print(
        f"\ntwo processes (shards 0 and 1 of {SHARDS}) at {args.rate} requests/s each, one PostgreSQL,"
        f" the loopback's global limit {args.limit}/s"
    )
    if "takeover_runs" in figures:
        runs = figures["takeover_runs"]
        print(
            f"\ntakeover: SIGKILL as a fan-out of {args.takeover_going} reminders starts, lease {args.lease} s,"
            f" takeover every {args.takeover_every} s; first and all reminders of the rest, in seconds"
            " after the lease's end\n"
        )
        rows: list[list[Any]] = [
            [str(number), f"{run['killed_after']} of {args.takeover_going}", run["kill_to_lease_end_s"]]
            + [run[key] for key in ("first_after_lease_end_s", "all_after_lease_end_s")]
            + [run[key] for key in ("lost", "doubled", "served_429s")]
            for number, run in enumerate(runs, start=1)
        ]
        for name, pick in (("median", 0), ("max", 1)):
            rows.append(
                [name, "", ""]
                + [summary(runs, key)[pick] for key in ("first_after_lease_end_s", "all_after_lease_end_s")]
                + [""] * 3
            )
        print(
            table(
                ("run", "killed after", "kill to lease end", "first", "all", "lost", "doubled", "429s"), rows
            )
        )
    if "fanout_members" in figures:
        print(
            f"\nfan-out: {figures['fanout_members']} going members, {args.meetups} meetups per server, every"
            " reminder due at the same instant (setup through the real commands:"
            f" {figures['fanout_setup_s']:.0f} s, not measured)\n"
        )
        labels = {
            "deliver_all_s": "time to deliver all (s)",
            "ideal_s": "  at exactly the limit it would take (s)",
            "requests_2xx": "requests answered 2xx",
            "throughput_fraction": "throughput / limit",
            "losses": "lost (members without a reminder)",
            "duplicates": "doubled (members with more than one)",
            "served_429s": "429 answers",
            "reminder_nudges_unsent": "reminder nudges not marked sent",
        }
        print(
            table(("figure", "value"), [(label, figures[f"fanout_{key}"]) for key, label in labels.items()])
        )


def main() -> None:
    """Parse the options, run, print the tables (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=5, help="takeover runs (each on fresh processes)")
    options.add_argument(
        "--takeover-going", type=int, default=30, help="members going to each meetup of a takeover run"
    )
    options.add_argument(
        "--lease", type=int, default=20, help="[meetups] nudge_lease in seconds, takeover runs"
    )
    options.add_argument(
        "--takeover-every",
        type=int,
        default=15,
        help="[meetups] nudge_takeover_every in seconds, takeover runs",
    )
    options.add_argument(
        "--takeover-setup",
        type=float,
        default=30,
        help="seconds from a takeover run's start to its reminders",
    )
    add_fanout_options(options, meetups=40, channels=4, setup_budget=60, where=" per server")
    options.add_argument("--rate", type=int, default=25, help="[discord] requests_per_second of each process")
    options.add_argument(
        "--parts",
        nargs="+",
        choices=("takeover", "fanout"),
        default=["takeover", "fanout"],
        help="what to run",
    )
    add_output_options(options, profile=False)
    args = parse_options(options, engine="postgresql")
    if args.lease < args.takeover_every:
        options.error(
            "--lease shorter than --takeover-every would count the wait for the nudge to be overdue"
        )
    heading = header("shard_takeover")
    figures = asyncio.run(run(args))
    print(heading)
    report(args, figures)
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
