"""Calendar files, Discord scheduled events, members' time zones and per-server settings, end to end."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from local_discord import DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, Message, P, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import next_local, next_weekday, stamp, text_of

NEW_YORK = ZoneInfo("America/New_York")
SATURDAY = 5


def calendar_of(message: Message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a.filename.endswith(".ics")]
    return Calendar.from_ical(attachment.content)


def event_of(message: Message):
    (event,) = calendar_of(message).walk("VEVENT")
    return event


async def scheduled(
    world: World, user: User, *, dates: str = "Dec 12 18:00", venues: str = "Pressklubben", number: int = 1
):
    ld = world.ld
    await (
        await ld.slash(user, world.general, "meetup propose", title="Dinner", dates=dates, venues=venues)
    ).final()
    poll = [m for m in world.bot_messages() if "New meetup poll" in m.content][-1]
    await ld.react(world.bob, poll, "1️⃣")
    await ld.react(world.bob, poll, "🇦")
    await ld.wait_for(lambda: "**1 vote**" in text_of(poll))
    await (await ld.slash(user, world.general, "meetup close", meetup=number)).final()
    (announcement,) = [m for m in world.bot_messages() if f"Meetup #{number} is happening" in m.content]
    return announcement


async def test_calendar_file_follows_the_meetup(world: World, harness: BotHarness) -> None:
    """The announcement's .ics has the UTC times, title and place; a move raises SEQUENCE; a cancel cancels."""
    await harness.start(meetups={"default_length": "3h"})
    announcement = await scheduled(world, world.alice)
    event = event_of(announcement)
    start = next_local(12, 12, 18)
    assert event.decoded("dtstart") == start.astimezone(UTC)
    assert event.decoded("dtend") == start.astimezone(UTC) + timedelta(hours=3)
    assert str(event["summary"]) == "Dinner"
    assert str(event["location"]) == "Pressklubben"
    first_sequence = int(event.get("sequence", 0))

    ld = world.ld
    await (
        await ld.slash(world.alice, world.general, "meetup reschedule", meetup=1, when="Dec 13 19:00")
    ).final()
    (notice,) = [m for m in world.bot_messages() if m.content.startswith("🕑")]
    moved = event_of(notice)
    assert moved.decoded("dtstart") == next_local(12, 13, 19).astimezone(UTC)
    assert int(moved["sequence"]) > first_sequence
    assert str(moved["uid"]) == str(event["uid"])
    await ld.wait_for(lambda: any(m.attachments for m in ld.dms(world.bob)))

    await (await ld.slash(world.alice, world.general, "meetup cancel", meetup=1, reason="snow")).final()
    (cancel_notice,) = [m for m in world.bot_messages() if m.content.startswith("🚫")]
    cancelled = calendar_of(cancel_notice)
    assert str(cancelled["method"]) == "CANCEL"
    assert str(event_of(cancel_notice)["status"]) == "CANCELLED"


async def test_reminder_dm_carries_the_calendar_file(world: World, harness: BotHarness) -> None:
    """Each reminder DM has the .ics attached."""
    await harness.start(meetups={"reminder_offsets": ["4s"]})
    await scheduled(world, world.alice, dates="in 8 seconds")
    ld = world.ld
    await ld.wait_for(lambda: any(m.content.startswith("⏰") for m in ld.dms(world.bob)), timeout=10)
    reminder = next(m for m in ld.dms(world.bob) if m.content.startswith("⏰"))
    assert str(event_of(reminder)["summary"]) == "Dinner"


