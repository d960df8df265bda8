"""Fault drills: the real bot against a loopback Discord that misbehaves the way Discord does.

A dropped gateway connection in the middle of a vote burst, reactions made while the bot is
down, a storm of 429s while the bot posts, a meetup too big for one message, and another process
holding SQLite's write lock. Each drill checks what members would notice: a lost vote, a missing
or doubled message, a command that never answers or half-happens.

The loopback keeps Discord's 3 s deadline for the first answer to an interaction, so a command
that does slow work before answering fails the way it would on Discord.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bot.replies import BUSY_MESSAGE, FAILED_MESSAGE
from local_discord import DEFAULT_MEMBER_PERMISSIONS, LocalDiscord, Message, P, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import line_with, text_of

DATES = "Dec 11 18:00; Dec 12 18:00; Dec 13 15:00"
KEYCAPS = ("1️⃣", "2️⃣", "3️⃣")
CHANNEL_POSTS = "POST /channels/{channel_id}/messages"
REACTIONS = "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"
EDITS = "PATCH /channels/{channel_id}/messages/{message_id}"
DISCORD_BOT_CONTENT_LIMIT = 2000
"""Discord's limit on a bot's message content (the 4,000 in its API schema is for Nitro users)."""
PINGS_PER_MESSAGE = 100
"""Discord refuses ``allowed_mentions.users`` lists longer than this."""


def polls(world: World) -> list[Message]:
    """Every poll the bot posted in #general, oldest first."""
    return [m for m in world.bot_messages() if "New meetup poll" in m.content]


def poll_of(world: World, number: int) -> Message:
    """The one poll of meetup ``number``; two would be a doubled post."""
    (found,) = [m for m in polls(world) if f"Meetup #{number}:" in text_of(m)]
    return found


async def propose(world: World, user: User, *, timeout: float = 10.0, **options: object) -> Message:
    """Run /meetup propose and return the final (ephemeral) answer."""
    result = await world.ld.slash(user, world.general, "meetup propose", **options)
    return await result.final(timeout=timeout)


def stored_votes(db_path: Path) -> list[tuple[int, int]]:
    """The date votes as the database holds them, read by a connection of our own."""
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT position, user_id FROM votes WHERE kind = 'date'").fetchall()
    return sorted((int(position), int(user_id)) for position, user_id in rows)


def reacted_votes(ld: LocalDiscord, poll: Message) -> list[tuple[int, int]]:
    """The date votes as Discord holds them: every member's keycap reaction on the poll."""
    votes = []
    for position, emoji in enumerate(KEYCAPS, start=1):
        reaction = poll.reaction(emoji)
        if reaction is not None:
            votes += [(position, user_id) for user_id in reaction.user_ids if user_id != ld.bot_user.id]
    return sorted(votes)


def meetup_titles(db_path: Path) -> list[str]:
    """The meetups the database holds, by number: what a half-done command would leave behind."""
    with sqlite3.connect(db_path) as db:
        return [row[0] for row in db.execute("SELECT title FROM meetups ORDER BY number")]


@contextmanager
def write_lock_held(db_path: Path, seconds: float) -> Iterator[threading.Thread]:
    """Another process's view of the file: a connection that takes SQLite's write lock and keeps it.

    The lock is taken before the block runs; the holder releases it after ``seconds``.
    """
    taken = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(db_path, isolation_level=None, timeout=10)
        try:
            connection.execute("BEGIN EXCLUSIVE")
            taken.set()
            time.sleep(seconds)
            connection.execute("COMMIT")
        finally:
            connection.close()

    holder = threading.Thread(target=hold, name="write-lock-holder", daemon=True)
    holder.start()
    assert taken.wait(5), "the other process could not take the write lock"
    try:
        yield holder
    finally:
        holder.join(seconds + 5)


async def released(holder: threading.Thread) -> None:
    """Wait, without blocking the bot's loop, until the other process has let go of the lock."""
    await asyncio.to_thread(holder.join)


