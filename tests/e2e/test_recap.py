"""The recap after a meetup: the prompt, ratings into the venue memory, "again", repeat, restarts."""

from __future__ import annotations

import asyncio

from local_discord import Message, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import line_with, text_of

QUICK = {"default_length": "2s", "recap_delay": "1s", "reminder_offsets": ["1h"], "recap_summary_after": "2s"}


def prompts(world: World) -> list[Message]:
    return [m for m in world.bot_messages() if m.content.startswith("🎉")]


async def venues_listing_once_settled(world: World, marker: str) -> str:
    """/meetup venues as text, asked again until ``marker`` shows (ratings are applied in order)."""
    for _ in range(20):
        listing = text_of((await world.ld.slash(world.alice, world.general, "meetup venues")).message)
        if marker in listing:
            return listing
        await asyncio.sleep(0.1)
    return listing


async def meetup_that_happens(
    world: World, voters: list[User], *, dates: str = "in 4 seconds", venues: str = "Pressklubben"
) -> Message:
    """A meetup at ``venues`` starting in a few seconds with ``voters`` going; returns its poll."""
    ld = world.ld
    await (
        await ld.slash(
            world.alice, world.general, "meetup propose", title="Pub night", dates=dates, venues=venues
        )
    ).final()
    poll = [m for m in world.bot_messages() if "New meetup poll" in m.content][-1]
    number = int(text_of(poll).split("Meetup #")[1].split(":")[0])
    for voter in voters:
        await ld.react(voter, poll, "1️⃣")
        await ld.react(voter, poll, "🇦")
    await ld.wait_for(lambda: f"**{len(voters)} vote" in line_with(poll, "🇦"))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=number)).final()
    return poll


async def test_prompt_mentions_only_attendees_and_opens_a_thread(world: World, harness: BotHarness) -> None:
    """After the end plus recap_delay the prompt appears once, pinging only attendees, with a thread."""
    await harness.start(meetups=QUICK)
    await meetup_that_happens(world, [world.bob, world.carol])
    await world.ld.wait_for(lambda: len(prompts(world)) == 1, timeout=12)
    (prompt,) = prompts(world)
    assert prompt.channel_id == world.general.id
    assert prompt.pinged.users == frozenset({world.bob.id, world.carol.id})
    assert not prompt.pinged.everyone
    await world.ld.wait_for(lambda: len(prompt.reactions) == 6)
    assert [r.emoji_name for r in prompt.reactions] == ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "🔁"]
    (thread,) = world.ld.threads(world.general)
    assert "Pub night" in thread.name
    await asyncio.sleep(1)
    assert len(prompts(world)) == 1


async def test_attendee_ratings_feed_the_venue_memory(world: World, harness: BotHarness) -> None:
    """Attendees' ratings set the venue's average; a non-attendee's rating does not count."""
    await harness.start(meetups=QUICK)
    ld = world.ld
    await meetup_that_happens(world, [world.bob, world.carol])
    await ld.wait_for(lambda: len(prompts(world)) == 1, timeout=12)
    (prompt,) = prompts(world)
    await ld.wait_for(lambda: len(prompt.reactions) == 6)
    await ld.react(world.bob, prompt, "4️⃣")
    await ld.react(world.bob, prompt, "5️⃣")
    await ld.react(world.carol, prompt, "3️⃣")
    await ld.react(world.dave, prompt, "1️⃣")
    await ld.wait_for(lambda: world.bob.id not in prompt.reaction("4️⃣").user_ids)
    assert "★ 4.0 (2 ratings)" in await venues_listing_once_settled(world, "(2 ratings)")

    shown = await ld.slash(world.alice, world.general, "meetup show", meetup=1)
    summary = text_of(shown.message)
    confirmed = line_with(shown.message, "Confirmed they came")
    assert f"<@{world.bob.id}>" in confirmed
    assert f"<@{world.carol.id}>" in confirmed
    assert "★ 4.0 from 2" in summary

    await (
        await ld.slash(
            world.alice,
            world.general,
            "meetup propose",
            title="Tie",
            dates="Dec 12 18:00",
            venues="Kafé Vega; Pressklubben",
        )
    ).final()
    poll = [m for m in world.bot_messages() if "New meetup poll" in m.content][-1]
    for voter, venue in ((world.bob, "🇦"), (world.carol, "🇧")):
        await ld.react(voter, poll, "1️⃣")
        await ld.react(voter, poll, venue)
    await ld.wait_for(lambda: "**1 vote**" in line_with(poll, "🇦") and "**1 vote**" in line_with(poll, "🇧"))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=2)).final()
    (announcement,) = [m for m in world.bot_messages() if "Meetup #2 is happening" in m.content]
    assert "Pressklubben" in line_with(announcement, "**Where:**"), "the tie goes to the venue rated before"


