"""RSVPs, the waitlist, drop-outs and reminder DMs, end to end with reminders a few seconds apart."""

from __future__ import annotations

import asyncio

import pytest

from local_discord import Message, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import line_with, text_of
from tests.postgres import ENGINES

pytestmark = pytest.mark.parametrize("storage_engine", ENGINES)

SOON = {"reminder_offsets": ["8s", "5s"]}


def announcement(world: World) -> Message:
    found = [m for m in world.bot_messages() if "It's on!" in m.content]
    assert len(found) == 1
    return found[0]


def reminders_to(world: World, user: User) -> list[Message]:
    return [m for m in world.ld.dms(user) if m.content.startswith("⏰")]


async def scheduled_meetup(
    world: World, voters: list[User], *, dates: str = "in 12 seconds", **options
) -> Message:
    """Propose, have ``voters`` pick the only date, close: those voters are going."""
    ld = world.ld
    result = await ld.slash(
        world.alice, world.general, "meetup propose", title="Dinner at Vega", dates=dates, **options
    )
    await result.final()
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    for voter in voters:
        await ld.react(voter, poll, "1️⃣")
    await ld.wait_for(lambda: f"**{len(voters)} vote" in text_of(poll))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    found = announcement(world)
    await ld.wait_for(lambda: {r.emoji_name for r in found.reactions} == {"✅", "❔", "❌"})
    return found


async def test_reminders_reach_going_and_maybe_once(world: World, harness: BotHarness) -> None:
    """Each reminder reaches each going member once, maybes marked as such; opted-out members get none."""
    await harness.start(meetups=SOON)
    ld = world.ld
    off = await ld.slash(world.carol, world.general, "meetup reminders", setting="off")
    assert off.ephemeral
    post = await scheduled_meetup(world, [world.bob, world.carol])
    await ld.react(world.dave, post, "❔")
    await ld.wait_for(lambda: "**Maybe (1):**" in text_of(post))
    await ld.wait_for(
        lambda: len(reminders_to(world, world.bob)) == 2 and len(reminders_to(world, world.dave)) == 2,
        timeout=12,
    )
    await asyncio.sleep(0.5)
    assert len(reminders_to(world, world.bob)) == 2
    assert len(reminders_to(world, world.dave)) == 2
    assert reminders_to(world, world.carol) == []
    reminder = text_of(reminders_to(world, world.bob)[0])
    assert "Dinner at Vega" in reminder
    assert "<t:" in reminder
    assert ":F>" in reminder
    assert ":R>" in reminder
    assert "**Also going:** Carol" in reminder, reminder
    assert f"/{world.general.id}/{post.id}" in reminder
    assert "you said maybe" in reminders_to(world, world.dave)[0].content
    assert not any(m.pinged for m in ld.all_bot_messages())


async def test_closed_dms_fall_back_to_one_channel_message(world: World, harness: BotHarness) -> None:
    """A member whose DMs are closed is reminded in the channel, and only they are pinged."""
    await harness.start(meetups={"reminder_offsets": ["5s"]})
    ld = world.ld
    ld.set_dms_closed(world.bob)
    await scheduled_meetup(world, [world.bob, world.carol], dates="in 8 seconds")
    await ld.wait_for(lambda: len(reminders_to(world, world.carol)) == 1, timeout=10)
    await ld.wait_for(lambda: any(m.content.startswith("⏰") for m in world.bot_messages()))
    await asyncio.sleep(0.3)
    (fallback,) = [m for m in world.bot_messages() if m.content.startswith("⏰")]
    assert fallback.pinged.users == frozenset({world.bob.id})
    assert not fallback.pinged.everyone
    assert "Dinner at Vega" in fallback.content


async def test_capacity_waitlist_and_drop_out(world: World, harness: BotHarness) -> None:
    """Capacity 2: the third ✅ waits; a going member switches to ❌; the third is promoted; the organizer hears."""
    await harness.start()
    ld = world.ld
    post = await scheduled_meetup(world, [world.bob], capacity=2)
    await ld.react(world.carol, post, "✅")
    await ld.wait_for(lambda: "**Going (2/2):**" in text_of(post))
    await ld.react(world.dave, post, "✅")
    await ld.wait_for(lambda: "**Waitlist (1):**" in text_of(post))
    await ld.wait_for(lambda: any("waitlist" in m.content for m in ld.dms(world.dave)))

    await ld.react(world.bob, post, "❌")
    await ld.wait_for(lambda: any("A place opened up" in m.content for m in ld.dms(world.dave)))
    await ld.wait_for(lambda: any("can no longer come" in m.content for m in ld.dms(world.alice)))
    (drop_out,) = [m for m in ld.dms(world.alice) if "can no longer come" in m.content]
    assert "Bob" in drop_out.content
    await ld.wait_for(lambda: "Waitlist" not in text_of(post) and "**Going (2/2):**" in text_of(post))
    going = next(line for line in text_of(post).splitlines() if line.startswith("**Going"))
    assert f"<@{world.dave.id}>" in going
    assert f"<@{world.bob.id}>" not in going
    await ld.wait_for(lambda: world.bob.id not in post.reaction("✅").user_ids)


async def test_reschedule_tells_attendees_and_replans_reminders(world: World, harness: BotHarness) -> None:
    """Moving a meetup DMs the people going and its reminders follow the new time."""
    await harness.start(meetups={"reminder_offsets": ["5s"]})
    ld = world.ld
    await scheduled_meetup(world, [world.bob], dates="in 1 hour")
    assert reminders_to(world, world.bob) == []
    refused = await (
        await ld.slash(world.carol, world.general, "meetup reschedule", meetup=1, when="in 8 seconds")
    ).final()
    assert "Only the organizer" in refused.content
    moved = await (
        await ld.slash(world.alice, world.general, "meetup reschedule", meetup=1, when="in 8 seconds")
    ).final()
    assert "moved" in moved.content
    await ld.wait_for(lambda: any("has changed" in m.content for m in ld.dms(world.bob)))
    await ld.wait_for(lambda: len(reminders_to(world, world.bob)) == 1, timeout=10)


async def test_voters_are_shown_going_by_their_vote_until_they_react(
    world: World, harness: BotHarness
) -> None:
    """The ✅ count under the announcement is the bot's own plus those who reacted; the going
    line names those separately from the voters it made going, so both add up. A voter's own
    reaction moves them to the first group."""
    await harness.start()
    ld = world.ld
    post = await scheduled_meetup(world, [world.bob, world.carol], dates="in 2 hours")
    going = line_with(post, "**Going")
    assert going.startswith("**Going (2):** by their vote for this date: ")
    await ld.react(world.dave, post, "✅")
    await ld.wait_for(lambda: "**Going (3):**" in text_of(post))

    def reacted_and_by_vote() -> tuple[str, str]:
        reacted, _, by_vote = line_with(post, "**Going").partition(" · by their vote for this date: ")
        return reacted, by_vote

    reacted, by_vote = reacted_and_by_vote()
    assert (reacted.count("<@"), by_vote.count("<@")) == (1, 2)
    assert f"<@{world.dave.id}>" in reacted
    await ld.react(world.bob, post, "✅")
    await ld.wait_for(lambda: reacted_and_by_vote()[1].count("<@") == 1)
    reacted, by_vote = reacted_and_by_vote()
    checkmarks = post.reaction("✅")
    assert checkmarks is not None
    assert reacted.count("<@") == checkmarks.count - 1 == 2
    assert f"<@{world.carol.id}>" in by_vote
    assert "**Going (3):**" in reacted