async def test_gateway_drop_in_a_vote_burst_loses_no_vote(world: World, harness: BotHarness) -> None:
    """The connection drops after 20 of 80 reactions (and 5 withdrawals); the bot resumes and stores each vote once."""
    await harness.start()
    ld = world.ld
    voters = [ld.add_member(world.guild, f"voter{i}") for i in range(60)]
    assert "posted" in (await propose(world, world.alice, title="Big vote", dates=DATES)).content
    poll = poll_of(world, 1)
    await ld.wait_for(lambda: len(poll.reactions) == 3)
    identifies, resumes = ld.gateway.identifies, ld.gateway.resumes

    burst = [(voter, "1️⃣") for voter in voters] + [(voter, "2️⃣") for voter in voters[::3]]
    for voter, emoji in burst[:20]:
        await ld.react(voter, poll, emoji)
    await ld.drop_gateway()
    for voter, emoji in burst[20:50]:
        await ld.react(voter, poll, emoji)
    for voter in voters[:5]:
        await ld.unreact(voter, poll, "1️⃣")
    await ld.wait_for(lambda: ld.gateway.resumes > resumes and ld.gateway.connected, timeout=10)
    for voter, emoji in burst[50:]:
        await ld.react(voter, poll, emoji)

    expected = reacted_votes(ld, poll)
    assert len(expected) == len(burst) - 5
    await ld.wait_for(lambda: "**55 votes**" in line_with(poll, "1️⃣"), timeout=15)
    await ld.wait_for(lambda: "**20 votes**" in line_with(poll, "2️⃣"), timeout=5)
    assert ld.gateway.identifies == identifies, "the bot identified afresh instead of resuming"
    replayed = [f for f in ld.gateway_log if f.replayed and f.t == "MESSAGE_REACTION_ADD"]
    assert replayed, "no reaction waited in the session for the resume; the drop came too late"
    await harness.stop()
    assert stored_votes(harness.db_path) == expected


async def test_rsvps_made_while_the_bot_is_down_are_read_back(world: World, harness: BotHarness) -> None:
    """Carol says ❌ and Dave ✅ while the bot restarts: once back, Dave is going and Carol is not."""
    await harness.start()
    ld = world.ld
    assert "posted" in (await propose(world, world.alice, title="Dinner", dates=DATES)).content
    poll = poll_of(world, 1)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.react(world.carol, poll, "1️⃣")
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    (announcement,) = [m for m in world.bot_messages() if m.content.startswith("📣")]
    await ld.wait_for(lambda: len(announcement.reactions) == 3)
    assert "**Going (2):**" in text_of(announcement)
    await harness.stop()

    await ld.react(world.carol, announcement, "❌")
    await ld.react(world.dave, announcement, "✅")
    await harness.start()

    def going() -> str:
        return line_with(announcement, "**Going")

    with suppress(TimeoutError):
        await ld.wait_for(
            lambda: world.dave.mention in going() and world.carol.mention not in going(), timeout=3
        )
    assert world.dave.mention in going(), going()
    assert world.carol.mention not in going(), going()


async def test_answers_and_votes_removed_while_the_bot_is_down_are_withdrawn(
    world: World, harness: BotHarness
) -> None:
    """Dave's ✅ and Carol's ❔ removed while the bot restarts: once back, neither is counted; Bob,
    going from his poll vote, still is. A vote removed on an open poll is no longer counted."""
    await harness.start()
    ld = world.ld
    assert "posted" in (await propose(world, world.alice, title="Dinner", dates=DATES)).content
    assert "posted" in (await propose(world, world.alice, title="Lunch", dates=DATES)).content
    poll, open_poll = poll_of(world, 1), poll_of(world, 2)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.react(world.carol, open_poll, "2️⃣")
    await ld.wait_for(lambda: "**1 vote**" in line_with(open_poll, "2️⃣"))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    (announcement,) = [m for m in world.bot_messages() if m.content.startswith("📣")]
    await ld.wait_for(lambda: len(announcement.reactions) == 3)
    await ld.react(world.dave, announcement, "✅")
    await ld.react(world.carol, announcement, "❔")
    await ld.wait_for(lambda: world.dave.mention in line_with(announcement, "**Going"))
    await ld.wait_for(lambda: world.carol.mention in text_of(announcement))
    await harness.stop()

    await ld.unreact(world.dave, announcement, "✅")
    await ld.unreact(world.carol, announcement, "❔")
    await ld.unreact(world.carol, open_poll, "2️⃣")
    await harness.start()

    with suppress(TimeoutError):
        await ld.wait_for(
            lambda: (
                world.dave.mention not in text_of(announcement)
                and world.carol.mention not in text_of(announcement)
                and "**0 votes**" in line_with(open_poll, "2️⃣")
            ),
            timeout=5,
        )
    assert world.dave.mention not in text_of(announcement)
    assert world.carol.mention not in text_of(announcement)
    assert world.bob.mention in line_with(announcement, "**Going")
    assert "**0 votes**" in line_with(open_poll, "2️⃣")
    assert stored_votes(harness.db_path) == [(1, world.bob.id)]


