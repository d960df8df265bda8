"""Proposing a meetup and voting on its dates, end to end against the loopback Discord."""

from __future__ import annotations

import asyncio

import pytest

from local_discord import Message, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import line_with, next_local, stamp, text_of
from tests.postgres import ENGINES

pytestmark = pytest.mark.parametrize("storage_engine", ENGINES)

DATES = "Dec 11 18:00; Dec 12 18:00; Dec 13 15:00"
VENUES = "Pressklubben | Vasagatan 1; Kafé Vega"


def poll_of(world: World, number: int) -> Message:
    found = [
        m
        for m in world.bot_messages()
        if f"Meetup #{number}:" in text_of(m) and "New meetup poll" in m.content
    ]
    assert len(found) == 1, [text_of(m) for m in world.bot_messages()]
    return found[0]


def announcements(world: World) -> list[Message]:
    return [m for m in world.bot_messages() if "It's on!" in m.content]


def votes_line(poll: Message, emoji: str) -> str:
    return line_with(poll, emoji).splitlines()[1]


async def propose(world: World, user: User, **options) -> None:
    result = await world.ld.slash(user, world.general, "meetup propose", **options)
    final = await result.final()
    assert "posted" in final.content, final.content


async def wait_for_count(world: World, poll: Message, emoji: str, count: int) -> None:
    word = "vote" if count == 1 else "votes"
    await world.ld.wait_for(lambda: f"**{count} {word}**" in votes_line(poll, emoji), timeout=8)


async def test_propose_vote_close(world: World, harness: BotHarness) -> None:
    """Three members vote (one changes their mind); the organizer closes; the right time and people win."""
    await harness.start()
    await propose(world, world.alice, title="SoMe meetup IRL", dates=DATES, venues=VENUES)
    poll = poll_of(world, 1)
    text = text_of(poll)
    second = next_local(12, 12, 18)
    for emoji, moment in (("1️⃣", next_local(12, 11, 18)), ("2️⃣", second), ("3️⃣", next_local(12, 13, 15))):
        assert f"{emoji} {stamp(moment)} (<t:{int(moment.timestamp())}:R>)" in text
    assert "Pressklubben" in text
    assert "Kafé Vega" in text
    assert f"<@{world.alice.id}>" in text
    assert "Voting closes <t:" in text
    await world.ld.wait_for(lambda: [r.emoji_name for r in poll.reactions] == ["1️⃣", "2️⃣", "3️⃣", "🇦", "🇧"])

    ld = world.ld
    await ld.react(world.bob, poll, "1️⃣")
    await ld.react(world.bob, poll, "2️⃣")
    await ld.react(world.carol, poll, "2️⃣")
    await ld.react(world.dave, poll, "1️⃣")
    await ld.unreact(world.dave, poll, "1️⃣")
    await ld.react(world.dave, poll, "2️⃣")
    await ld.react(world.dave, poll, "👍")
    await wait_for_count(world, poll, "2️⃣", 3)
    await wait_for_count(world, poll, "1️⃣", 1)
    assert f"<@{world.bob.id}>" in votes_line(poll, "1️⃣")
    assert f"<@{world.dave.id}>" not in votes_line(poll, "1️⃣")

    result = await ld.slash(world.alice, world.general, "meetup close", meetup=1)
    assert "closed" in (await result.final()).content
    (announcement,) = announcements(world)
    assert announcement.message_reference["message_id"] == str(poll.id)
    announced = text_of(announcement)
    assert stamp(second) in announced
    going = line_with(announcement, "**Going")
    assert all(f"<@{u.id}>" in going for u in (world.bob, world.carol, world.dave))
    assert f"<@{world.alice.id}>" not in going
    assert not announcement.pinged


