"""Venues end to end: suggestions, letter votes, the reaction limit, the memory and private addresses."""

from __future__ import annotations

import sqlite3

from local_discord import Message, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import line_with, text_of

DATES = "Dec 11 18:00; Dec 12 18:00"


def polls(world: World) -> list[Message]:
    return [m for m in world.bot_messages() if "New meetup poll" in m.content]


def announcement_of(world: World, number: int) -> Message:
    (found,) = [
        m for m in world.bot_messages() if m.content == f"📣 **It's on!** Meetup #{number} is happening."
    ]
    return found


async def propose(world: World, user: User, **options) -> Message:
    before = len(polls(world))
    final = await (await world.ld.slash(user, world.general, "meetup propose", **options)).final()
    assert "posted" in final.content, final.content
    return polls(world)[before]


async def vote_and_close(world: World, poll: Message, number: int, votes: dict[User, list[str]]) -> Message:
    ld = world.ld
    for user, emojis in votes.items():
        for emoji in emojis:
            await ld.react(user, poll, emoji)
    total = sum(len(emojis) for emojis in votes.values())
    await ld.wait_for(lambda: text_of(poll).count("<@") - 1 >= total, timeout=8)
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=number)).final()
    return announcement_of(world, number)


async def test_suggested_venue_wins_by_letter_votes(world: World, harness: BotHarness) -> None:
    """Two venues at propose and one suggested later; letter votes pick the venue that is announced."""
    await harness.start()
    poll = await propose(
        world, world.alice, title="Pub quiz", dates=DATES, venues="Pressklubben | Vasagatan 1; Kafé Vega"
    )
    suggested = await (
        await world.ld.slash(
            world.bob, world.general, "meetup venue", meetup=1, name="Pelikan", address="Blekingegatan 40"
        )
    ).final()
    assert "vote with 🇨" in suggested.content
    await world.ld.wait_for(lambda: poll.reaction("🇨") is not None and "Pelikan" in text_of(poll))
    votes = {world.bob: ["1️⃣", "🇨"], world.carol: ["1️⃣", "🇨", "🇦"], world.dave: ["1️⃣", "🇨", "🇧"]}
    announcement = await vote_and_close(world, poll, 1, votes)
    where = line_with(announcement, "**Where:**")
    assert "Pelikan" in where
    assert "Blekingegatan 40" in where


async def test_venue_tie_goes_to_the_first_suggested(world: World, harness: BotHarness) -> None:
    """With equal votes and no ratings in this server, the first suggested venue wins."""
    await harness.start()
    poll = await propose(world, world.alice, title="Lunch", dates=DATES, venues="Kafé Vega; Pelikan")
    announcement = await vote_and_close(world, poll, 1, {world.bob: ["1️⃣", "🇧"], world.carol: ["1️⃣", "🇦"]})
    assert "Kafé Vega" in line_with(announcement, "**Where:**")


async def test_suggestion_beyond_the_reaction_limit_is_refused(world: World, harness: BotHarness) -> None:
    """Ten dates and ten venues fill Discord's 20 reactions: an 11th option is refused and nothing stored."""
    await harness.start()
    dates = "; ".join(f"Dec {day} 18:00" for day in range(11, 21))
    venues = "; ".join(f"Place {letter}" for letter in "ABCDEFGHIJ")
    poll = await propose(world, world.alice, title="Everything", dates=dates, venues=venues)
    await world.ld.wait_for(lambda: len(poll.reactions) == 20, timeout=10)
    refusal = await (
        await world.ld.slash(world.bob, world.general, "meetup venue", meetup=1, name="One more")
    ).final()
    assert refusal.ephemeral
    assert "most a poll can hold" in refusal.content or "allows 20 different reactions" in refusal.content
    assert "One more" not in text_of(poll)
    assert len(poll.reactions) == 20
    await harness.stop()
    with sqlite3.connect(harness.db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM venue_options").fetchone() == (10,)


async def test_memory_autocomplete_ranks_by_use_and_matches_partial_input(
    world: World, harness: BotHarness
) -> None:
    """Places used before are offered as the name is typed, the most used first."""
    await harness.start()
    for number, venue in enumerate(["Pressklubben", "Pelikan", "Pressklubben"], start=1):
        poll = await propose(world, world.alice, title=f"Meetup {number}", dates=DATES, venues=venue)
        await vote_and_close(world, poll, number, {world.bob: ["1️⃣", "🇦"]})
    ld = world.ld
    choices = await ld.autocomplete(
        world.alice, world.general, "meetup venue", focused="name", meetup=1, name="p"
    )
    assert [c["value"] for c in choices] == ["Pressklubben", "Pelikan"]
    assert "used 2×" in choices[0]["name"]
    choices = await ld.autocomplete(
        world.alice, world.general, "meetup venue", focused="name", meetup=1, name="klub"
    )
    assert [c["value"] for c in choices] == ["Pressklubben"]
    listing = await ld.slash(world.carol, world.general, "meetup venues")
    assert listing.ephemeral
    assert "Pressklubben" in text_of(listing.message)


async def test_no_venue_then_organizer_sets_it_and_attendees_are_told(
    world: World, harness: BotHarness
) -> None:
    """Without venue options the announcement says the place is open; the organizer sets it later."""
    await harness.start()
    poll = await propose(world, world.alice, title="Picnic", dates=DATES)
    announcement = await vote_and_close(world, poll, 1, {world.bob: ["2️⃣"]})
    assert "still open" in line_with(announcement, "**Where:**")
    refused = await (
        await world.ld.slash(world.bob, world.general, "meetup venue", meetup=1, name="Park")
    ).final()
    assert "Only the organizer" in refused.content
    await (
        await world.ld.slash(world.alice, world.general, "meetup venue", meetup=1, name="Rålambshovsparken")
    ).final()
    await world.ld.wait_for(lambda: "Rålambshovsparken" in line_with(announcement, "**Where:**"))
    await world.ld.wait_for(
        lambda: any("venue is now Rålambshovsparken" in m.content for m in world.ld.dms(world.bob))
    )


async def test_private_address_only_in_dms_to_people_going(world: World, harness: BotHarness) -> None:
    """With private_address the address reaches those going by DM and appears in no channel message."""
    await harness.start(meetups={"reminder_offsets": ["5s"]})
    ld = world.ld
    poll = await propose(
        world,
        world.alice,
        title="At mine",
        dates="in 10 seconds",
        venues="Home | Secret road 5",
        private_address=True,
    )
    announcement = await vote_and_close(world, poll, 1, {world.bob: ["1️⃣", "🇦"]})
    await ld.react(world.dave, announcement, "❔")
    await ld.wait_for(lambda: any("Secret road 5" in m.content for m in ld.dms(world.bob)))
    await ld.wait_for(lambda: any(m.content.startswith("⏰") for m in ld.dms(world.dave)), timeout=10)
    await ld.wait_for(lambda: sum(m.content.startswith("⏰") for m in ld.dms(world.bob)) == 1)
    bob_reminder = next(m for m in ld.dms(world.bob) if m.content.startswith("⏰"))
    assert "Secret road 5" in text_of(bob_reminder)
    assert all("Secret road 5" not in text_of(m) for m in ld.dms(world.dave))
    channel_posts = [m for m in ld.all_bot_messages() if m.guild_id is not None]
    assert channel_posts
    assert all("Secret road" not in text_of(m) for m in channel_posts)
    assert "Home" in line_with(announcement, "**Where:**")