async def test_storm_of_429s_delivers_every_message_once_in_order(world: World, harness: BotHarness) -> None:
    """Under per-route and global 429s, every post and DM arrives once and #general reads in order."""
    await harness.start()
    ld = world.ld
    ld.limit_route(CHANNEL_POSTS, 2, 1.0)
    ld.set_global_limit(20)
    ld.inject_429s(CHANNEL_POSTS, 2, retry_after=0.1)
    ld.inject_429s(CHANNEL_POSTS, 1, retry_after=0.1, global_=True)
    ld.inject_429s(REACTIONS, 3, retry_after=0.1)
    ld.inject_429s(EDITS, 2, retry_after=0.1, global_=True)

    invite = f"{world.bob.mention} {world.carol.mention} {world.dave.mention}"
    for title in ("First", "Second", "Third"):
        answer = await propose(world, world.alice, title=title, dates=DATES, invite=invite, timeout=15)
        assert "posted" in answer.content, answer.content
    first = poll_of(world, 1)
    await ld.wait_for(lambda: first.reaction("1️⃣") is not None, timeout=10)
    await ld.react(world.bob, first, "1️⃣")
    await ld.react(world.carol, first, "1️⃣")
    await ld.wait_for(lambda: "**2 votes**" in line_with(first, "1️⃣"), timeout=10)
    ld.inject_429s(CHANNEL_POSTS, 2, retry_after=0.1)
    ld.inject_429s(CHANNEL_POSTS, 1, retry_after=0.1, global_=True)
    steps = [
        ("meetup close", {"meetup": 1}, "closed"),
        ("meetup cancel", {"meetup": 2, "reason": "Double booked"}, "cancelled"),
        ("meetup cancel", {"meetup": 1, "reason": "Rain"}, "cancelled"),
    ]
    for command, options, marker in steps:
        answer = await (await ld.slash(world.alice, world.general, command, **options)).final(timeout=15)
        assert marker in answer.content, answer.content

    expected = [
        lambda m: "New meetup poll" in m.content and "Meetup #1: First" in text_of(m),
        lambda m: "New meetup poll" in m.content and "Meetup #2: Second" in text_of(m),
        lambda m: "New meetup poll" in m.content and "Meetup #3: Third" in text_of(m),
        lambda m: m.content.startswith("📣") and "Meetup #1 " in m.content,
        lambda m: m.content.startswith("🚫 Meetup #2,") and "Double booked" in m.content,
        lambda m: m.content.startswith("🚫 Meetup #1,") and "Rain" in m.content,
    ]
    posted = world.bot_messages()
    assert len(posted) == len(expected), [m.content for m in posted]
    for message, matches in zip(posted, expected, strict=True):
        assert matches(message), [m.content for m in posted]

    def dms_of(user: User, marker: str) -> int:
        return sum(marker in m.content for m in ld.dms(user))

    people = (world.bob, world.carol, world.dave)
    await ld.wait_for(lambda: all(dms_of(u, "invited you") == 3 for u in people), timeout=15)
    await ld.wait_for(lambda: all(dms_of(u, "it is cancelled (Rain)") == 1 for u in people[:2]), timeout=10)
    await asyncio.sleep(0.5)
    assert [dms_of(u, "invited you") for u in people] == [3, 3, 3]
    assert dms_of(world.dave, "cancelled") == 0
    scopes = {served.scope for served in ld.served_429s}
    assert scopes == {"global", "user"}, scopes
    assert len(ld.served_429s) >= 11, len(ld.served_429s)


async def test_cancel_right_after_close_reads_in_order(world: World, harness: BotHarness) -> None:
    """Close, then cancel a moment later while Discord holds an edit back: #general reads announcement, then cancellation."""
    await harness.start()
    ld = world.ld
    assert "posted" in (await propose(world, world.alice, title="Dinner", dates=DATES)).content
    poll = poll_of(world, 1)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in line_with(poll, "1️⃣"), timeout=5)
    ld.inject_429s(EDITS, 1, retry_after=1.0)
    closing = await ld.slash(world.alice, world.general, "meetup close", meetup=1)
    await asyncio.sleep(0.2)
    cancelling = await ld.slash(world.alice, world.general, "meetup cancel", meetup=1, reason="Flu")
    assert "closed" in (await closing.final(timeout=8)).content
    assert "cancelled" in (await cancelling.final(timeout=8)).content
    with suppress(TimeoutError):
        await ld.wait_for(lambda: "Called off" in text_of(poll), timeout=2)

    kinds = [m.content[0] for m in world.bot_messages() if m.content.startswith(("📣", "🚫"))]
    assert kinds in (["📣", "🚫"], ["🚫"]), f"#general reads {kinds}"
    assert "Called off" in text_of(poll), text_of(poll)[-120:]