async def test_only_organizer_or_manage_events_may_close_or_cancel(world: World, harness: BotHarness) -> None:
    """A member who is not the organizer is refused, privately; a moderator with Manage Events may."""
    await harness.start()
    await propose(world, world.alice, title="Board games", dates=DATES)
    for command in ("meetup close", "meetup cancel"):
        result = await world.ld.slash(world.bob, world.general, command, meetup=1)
        refusal = await result.final()
        assert refusal.ephemeral
        assert "Only the organizer" in refusal.content
    assert announcements(world) == []
    result = await world.ld.slash(
        world.moderator, world.general, "meetup cancel", meetup=1, reason="Venue closed"
    )
    assert "cancelled" in (await result.final()).content
    await world.ld.wait_for(lambda: "Called off" in text_of(poll_of(world, 1)))
    assert any("was cancelled by" in m.content and "Venue closed" in m.content for m in world.bot_messages())


async def test_votes_while_offline_are_reconciled(world: World, harness: BotHarness) -> None:
    """Votes and unvotes made while the bot is down are neither lost nor counted twice."""
    await harness.start()
    await propose(world, world.alice, title="Climbing", dates=DATES)
    poll = poll_of(world, 1)
    ld = world.ld
    await ld.react(world.bob, poll, "1️⃣")
    await ld.react(world.carol, poll, "1️⃣")
    await wait_for_count(world, poll, "1️⃣", 2)
    await harness.stop()

    await ld.unreact(world.bob, poll, "1️⃣")
    await ld.react(world.bob, poll, "3️⃣")
    await ld.react(world.dave, poll, "1️⃣")
    await ld.react(world.dave, poll, "2️⃣")

    await harness.start()
    await wait_for_count(world, poll, "3️⃣", 1)
    await wait_for_count(world, poll, "2️⃣", 1)
    await wait_for_count(world, poll, "1️⃣", 2)
    line = votes_line(poll, "1️⃣")
    assert f"<@{world.carol.id}>" in line
    assert f"<@{world.dave.id}>" in line
    assert f"<@{world.bob.id}>" not in line
    await harness.stop()
    stored = sorted(await harness.rows("SELECT position, user_id FROM votes WHERE kind = 'date'"))
    assert stored == sorted([(1, world.carol.id), (1, world.dave.id), (2, world.dave.id), (3, world.bob.id)])


async def test_bad_dates_each_get_their_own_error(world: World, harness: BotHarness) -> None:
    """Past, unreadable, duplicate and too many candidates are each named; nothing is posted or stored."""
    await harness.start()
    eleven = "; ".join(f"Dec {day} 18:00" for day in range(1, 12))
    cases = {
        "blah; Dec 12 18:00": "not a time I can read",
        "Dec 12 18:00; yesterday 18:00": "in the past",
        "Dec 12 18:00; Dec 12 18:00": "the same time as",
        eleven: "more than 10 candidates",
        "Dec 12": "a day without a time",
    }
    for dates, reason in cases.items():
        result = await world.ld.slash(world.alice, world.general, "meetup propose", title="Bad", dates=dates)
        reply = await result.final()
        assert reply.ephemeral
        assert reason in reply.content, (dates, reply.content)
        assert "nothing was posted" in reply.content
    result = await world.ld.slash(
        world.alice, world.general, "meetup propose", title="Bad", dates=DATES, closes="Dec 20 18:00"
    )
    assert "before the earliest candidate" in (await result.final()).content
    assert world.bot_messages() == []
    await harness.stop()
    assert await harness.rows("SELECT COUNT(*) FROM meetups") == [(0,)]
    assert await harness.rows("SELECT COUNT(*) FROM nudges") == [(0,)]


async def test_autocomplete_shows_how_dates_are_read(world: World, harness: BotHarness) -> None:
    """While typing `dates`, each candidate is shown as understood, and a bad one says why."""
    await harness.start()
    choices = await world.ld.autocomplete(
        world.alice, world.general, "meetup propose", focused="dates", title="x", dates="Dec 12 18:00; blah"
    )
    names = [choice["name"] for choice in choices]
    assert names[0].startswith("✓ Dec 12 18:00 → ")
    assert "12 Dec" in names[0]
    assert "18:00" in names[0]
    assert names[1].startswith('✗ "blah": not a time')


