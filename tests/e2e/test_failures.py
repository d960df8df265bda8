"""When the bot cannot do what a member asked, the member hears what did not happen and what to do.

A permission taken away, a channel deleted, a poll deleted: the meetup's state stays whole, the
bot makes no request Discord would refuse, and the missing post is made exactly once when the
cause is gone.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from local_discord import Message, P
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import text_of

DATES = "Dec 11 18:00; Dec 12 18:00"


def status_of(db_path: Path, number: int) -> str:
    with sqlite3.connect(db_path) as db:
        (status,) = db.execute("SELECT status FROM meetups WHERE number = ?", (number,)).fetchone()
    return status


def announcements(world: World) -> list[Message]:
    return [m for m in world.ld.all_bot_messages() if m.content.startswith("📣")]


async def voted_poll(world: World, **options: object) -> Message:
    """Alice proposes, Bob votes for the first date; the poll as it shows the vote."""
    ld = world.ld
    answer = await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Dinner", dates=DATES, **options)
    ).final()
    assert "posted" in answer.content, answer.content
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in text_of(poll))
    return poll


def refused(world: World) -> list[str]:
    return [f"{r.status} {r.route}" for r in world.ld.requests if r.status in (401, 403, 429)]


async def test_close_without_send_messages_says_so_and_posts_once_it_is_back(
    world: World, harness: BotHarness
) -> None:
    """Send Messages denied: the closer is told the outcome was not posted and why; given back, it is posted once."""
    await harness.start()
    ld = world.ld
    await voted_poll(world)
    ld.set_overwrite(world.general, ld.bot_user, deny=P.SEND_MESSAGES)
    await asyncio.sleep(0.2)
    answer = await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    assert "is closed (scheduled)" in answer.content
    assert "**not** posted" in answer.content
    assert "**Send Messages**" in answer.content
    assert status_of(harness.db_path, 1) == "scheduled"
    assert announcements(world) == []
    assert refused(world) == []

    ld.set_overwrite(world.general, ld.bot_user)
    await ld.wait_for(lambda: len(announcements(world)) == 1)
    (announcement,) = announcements(world)
    assert world.bob.mention in text_of(announcement)
    ld.set_overwrite(world.general, world.carol, deny=P.ADD_REACTIONS)
    await asyncio.sleep(0.5)
    assert len(announcements(world)) == 1


async def test_close_in_a_deleted_channel_changes_nothing(world: World, harness: BotHarness) -> None:
    """The poll's channel deleted: the close is refused with what to do, and the meetup stays open."""
    await harness.start()
    ld = world.ld
    await voted_poll(world)
    elsewhere = ld.add_text_channel(world.guild, "elsewhere")
    ld.delete_channel(world.general)
    await asyncio.sleep(0.2)
    answer = await (await ld.slash(world.alice, elsewhere, "meetup close", meetup=1)).final()
    assert "still open" in answer.content
    assert "channel was deleted" in answer.content
    assert "/meetup cancel" in answer.content
    assert status_of(harness.db_path, 1) == "polling"
    assert announcements(world) == []
    assert refused(world) == []


async def test_close_of_a_deleted_poll_counts_the_votes_seen_and_says_so(
    world: World, harness: BotHarness
) -> None:
    """The poll message deleted: the votes the bot stored count, the outcome is posted once, the closer is told."""
    await harness.start()
    ld = world.ld
    poll = await voted_poll(world)
    ld.delete_message(poll)
    answer = await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    assert "is closed (scheduled)" in answer.content
    assert "poll message was deleted" in answer.content
    assert "not** posted" not in answer.content
    (announcement,) = announcements(world)
    assert world.bob.mention in text_of(announcement)


async def test_scheduled_close_that_cannot_announce_tells_the_organizer(
    world: World, harness: BotHarness
) -> None:
    """A poll closing at its set time in a channel the bot may no longer post in: the organizer gets a DM;
    the outcome is posted once the permission is back."""
    await harness.start()
    ld = world.ld
    await voted_poll(world, closes="in 4 seconds")
    ld.set_overwrite(world.general, ld.bot_user, deny=P.SEND_MESSAGES)
    await ld.wait_for(
        lambda: any("closed at its set time" in m.content for m in ld.dms(world.alice)), timeout=10
    )
    (notice,) = [m for m in ld.dms(world.alice) if "closed at its set time" in m.content]
    assert "**Send Messages**" in notice.content
    assert announcements(world) == []
    assert refused(world) == []
    ld.set_overwrite(world.general, ld.bot_user)
    await ld.wait_for(lambda: len(announcements(world)) == 1)
    await asyncio.sleep(0.5)
    assert len(announcements(world)) == 1


async def test_close_while_discord_errs_says_so_and_posts_once(world: World, harness: BotHarness) -> None:
    """Discord answers the announcement with a server error: the closer is told; the retry posts it once."""
    await harness.start()
    ld = world.ld
    await voted_poll(world)
    ld.fail_requests("POST /channels/{channel_id}/messages", 1)
    answer = await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    assert "is closed (scheduled)" in answer.content
    assert "Discord's servers kept answering with an error" in answer.content
    assert "keeps trying" in answer.content
    await ld.wait_for(lambda: len(announcements(world)) == 1)
    await asyncio.sleep(0.5)
    assert len(announcements(world)) == 1
    assert [r.status for r in ld.requests if r.status >= 500] == [503]


async def test_propose_where_the_bot_may_not_post_saves_nothing(world: World, harness: BotHarness) -> None:
    """Add Reactions denied to the bot: the proposal is refused naming it, nothing is saved or posted."""
    await harness.start()
    ld = world.ld
    ld.set_overwrite(world.general, ld.bot_user, deny=P.ADD_REACTIONS)
    await asyncio.sleep(0.2)
    answer = await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Dinner", dates=DATES)
    ).final()
    assert "Nothing was saved" in answer.content
    assert "**Add Reactions**" in answer.content
    assert world.bot_messages() == []
    with sqlite3.connect(harness.db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM meetups").fetchone() == (0,)
    assert refused(world) == []


async def test_cancel_without_send_messages_still_tells_those_going(
    world: World, harness: BotHarness
) -> None:
    """Send Messages denied after the announcement: the cancel happens, Bob hears by DM, the canceller
    is told the notice was not posted in the channel (instead of "nothing was changed")."""
    await harness.start()
    ld = world.ld
    await voted_poll(world)
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    ld.set_overwrite(world.general, ld.bot_user, deny=P.SEND_MESSAGES)
    await asyncio.sleep(0.2)
    answer = await (
        await ld.slash(world.alice, world.general, "meetup cancel", meetup=1, reason="Storm")
    ).final()
    assert "is cancelled" in answer.content
    assert "notice was **not** posted" in answer.content
    assert "**Send Messages**" in answer.content
    assert status_of(harness.db_path, 1) == "cancelled"
    await ld.wait_for(lambda: any("cancelled (Storm)" in m.content for m in ld.dms(world.bob)))
    assert refused(world) == []