async def test_post_refused_five_times_still_arrives_once(world: World, harness: BotHarness) -> None:
    """Five 429s in a row exhaust discord.py's retries: the member is told the truth and the poll still comes."""
    await harness.start()
    ld = world.ld
    ld.inject_429s(CHANNEL_POSTS, 5, retry_after=0.1)
    answer = await propose(world, world.alice, title="Stubborn", dates=DATES)
    assert answer.ephemeral
    assert answer.content not in (FAILED_MESSAGE, BUSY_MESSAGE), "the meetup is stored; the answer says not"
    assert "#1" in answer.content, answer.content
    await ld.wait_for(lambda: len(polls(world)) == 1, timeout=5)
    poll = poll_of(world, 1)
    await ld.wait_for(lambda: poll.reaction("3️⃣") is not None, timeout=5)
    await ld.react(world.bob, poll, "2️⃣")
    await ld.wait_for(lambda: "**1 vote**" in line_with(poll, "2️⃣"), timeout=5)
    assert len(polls(world)) == 1
    await harness.stop()
    assert meetup_titles(harness.db_path) == ["Stubborn"]


async def test_a_big_meetup_still_gets_its_fallback_reminder_and_recap(
    world: World, harness: BotHarness
) -> None:
    """101 people going with DMs closed: the channel reminder and the recap prompt reach every one of them."""
    ld = world.ld
    crowd = [ld.add_member(world.guild, f"guest{i}", dms_closed=True) for i in range(101)]
    quick = {"reminder_offsets": ["2s"], "default_length": "1s", "recap_delay": "1s"}
    await harness.start(meetups=quick, discord={"requests_per_second": 1000})
    answer = await propose(world, world.alice, title="Festival", dates="in 6 seconds")
    assert "posted" in answer.content, answer.content
    poll = poll_of(world, 1)
    await asyncio.gather(*(ld.react(guest, poll, "1️⃣") for guest in crowd))
    await ld.slash(world.alice, world.general, "meetup close", meetup=1)
    await ld.wait_for(lambda: any(m.content.startswith("📣") for m in world.bot_messages()), timeout=5)

    def pinged_by(prefix: str) -> set[int]:
        return {user for m in world.bot_messages() if m.content.startswith(prefix) for user in m.pinged.users}

    everyone = {guest.id for guest in crowd}
    with suppress(TimeoutError):
        await ld.wait_for(lambda: pinged_by("🎉") == everyone or len(ld.validation_errors) >= 2, timeout=10)
    refused = ld.take_validation_errors()
    too_long = [len(m.content) for m in world.bot_messages() if len(m.content) > DISCORD_BOT_CONTENT_LIMIT]
    assert refused == [], f"Discord refused {len(refused)} posts, e.g. {str(refused[0])[:200]}"
    assert too_long == [], f"messages of {too_long} characters; a bot may send {DISCORD_BOT_CONTENT_LIMIT}"
    assert pinged_by("⏰") == everyone
    assert pinged_by("🎉") == everyone
    assert all(len(m.pinged.users) <= PINGS_PER_MESSAGE for m in world.bot_messages())


async def test_short_lock_makes_propose_wait_and_succeed(world: World, harness: BotHarness) -> None:
    """A write lock held 2 s by another process: /meetup propose waits for it and posts the poll."""
    await harness.start()
    with write_lock_held(harness.db_path, 2.0) as holder:
        started = time.monotonic()
        answer = await propose(world, world.alice, title="Patient", dates=DATES)
        waited = time.monotonic() - started
        await released(holder)
    assert answer.ephemeral
    assert "Poll for meetup #1 posted" in answer.content, answer.content
    assert waited >= 1.5, f"answered after {waited:.1f} s, before the lock was released"
    assert [text_of(m).count("Meetup #1: Patient") for m in polls(world)] == [1]
    await harness.stop()
    assert meetup_titles(harness.db_path) == ["Patient"]


async def test_long_lock_answers_busy_and_writes_nothing(world: World, harness: BotHarness) -> None:
    """A write lock held 7 s: /meetup propose says "busy, try again"; no meetup and no poll appear."""
    await harness.start()
    with write_lock_held(harness.db_path, 7.0) as holder:
        answer = await propose(world, world.alice, title="Impatient", dates=DATES, timeout=10)
        await released(holder)
    assert answer.ephemeral
    assert answer.content == BUSY_MESSAGE
    await asyncio.sleep(0.5)
    assert polls(world) == []
    again = await propose(world, world.alice, title="Second try", dates=DATES)
    assert "Poll for meetup #1 posted" in again.content, "the failed attempt used up a number"
    await harness.stop()
    assert meetup_titles(harness.db_path) == ["Second try"]


