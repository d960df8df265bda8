"""How long a member waits for ``/meetup propose`` to be acknowledged, at a calm and a busy rate.

Run from the repository root::

    python -m bench.interaction_latency [--rates 1 50] [--seconds 10] [--channels 10]

Discord shows "the application did not respond" unless the first response to an interaction
arrives within 3 s; the bot defers at once, so the figure that matters is the time from the
INTERACTION_CREATE to the defer callback. It is taken on the server side: from the moment the
loopback Discord dispatched the interaction (``PendingInteraction.created``) to the moment the
callback request was answered (its entry in the request log), both on ``time.monotonic()``.

Commands are fired on a fixed schedule, each as its own task, so at 50/s fifty are really in
flight at once; every one posts a real poll and adds its reactions, as on a busy server. The
time until the deferred reply is completed ("Poll ... posted") is shown alongside. The bot runs
as its own process (``python -m bot``); a few commands are sent first so one-off start-up costs
are not counted in either rate.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import BotProcess, future_dates, quiesce, start_local_discord
from bench.report import add_output_options, header, parse_options, percentile, table, write_json
from local_discord import Channel, LocalDiscord, User

CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{interaction_token}/callback"
DISCORD_DEADLINE = 3.0


@dataclass
class Sample:
    """One command: its interaction id, when it was fired, and when it was fully answered."""

    interaction_id: int | None
    fired: float
    completed: float | None
    error: str | None = None


async def _one(ld: LocalDiscord, user: User, channel: Channel, number: int, dates: str) -> Sample:
    fired = time.monotonic()
    try:
        result = await ld.slash(user, channel, "meetup propose", title=f"Pizza {number}", dates=dates)
    except TimeoutError as error:
        return Sample(None, fired, None, str(error))
    try:
        final = await result.final(timeout=30)
    except TimeoutError as error:
        return Sample(result.interaction_id, fired, None, str(error))
    completed = time.monotonic()
    error = None if "posted" in final.content else final.content[:120]
    return Sample(result.interaction_id, fired, completed, error)


async def _phase(
    ld: LocalDiscord,
    users: list[User],
    channels: list[Channel],
    rate: float,
    seconds: float,
    first_number: int,
) -> list[Sample]:
    """Fire ``rate`` commands a second for ``seconds``, without waiting for any of them."""
    dates = future_dates(3)
    count = max(int(rate * seconds), 1)
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = []
    for index in range(count):
        delay = start + index / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        number = first_number + index
        tasks.append(
            asyncio.create_task(
                _one(ld, users[number % len(users)], channels[number % len(channels)], number, dates)
            )
        )
    return list(await asyncio.gather(*tasks))


def _callback_times(ld: LocalDiscord) -> dict[int, float]:
    """Interaction id -> when its callback was answered, from the server's request log."""
    return {
        int(record.path.split("/")[2]): record.time
        for record in ld.requests
        if record.route == CALLBACK_ROUTE and record.status < 300
    }


def _created_times(ld: LocalDiscord) -> dict[int, float]:
    """Interaction id -> when the server dispatched its INTERACTION_CREATE."""
    return {pending.id: pending.created for pending in ld.interactions.by_token.values()}


def _most_in_flight(samples: list[Sample]) -> int:
    """The most commands fired and not yet completed at any one moment: the real concurrency."""
    edges = [(s.fired, 1) for s in samples] + [(s.completed, -1) for s in samples if s.completed]
    most = current = 0
    for _, step in sorted(edges):
        current += step
        most = max(most, current)
    return most