async def test_burst_of_100_reactions(world: World, harness: BotHarness) -> None:
    """100 reactions at once are all stored, and the poll shows the final counts after a few edits."""
    await harness.start()
    await propose(world, world.alice, title="Big party", dates=DATES)
    poll = poll_of(world, 1)
    ld = world.ld
    voters = [ld.add_member(world.guild, f"voter{i}") for i in range(34)]
    await ld.wait_for(lambda: len(poll.reactions) == 3)
    edits_before = poll.edits
    reactions = [(voter, emoji) for voter in voters for emoji in ("1️⃣", "2️⃣", "3️⃣")][:100]
    await asyncio.gather(*(ld.react(voter, poll, emoji) for voter, emoji in reactions))
    await wait_for_count(world, poll, "1️⃣", 34)
    await wait_for_count(world, poll, "2️⃣", 33)
    await wait_for_count(world, poll, "3️⃣", 33)
    edits = poll.edits - edits_before
    print(f"100 reactions -> {edits} edits of the poll message")
    assert edits <= 10
    await harness.stop()
    assert await harness.rows("SELECT COUNT(*) FROM votes") == [(100,)]


async def test_close_nudge_survives_restart_and_fires_once(world: World, harness: BotHarness) -> None:
    """A poll due to close in a few seconds, with the bot restarted in between, is announced exactly once."""
    await harness.start(meetups={"poll_duration": "3s"})
    await propose(world, world.alice, title="Quick one", dates=DATES)
    poll = poll_of(world, 1)
    await world.ld.react(world.bob, poll, "3️⃣")
    await wait_for_count(world, poll, "3️⃣", 1)
    await harness.stop()
    await harness.start(meetups={"poll_duration": "3s"})
    await world.ld.wait_for(lambda: len(announcements(world)) == 1, timeout=10)
    await asyncio.sleep(1.5)
    await harness.stop()
    await harness.start(meetups={"poll_duration": "3s"})
    await asyncio.sleep(1)
    (announcement,) = announcements(world)
    assert stamp(next_local(12, 13, 15)) in text_of(announcement)


async def test_poll_that_closed_while_down_closes_at_start(world: World, harness: BotHarness) -> None:
    """A poll whose closing time passed while the bot was stopped is closed when it starts again."""
    await harness.start(meetups={"poll_duration": "2s"})
    await propose(world, world.alice, title="Late close", dates=DATES)
    await world.ld.react(world.bob, poll_of(world, 1), "2️⃣")
    await wait_for_count(world, poll_of(world, 1), "2️⃣", 1)
    await harness.stop()
    await asyncio.sleep(2.5)
    assert announcements(world) == []
    await harness.start(meetups={"poll_duration": "2s"})
    await world.ld.wait_for(lambda: len(announcements(world)) == 1, timeout=8)
    assert stamp(next_local(12, 12, 18)) in text_of(announcements(world)[0])


async def test_invitees_are_told_and_nudged_once_before_the_close(world: World, harness: BotHarness) -> None:
    """Invitees get a DM when the poll opens; those who haven't voted get one nudge a quarter before it closes."""
    await harness.start()
    ld = world.ld
    invite = f"{world.bob.mention} {world.carol.mention}"
    await propose(world, world.alice, title="Invited", dates=DATES, closes="in 8 seconds", invite=invite)
    await ld.wait_for(
        lambda: all(any("invited you" in m.content for m in ld.dms(u)) for u in (world.bob, world.carol))
    )
    assert ld.dms(world.dave) == []
    await ld.react(world.carol, poll_of(world, 1), "1️⃣")
    await ld.wait_for(lambda: any("haven't voted" in m.content for m in ld.dms(world.bob)), timeout=10)
    await ld.wait_for(lambda: len(announcements(world)) == 1, timeout=6)
    assert sum("haven't voted" in m.content for m in ld.dms(world.bob)) == 1
    assert not any("haven't voted" in m.content for m in ld.dms(world.carol))