async def test_lock_taken_between_commit_and_post_leaves_no_half_proposal(
    world: World, harness: BotHarness
) -> None:
    """The lock is taken right after the meetup commits, while Discord holds the poll back: one poll, counting votes."""
    await harness.start()
    ld = world.ld
    ld.inject_429s(CHANNEL_POSTS, 1, retry_after=0.3)
    taken = threading.Event()
    give_up = threading.Event()

    def grab_after_commit() -> None:
        connection = sqlite3.connect(harness.db_path, isolation_level=None, timeout=10)
        try:
            while not give_up.is_set():
                if connection.execute("SELECT COUNT(*) FROM meetups").fetchone()[0]:
                    connection.execute("BEGIN EXCLUSIVE")
                    taken.set()
                    time.sleep(6.5)
                    connection.execute("COMMIT")
                    return
                time.sleep(0.005)
        finally:
            connection.close()

    holder = threading.Thread(target=grab_after_commit, daemon=True)
    holder.start()
    try:
        answer = await propose(world, world.alice, title="Split", dates=DATES, timeout=12)
    finally:
        give_up.set()
        await released(holder)
    assert taken.is_set(), "the lock was never taken between the commit and the post"
    assert answer.ephemeral
    assert answer.content not in (FAILED_MESSAGE, BUSY_MESSAGE), "the meetup is stored; the answer says not"
    await ld.wait_for(lambda: len(polls(world)) == 1, timeout=5)
    poll = poll_of(world, 1)
    await ld.wait_for(lambda: poll.reaction("3️⃣") is not None, timeout=8)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in line_with(poll, "1️⃣"), timeout=5)
    assert len(polls(world)) == 1
    await harness.stop()
    with sqlite3.connect(harness.db_path) as db:
        assert db.execute("SELECT title, poll_message_id FROM meetups").fetchall() == [("Split", poll.id)]


async def test_every_writing_command_answers_within_the_deadline(world: World, harness: BotHarness) -> None:
    """With the write lock held 3.5 s, commands that write still answer within Discord's 3 s deadline."""
    manager = world.ld.add_member(
        world.guild, "manager", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_CHANNELS | P.MANAGE_GUILD
    )
    await harness.start()
    commands = [
        (world.bob, "meetup reminders", {"setting": "off"}, "Reminders are off"),
        (manager, "meetup watch", {"setting": "on"}, "watching"),
        (manager, "meetup settings", {"poll_duration": "2h"}, "Saved"),
        (world.carol, "meetup me", {"timezone": "Europe/Oslo"}, "Europe/Oslo"),
    ]
    results = []
    with write_lock_held(harness.db_path, 3.5) as holder:
        try:
            for user, command, options, _ in commands:
                results.append(await world.ld.slash(user, world.general, command, **options))
        finally:
            await released(holder)
    for result, (_, command, _, done) in zip(results, commands, strict=True):
        answer = await result.final()
        assert answer.ephemeral, command
        assert answer.content == BUSY_MESSAGE or done in answer.content, (command, answer.content)


async def test_votes_during_a_long_lock_are_not_lost(world: World, harness: BotHarness) -> None:
    """Bob and Carol vote while another process holds the write lock 6.5 s; then the poll counts both."""
    await harness.start()
    ld = world.ld
    assert "posted" in (await propose(world, world.alice, title="Locked vote", dates=DATES)).content
    poll = poll_of(world, 1)
    await ld.wait_for(lambda: len(poll.reactions) == 3)
    with write_lock_held(harness.db_path, 6.5) as holder:
        await ld.react(world.bob, poll, "1️⃣")
        await ld.react(world.carol, poll, "2️⃣")
        await released(holder)
    with suppress(TimeoutError):
        await ld.wait_for(
            lambda: "**1 vote**" in line_with(poll, "1️⃣") and "**1 vote**" in line_with(poll, "2️⃣"), timeout=2
        )
    assert "**1 vote**" in line_with(poll, "1️⃣"), line_with(poll, "1️⃣")
    assert "**1 vote**" in line_with(poll, "2️⃣"), line_with(poll, "2️⃣")
    await harness.stop()
    assert stored_votes(harness.db_path) == sorted([(1, world.bob.id), (2, world.carol.id)])
