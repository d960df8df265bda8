"""A burst of votes: how long until every reaction is stored and every poll shows its final count.

Run from the repository root::

    python -m bench.vote_burst [--reactions 2000] [--polls 20] [--dates 3]

The polls are proposed through the real ``/meetup propose``; once the bot has added its keycap
reactions, members react as fast as the loopback gateway can send the events (all of them are
queued at once, interleaved across the polls, as when many polls are busy together), while the
loopback enforces ``--limit`` requests per second globally. Three
moments are taken on ``time.monotonic()``: the last event handed to the gateway, every vote in
the bot's SQLite file (``SELECT COUNT(*) FROM votes``, polled every 10 ms from this process),
and every poll message showing its final tally for every date. The poll edits it took are
counted from ``Message.edits`` and from the PATCH requests in the server's log.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import BotProcess, count_rows, future_dates, quiesce, start_local_discord, text_of
from bench.report import add_output_options, header, parse_options, table, write_json
from local_discord import Channel, LocalDiscord, Message, User

KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
TALLY = re.compile(r"\*\*(\d+) votes?\*\*")
EDIT_ROUTE = "PATCH /channels/{channel_id}/messages/{message_id}"


def tallies(message: Message, emojis: tuple[str, ...]) -> dict[str, int | None]:
    """The count a poll message shows under each date (None where it shows none)."""
    lines = text_of(message).splitlines()
    shown: dict[str, int | None] = dict.fromkeys(emojis)
    for index, line in enumerate(lines[:-1]):
        for emoji in emojis:
            if line.startswith(emoji):
                found = TALLY.search(lines[index + 1])
                shown[emoji] = int(found.group(1)) if found else None
    return shown


async def _propose_polls(
    ld: LocalDiscord, organizer: User, channels: list[Channel], count: int, dates: int
) -> list[Message]:
    """Propose ``count`` polls through the real command; return them once the bot reacted to each."""
    text = future_dates(dates)
    results = await asyncio.gather(
        *(
            ld.slash(organizer, channels[i % len(channels)], "meetup propose", title=f"Party {i}", dates=text)
            for i in range(count)
        )
    )
    await asyncio.gather(*(result.final(timeout=60) for result in results))
    polls = [m for m in ld.all_bot_messages() if "New meetup poll" in m.content]
    if len(polls) != count:
        raise RuntimeError(f"expected {count} polls, found {len(polls)}")
    emojis = list(KEYCAPS[:dates])
    await ld.wait_for(
        lambda: all([r.emoji_name for r in poll.reactions][:dates] == emojis for poll in polls), timeout=60
    )
    return polls


async def _wait_for_votes(database: Path | str, expected: int, timeout: float) -> float:
    """Poll the bot's database until it holds ``expected`` votes; returns when it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await asyncio.to_thread(count_rows, database, "SELECT COUNT(*) FROM votes") >= expected:
            return time.monotonic()
        await asyncio.sleep(0.01)
    stored = count_rows(database, "SELECT COUNT(*) FROM votes")
    raise TimeoutError(f"{stored} of {expected} votes stored after {timeout} s")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Set up the polls, fire the burst, and time storage and display."""
    per_poll = math.ceil(args.reactions / args.polls)
    voters_needed = math.ceil(per_poll / args.dates)
    ld = await start_local_discord()
    guild = ld.add_guild("Bench server")
    channels = [ld.add_text_channel(guild, f"party-{i}") for i in range(args.channels)]
    organizer = ld.add_member(guild, "organizer", display_name="Organizer")
    voters = [ld.add_member(guild, f"voter{i}", display_name=f"Voter {i}") for i in range(voters_needed)]
    emojis = KEYCAPS[: args.dates]
    with tempfile.TemporaryDirectory(prefix="bench-votes-") as folder:
        bot = BotProcess(ld, Path(folder), profile=args.profile)
        try:
            await bot.sync()
            await bot.start_and_wait_ready()
            polls = await _propose_polls(ld, organizer, channels, args.polls, args.dates)
            await quiesce(ld)
            per_poll_reactions = [
                [(voter, emoji) for voter in voters for emoji in emojis][:per_poll] for _ in polls
            ]
            burst = [
                (poll, *per_poll_reactions[p][i]) for i in range(per_poll) for p, poll in enumerate(polls)
            ][: args.reactions]
            expected = {poll.id: dict.fromkeys(emojis, 0) for poll in polls}
            for poll, _, emoji in burst:
                expected[poll.id][emoji] += 1
            edits_before = {poll.id: poll.edits for poll in polls}
            requests_before = len(ld.requests)
            limited_before = len(ld.served_429s)
            ld.set_global_limit(args.limit)

            started = time.monotonic()
            for poll, voter, emoji in burst:
                await ld.react(voter, poll, emoji)
            handed_over = time.monotonic()
            stored = await _wait_for_votes(bot.database, len(burst), args.timeout)
            await ld.wait_for(
                lambda: all(tallies(poll, emojis) == expected[poll.id] for poll in polls),
                timeout=args.timeout,
            )
            shown = time.monotonic()
            await quiesce(ld, idle=2.0)
            poll_ids = {str(poll.id) for poll in polls}
            patches = [
                r
                for r in ld.requests[requests_before:]
                if r.route == EDIT_ROUTE and r.path.rsplit("/", 1)[-1] in poll_ids
            ]
            edits = sum(poll.edits - edits_before[poll.id] for poll in polls)
            first_edit = min((r.time for r in patches), default=float("nan"))
        finally:
            await bot.stop()
            await ld.stop()
    return {
        "bench": "vote_burst",
        "reactions": len(burst),
        "polls": len(polls),
        "send_s": handed_over - started,
        "stored_s": stored - started,
        "shown_s": shown - started,
        "first_edit_s": first_edit - started,
        "edits": edits,
        "patch_requests": len(patches),
        "patch_not_2xx": sum(1 for r in patches if r.status >= 300),
        "edits_per_poll_max": max(poll.edits - edits_before[poll.id] for poll in polls),
        "served_429s": len(ld.served_429s) - limited_before,
    }


def main() -> None:
    """Parse the options, run, print the table (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--reactions", type=int, default=2000, help="reactions in the burst")
    options.add_argument("--polls", type=int, default=20, help="polls the reactions are spread over")
    options.add_argument("--dates", type=int, default=3, choices=range(1, 11), help="dates per poll")
    options.add_argument("--channels", type=int, default=20, help="channels the polls are posted in")
    options.add_argument("--timeout", type=float, default=120, help="give up after this many seconds")
    options.add_argument("--limit", type=int, default=50, help="global requests per second during the burst")
    add_output_options(options)
    args = parse_options(options)
    figures = asyncio.run(run(args))
    print(header("vote_burst"))
    print(f"\n{figures['reactions']} reactions across {figures['polls']} polls, sent as fast as possible\n")
    print(
        table(
            ("figure", "value"),
            [
                ("all events handed to the gateway (s)", figures["send_s"]),
                ("every vote stored in the database (s)", figures["stored_s"]),
                ("first poll edit (s)", figures["first_edit_s"]),
                ("every poll shows its final counts (s)", figures["shown_s"]),
                ("votes stored per second", figures["reactions"] / figures["stored_s"]),
                ("poll edits in total (Message.edits)", figures["edits"]),
                ("PATCH requests for the polls", figures["patch_requests"]),
                ("  of which refused (not 2xx)", figures["patch_not_2xx"]),
                ("most edits of one poll", figures["edits_per_poll_max"]),
                ("429 answers during the burst", figures["served_429s"]),
            ],
        )
    )
    print("\ntimes are from the first reaction event queued on the gateway.")
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
