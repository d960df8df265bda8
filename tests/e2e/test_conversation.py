"""Planning from the conversation end to end: the message command, watching, and restarts."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.i18n import ENGLISH
from bot.presentation.conversation import offer_text
from bot.when import parse_when
from local_discord import DEFAULT_MEMBER_PERMISSIONS, Channel, InteractionResult, Message, P, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import STOCKHOLM, text_of

SATURDAY, SUNDAY = 5, 6
SUGGESTION = "we should meet up, saturday 18:00?"


def next_weekday(weekday: int, hour: int) -> datetime:
    """That weekday's next date after today, at ``hour`` in Stockholm, as the bot reads a weekday name."""
    today = datetime.now(STOCKHOLM).date()
    day = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


def dates_in(result: InteractionResult) -> list[datetime]:
    """The form's dates as the bot itself reads them back."""
    assert result.modal is not None
    value = result.modal.field("dates").value or ""
    now = datetime.now(STOCKHOLM)
    read = [parse_when(part, now=now, languages=("en", "sv")) for part in value.split(";")]
    assert all(found is not None for found in read), value
    return [found.start for found in read if found is not None]


def keeper(world: World) -> User:
    """A member who may turn watching on: Manage Channels."""
    return world.ld.add_member(
        world.guild,
        "keeper",
        display_name="Keeper",
        permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_CHANNELS,
    )


def offers(world: World, channel: Channel) -> list[Message]:
    return [m for m in world.bot_messages(channel) if m.content == offer_text(ENGLISH)]


def polls(world: World) -> list[Message]:
    return [m for m in world.bot_messages() if "New meetup poll" in m.content]


def invited(world: World, user: User) -> bool:
    return any("invited you to vote" in m.content for m in world.ld.dms(user))


async def remember(world: World, venue: str) -> None:
    """Put a place in the server's memory the way members do: propose, vote for it, close."""
    ld = world.ld
    side = ld.add_text_channel(world.guild, "side")
    options = {"title": "Quiz", "dates": "Dec 11 18:00", "venues": venue}
    posted = await (await ld.slash(world.alice, side, "meetup propose", **options)).final()
    assert "posted" in posted.content, posted.content
    (poll,) = [m for m in world.bot_messages(side) if "New meetup poll" in m.content]
    await ld.react(world.bob, poll, "🇦")
    await ld.react(world.bob, poll, "1️⃣")
    closed = await (await ld.slash(world.alice, side, "meetup close", meetup=1)).final()
    assert "closed" in closed.content, closed.content


async def watch(world: World, user: User, setting: str) -> Message:
    return await (await world.ld.slash(user, world.general, "meetup watch", setting=setting)).final()


async def test_plan_a_meetup_from_the_conversation(world: World, harness: BotHarness) -> None:
    """The message command fills the form from the chat; a bad date is refused; the poll invites who talked."""
    await harness.start()
    ld = world.ld
    await remember(world, "Pressklubben")
    await ld.post_message(world.bob, world.general, "we should meet up!")
    await ld.post_message(world.carol, world.general, "how about saturday 18:00 at Pressklubben?")
    last = await ld.post_message(world.dave, world.general, "or sunday 15:00")

    opened = await ld.message_command(world.alice, last, "Plan a meetup")
    assert opened.modal is not None
    assert dates_in(opened) == [next_weekday(SATURDAY, 18), next_weekday(SUNDAY, 15)]
    assert opened.modal.field("venues").value == "Pressklubben"
    assert opened.modal.field("title").value == "Meetup"
    details = opened.modal.field("details").value or ""
    assert "#general" in details
    assert "Bob, Carol and Dave" in details

    form = opened.modal.custom_id
    refused = await (await ld.submit_modal(world.alice, world.general, form, {"dates": "someday"})).final()
    assert refused.ephemeral
    assert "Some of the `dates` need fixing" in refused.content
    assert polls(world) == []
    submitted = await ld.submit_modal(world.alice, world.general, form, {"title": "Pub night"})
    answer = await submitted.final()
    assert answer.ephemeral
    assert "Poll for meetup #2 posted" in answer.content
    poll = polls(world)[-1]
    assert poll.channel_id == world.general.id
    assert "Pub night" in text_of(poll)
    assert "Pressklubben" in text_of(poll)
    assert f"<t:{int(next_weekday(SUNDAY, 15).timestamp())}:F>" in text_of(poll)
    await ld.wait_for(lambda: all(invited(world, user) for user in (world.bob, world.carol, world.dave)))
    assert not invited(world, world.alice)


async def test_watched_channel_offers_once_an_hour(world: World, harness: BotHarness) -> None:
    """A suggestion with a time gets one offer whose button opens the form; unwatched channels get none."""
    manager = keeper(world)
    await harness.start()
    ld = world.ld
    assert "watching #general now" in (await watch(world, manager, "on")).content
    suggestion = await ld.post_message(world.bob, world.general, SUGGESTION)
    await ld.wait_for(lambda: len(offers(world, world.general)) == 1)
    (offer,) = offers(world, world.general)
    assert offer.message_reference["message_id"] == str(suggestion.id)

    await ld.post_message(world.carol, world.general, "let's meet sunday 15:00 instead!")
    random = ld.add_text_channel(world.guild, "random")
    await ld.post_message(world.bob, random, SUGGESTION)
    await asyncio.sleep(0.5)
    assert len(offers(world, world.general)) == 1
    assert offers(world, random) == []

    opened = await ld.click_button(world.dave, offer, f"meetup:offer:{world.general.id}:{suggestion.id}")
    assert dates_in(opened) == [next_weekday(SATURDAY, 18)]


async def test_watch_needs_manage_channels(world: World, harness: BotHarness) -> None:
    """A member without Manage Channels is refused, privately."""
    await harness.start()
    refused = await watch(world, world.bob, "on")
    assert refused.ephemeral
    assert "Manage Channels" in refused.content


async def test_plan_it_and_its_form_survive_restarts(world: World, harness: BotHarness) -> None:
    """The button and the pause between offers survive a restart, and so does an open form."""
    manager = keeper(world)
    await harness.start()
    ld = world.ld
    await watch(world, manager, "on")
    await ld.post_message(world.carol, world.general, f"dinner at mine? <@{world.dave.id}> too")
    suggestion = await ld.post_message(world.bob, world.general, SUGGESTION)
    await ld.wait_for(lambda: len(offers(world, world.general)) == 1)

    await harness.stop()
    await harness.start()
    await ld.post_message(world.dave, world.general, "let's meet up sunday 15:00 then")
    (offer,) = offers(world, world.general)
    opened = await ld.click_button(world.alice, offer, f"meetup:offer:{world.general.id}:{suggestion.id}")
    assert opened.modal is not None
    assert opened.modal.field("title").value == "Dinner"
    await asyncio.sleep(0.3)
    assert len(offers(world, world.general)) == 1, "the hour between offers survives a restart"

    await harness.stop()
    await harness.start()
    submitted = await ld.submit_modal(world.alice, world.general, opened.modal.custom_id, {})
    assert "Poll for meetup #1 posted" in (await submitted.final()).content
    await ld.wait_for(lambda: all(invited(world, user) for user in (world.bob, world.carol, world.dave)))