async def test_scheduled_event_created_updated_cancelled(world: World, harness: BotHarness) -> None:
    """With scheduled events on, announcing creates the server event; moving updates it; cancelling cancels it."""
    await harness.start()
    ld = world.ld
    admin = ld.add_member(world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    saved = await (await ld.slash(admin, world.general, "meetup settings", scheduled_events=True)).final()
    assert "`scheduled_events`: on" in saved.content
    announcement = await scheduled(world, world.alice)
    await ld.wait_for(lambda: len(ld.scheduled_events(world.guild)) == 1)
    (event,) = ld.scheduled_events(world.guild)
    assert event.name == "Dinner"
    assert str(announcement.id) in event.fields.get("description", "")
    await (
        await ld.slash(world.alice, world.general, "meetup reschedule", meetup=1, when="Dec 13 19:00")
    ).final()
    moved_to = next_local(12, 13, 19)
    await ld.wait_for(lambda: datetime.fromisoformat(event.scheduled_start_time) == moved_to)
    await (await ld.slash(world.alice, world.general, "meetup cancel", meetup=1)).final()
    await ld.wait_for(lambda: event.status == 4)
    assert "Create Events" not in text_of(announcement)


@pytest.mark.parametrize(
    "bot_events",
    [pytest.param(0, id="no event permission"), pytest.param(P.MANAGE_EVENTS, id="Manage Events only")],
)
async def test_without_create_events_the_hint_appears_once(
    local_discord_factory, tmp_path, bot_events
) -> None:
    """Scheduled events on but no Create Events (Manage Events alone no longer creates events): the
    settings reply and the first announcement name the missing permission, the next does not, and
    the bot makes no request Discord would refuse."""
    ld = await local_discord_factory()
    bot_permissions = (DEFAULT_BOT_PERMISSIONS & ~P.MANAGE_EVENTS & ~P.CREATE_EVENTS) | bot_events
    guild = ld.add_guild("No events", bot_permissions=bot_permissions)
    general = ld.add_text_channel(guild, "general")
    people = [
        ld.add_member(guild, name, display_name=name.title()) for name in ("alice", "bob", "carol", "dave")
    ]
    admin = ld.add_member(guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    world = World(ld, guild, general, *people, admin)
    harness = BotHarness(ld, tmp_path / "db.sqlite3")
    try:
        await harness.start()
        saved = await (await ld.slash(admin, general, "meetup settings", scheduled_events=True)).final()
        assert "**Create Events**" in saved.content
        first = await scheduled(world, world.alice)
        await ld.wait_for(lambda: "Create Events" in text_of(first))
        second = await scheduled(world, world.alice, dates="Dec 14 18:00", number=2)
        await asyncio.sleep(0.5)
        assert "Create Events" not in text_of(second)
        assert ld.scheduled_events(guild) == []
        assert not [r for r in ld.requests if r.status == 403]
    finally:
        await harness.stop()


async def test_create_events_alone_creates_moves_and_cancels_the_event(
    local_discord_factory, tmp_path
) -> None:
    """With Create Events and without Manage Events the bot creates its event and changes it later."""
    ld = await local_discord_factory()
    guild = ld.add_guild(
        "Events", bot_permissions=DEFAULT_BOT_PERMISSIONS & ~P.MANAGE_EVENTS | P.CREATE_EVENTS
    )
    general = ld.add_text_channel(guild, "general")
    people = [
        ld.add_member(guild, name, display_name=name.title()) for name in ("alice", "bob", "carol", "dave")
    ]
    admin = ld.add_member(guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    world = World(ld, guild, general, *people, admin)
    harness = BotHarness(ld, tmp_path / "db.sqlite3")
    try:
        await harness.start()
        saved = await (await ld.slash(admin, general, "meetup settings", scheduled_events=True)).final()
        assert "Create Events" not in saved.content
        announcement = await scheduled(world, world.alice)
        await ld.wait_for(lambda: len(ld.scheduled_events(guild)) == 1)
        (event,) = ld.scheduled_events(guild)
        await (
            await ld.slash(world.alice, general, "meetup reschedule", meetup=1, when="Dec 13 19:00")
        ).final()
        await ld.wait_for(
            lambda: datetime.fromisoformat(event.scheduled_start_time) == next_local(12, 13, 19)
        )
        await (await ld.slash(world.alice, general, "meetup cancel", meetup=1)).final()
        await ld.wait_for(lambda: event.status == 4)
        assert "Create Events" not in text_of(announcement)
    finally:
        await harness.stop()


async def test_member_time_zone_reads_their_typing(world: World, harness: BotHarness) -> None:
    """`sat 7pm` from a member in New York means 19:00 New York; from another member, the server's 19:00."""
    await harness.start()
    ld = world.ld
    done = await (await ld.slash(world.bob, world.general, "meetup me", timezone="America/New_York")).final()
    assert "America/New_York" in done.content
    choices = await ld.autocomplete(
        world.bob, world.general, "meetup me", focused="timezone", timezone="new_y"
    )
    assert "America/New_York" in [c["value"] for c in choices]
    await (await ld.slash(world.bob, world.general, "meetup propose", title="NY", dates="sat 7pm")).final()
    await (
        await ld.slash(world.carol, world.general, "meetup propose", title="Sthlm", dates="sat 7pm")
    ).final()
    ny_poll, sthlm_poll = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    assert stamp(next_weekday(SATURDAY, 19, NEW_YORK)) in text_of(ny_poll)
    assert stamp(next_weekday(SATURDAY, 19)) in text_of(sthlm_poll)
    assert "Stockholm time" in text_of(await scheduled(world, world.alice, number=3))


async def test_settings_apply_to_that_server_only_and_bad_values_are_refused(
    world: World, harness: BotHarness
) -> None:
    """A server's own time zone changes how its new meetups are read; another server keeps the defaults."""
    await harness.start()
    ld = world.ld
    admin = ld.add_member(world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    other = ld.add_guild("Other server")
    other_channel = ld.add_text_channel(other, "general")
    other_member = ld.add_member(other, "eve")
    await ld.wait_for(lambda: harness.bot is not None and harness.bot.get_guild(other.id) is not None)

    refused = await (
        await ld.slash(world.bob, world.general, "meetup settings", timezone="America/New_York")
    ).final()
    assert "Manage Server" in refused.content
    for option, value, reason in (
        ("timezone", "Mars/Base", "not a time zone"),
        ("reminder_offsets", "soon", "not a duration"),
        ("languages", "de", "not supported"),
        ("poll_duration", "0s", "longer than zero"),
    ):
        bad = await (await ld.slash(admin, world.general, "meetup settings", **{option: value})).final()
        assert bad.ephemeral
        assert reason in bad.content, bad.content
    shown = await (await ld.slash(admin, world.general, "meetup settings")).final()
    assert "`timezone`: Europe/Stockholm" in shown.content

    saved = await (
        await ld.slash(admin, world.general, "meetup settings", timezone="America/New_York")
    ).final()
    assert "`timezone`: America/New_York" in saved.content
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Here", dates="Dec 12 18:00")
    ).final()
    await (
        await ld.slash(other_member, other_channel, "meetup propose", title="There", dates="Dec 12 18:00")
    ).final()
    here = next(m for m in world.bot_messages() if "Here" in text_of(m))
    there = next(m for m in ld.messages(other_channel) if m.author is ld.bot_user and "There" in text_of(m))
    assert stamp(next_local(12, 12, 18, zone=NEW_YORK)) in text_of(here)
    assert stamp(next_local(12, 12, 18)) in text_of(there)