async def test_again_offer_and_repeat(world: World, harness: BotHarness) -> None:
    """Two 🔁 from three attendees bring the offer; /meetup repeat makes "… #2" with the venue and invites."""
    await harness.start(meetups=QUICK)
    ld = world.ld
    await meetup_that_happens(world, [world.bob, world.carol, world.dave])
    await ld.wait_for(lambda: len(prompts(world)) == 1, timeout=12)
    (prompt,) = prompts(world)
    await ld.wait_for(lambda: len(prompt.reactions) == 6)
    await ld.react(world.bob, prompt, "🔁")
    await asyncio.sleep(0.5)
    assert not any(m.content.startswith("🔁") for m in world.bot_messages())
    await ld.react(world.carol, prompt, "🔁")
    await ld.wait_for(lambda: any(m.content.startswith("🔁") for m in world.bot_messages()))
    await ld.react(world.dave, prompt, "🔁")
    await asyncio.sleep(0.5)
    assert sum(m.content.startswith("🔁") for m in world.bot_messages()) == 1

    outsider = await (
        await ld.slash(world.moderator, world.general, "meetup repeat", meetup=1, dates="Dec 12 18:00")
    ).final()
    assert "posted" in outsider.content
    created = await (
        await ld.slash(world.carol, world.general, "meetup repeat", meetup=1, dates="Dec 13 18:00")
    ).final()
    assert "posted" in created.content
    poll = [m for m in world.bot_messages() if "New meetup poll" in m.content][-1]
    assert "Meetup #3: Pub night #2" in text_of(poll)
    assert "🇦 **Pressklubben**" in text_of(poll)
    await ld.wait_for(
        lambda: all(any("invited you" in m.content for m in ld.dms(u)) for u in (world.bob, world.dave))
    )
    shown = await ld.slash(world.alice, world.general, "meetup show", meetup=1)
    assert "**Repeated:** yes" in text_of(shown.message)


async def test_non_attendee_may_not_repeat(world: World, harness: BotHarness) -> None:
    """Only people who were going (or the organizer, or Manage Events) may repeat a meetup."""
    await harness.start(meetups=QUICK)
    await meetup_that_happens(world, [world.bob])
    refused = await (
        await world.ld.slash(world.dave, world.general, "meetup repeat", meetup=1, dates="Dec 12 18:00")
    ).final()
    assert "Only people who were going" in refused.content


async def test_no_prompt_when_cancelled_and_late_prompt_after_restart(
    world: World, harness: BotHarness
) -> None:
    """A cancelled meetup gets no prompt; a prompt that came due while the bot was down is posted at start."""
    await harness.start(meetups=QUICK)
    ld = world.ld
    await meetup_that_happens(world, [world.bob], dates="in 4 seconds")
    await (await ld.slash(world.alice, world.general, "meetup cancel", meetup=1)).final()
    await meetup_that_happens(world, [world.carol], dates="in 3 seconds")
    await harness.stop()
    await asyncio.sleep(7)
    assert prompts(world) == []
    await harness.start(meetups=QUICK)
    await ld.wait_for(lambda: len(prompts(world)) == 1, timeout=8)
    (prompt,) = prompts(world)
    assert prompt.pinged.users == frozenset({world.carol.id})


async def test_summary_counts_highlights(world: World, harness: BotHarness) -> None:
    """A while after the prompt, /meetup show summarises the recap with the highlights posted in the thread."""
    await harness.start(meetups=QUICK)
    ld = world.ld
    await meetup_that_happens(world, [world.bob, world.carol])
    await ld.wait_for(lambda: len(ld.threads(world.general)) == 1, timeout=12)
    (thread,) = ld.threads(world.general)
    await ld.post_message(world.bob, thread, "Best pub quiz ever!")
    await ld.post_message(world.carol, thread, "Photo of the winning team")
    await asyncio.sleep(3)
    shown = await ld.slash(world.alice, world.general, "meetup show", meetup=1)
    assert "**Highlights posted:** 2" in text_of(shown.message)
    assert "Venue: Pressklubben" in text_of(shown.message)