def _summary(ld: LocalDiscord, rate: float, seconds: float, samples: list[Sample]) -> dict[str, Any]:
    callbacks, created = _callback_times(ld), _created_times(ld)
    acked = [
        (callbacks[s.interaction_id] - created[s.interaction_id]) * 1000
        for s in samples
        if s.interaction_id is not None and s.interaction_id in callbacks
    ]
    finished = [(s.completed - s.fired) * 1000 for s in samples if s.completed is not None and not s.error]
    span = samples[-1].fired - samples[0].fired if len(samples) > 1 else 0.0
    return {
        "in_flight_max": _most_in_flight(samples),
        "rate": rate,
        "seconds": seconds,
        "sent": len(samples),
        "achieved_rate": (len(samples) - 1) / span if span else float(len(samples)),
        "acknowledged": len(acked),
        "ack_p50_ms": percentile(acked, 0.50),
        "ack_p99_ms": percentile(acked, 0.99),
        "ack_max_ms": max(acked, default=float("nan")),
        "over_3s": sum(1 for value in acked if value > DISCORD_DEADLINE * 1000)
        + sum(1 for s in samples if s.interaction_id is None),
        "reply_p50_ms": percentile(finished, 0.50),
        "reply_p99_ms": percentile(finished, 0.99),
        "errors": sum(1 for s in samples if s.error),
        "first_error": next((s.error for s in samples if s.error), None),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build a server with members and channels, start the bot, run each rate in turn."""
    ld = await start_local_discord()
    guild = ld.add_guild("Bench server")
    channels = [ld.add_text_channel(guild, f"plans-{i}") for i in range(args.channels)]
    users = [ld.add_member(guild, f"member{i}", display_name=f"Member {i}") for i in range(args.members)]
    phases = []
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as folder:
        bot = BotProcess(ld, Path(folder), profile=args.profile)
        try:
            await bot.sync()
            await bot.start_and_wait_ready()
            warm = await _phase(ld, users, channels, 5, 1, 0)
            first_number = len(warm)
            await quiesce(ld)
            for rate in args.rates:
                bot_cpu, own_cpu, began = bot.cpu_seconds(), time.process_time(), time.monotonic()
                refused_before = len(ld.served_429s)
                samples = await _phase(ld, users, channels, rate, args.seconds, first_number)
                await quiesce(ld, timeout=120)
                wall = time.monotonic() - began
                first_number += len(samples)
                summary = _summary(ld, rate, args.seconds, samples)
                summary["429s"] = len(ld.served_429s) - refused_before
                summary["bot_cpu_ms_per_command"] = (bot.cpu_seconds() - bot_cpu) * 1000 / len(samples)
                summary["bot_cpu_share"] = summary["bot_cpu_ms_per_command"] * rate / 1000
                summary["bench_cpu_share"] = (time.process_time() - own_cpu) / wall
                phases.append(summary)
        finally:
            await bot.stop()
            await ld.stop()
    return {"bench": "interaction_latency", "phases": phases}


def main() -> None:
    """Parse the options, run, print the table (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rates", type=float, nargs="+", default=[1, 50], help="commands per second")
    options.add_argument("--seconds", type=float, default=10, help="how long each rate is held")
    options.add_argument("--channels", type=int, default=10, help="channels the commands are spread over")
    options.add_argument("--members", type=int, default=50, help="members taking turns to propose")
    add_output_options(options)
    args = parse_options(options)
    figures = asyncio.run(run(args))
    print(header("interaction_latency"))
    print("\n/meetup propose: INTERACTION_CREATE dispatched -> defer callback answered (server side)\n")
    print(
        table(
            (
                "rate/s",
                "sent",
                "achieved/s",
                "in flight",
                "acked",
                "ack p50 ms",
                "ack p99 ms",
                "ack max ms",
                ">3 s",
                "reply p50 ms",
                "reply p99 ms",
                "errors",
                "429s",
                "bot CPU ms/cmd",
                "bot core %",
            ),
            [
                (
                    p["rate"],
                    p["sent"],
                    p["achieved_rate"],
                    p["in_flight_max"],
                    p["acknowledged"],
                    p["ack_p50_ms"],
                    p["ack_p99_ms"],
                    p["ack_max_ms"],
                    p["over_3s"],
                    p["reply_p50_ms"],
                    p["reply_p99_ms"],
                    p["errors"],
                    p["429s"],
                    p["bot_cpu_ms_per_command"],
                    p["bot_cpu_share"] * 100,
                )
                for p in figures["phases"]
            ],
        )
    )
    for phase in figures["phases"]:
        print(
            f"at {phase['rate']:g}/s the bench's own process (server and load) used"
            f" {phase['bench_cpu_share'] * 100:.0f} % of a core"
        )
        if phase["first_error"]:
            print(f"first error at {phase['rate']}/s: {phase['first_error']}")
    print(
        "\nin flight = most commands fired and not yet completed at one moment;"
        " reply = from firing the command to the completed deferred reply ('Poll ... posted');\n"
        "429s = requests the loopback refused for their pace during the phase (polls, reactions);\n"
        "bot CPU = CPU time of the bot's process per command, including the poll's reactions;"
        " bot core % = that CPU at the phase's rate, as a share of one core (Python runs the bot's"
        " event loop on one)."
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
