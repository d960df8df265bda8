"""Recurring meetups end to end: the series starts when its poll closes, each occurrence gets a
message of its own when the one before ends, with its own answers and reminders, and one date
can be skipped. Meetups last seconds here; ``series_lead`` is long, so the next occurrence's
message comes as soon as the previous one ends, and a reminder offset of a week less a few
seconds makes the next occurrence's reminder due moments after its message."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from local_discord import DEFAULT_MEMBER_PERMISSIONS, Message, P, User
from tests.e2e.conftest import BotHarness, BotProcess, World
from tests.e2e.helpers import text_of
from tests.postgres import ENGINES

pytestmark = [pytest.mark.parametrize("storage_engine", ENGINES), pytest.mark.timeout(90)]

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK = timedelta(days=7)
SERIES = {
    "default_length": "4s",
    "recap_delay": "1s",
    "series_lead": "60d",
    "reminder_offsets": [f"{int(WEEK.total_seconds()) - 12}s"],
}
TIMESTAMP = re.compile(r"<t:(\d+):f>")


def posts(world: World, start: str) -> list[Message]:
    return [m for m in world.bot_messages() if m.content.startswith(start)]


def reminders_to(world: World, user: User) -> list[Message]:
    return [m for m in world.ld.dms(user) if m.content.startswith("⏰")]


def next_dates(message: Message) -> list[datetime]:
    (line,) = [line for line in text_of(message).splitlines() if "**Repeats**" in line]
    return [datetime.fromtimestamp(int(seconds), UTC) for seconds in TIMESTAMP.findall(line)]


def event_of(message: Message):
    (attachment,) = [a for a in message.attachments if a.filename.endswith(".ics")]
    (event,) = Calendar.from_ical(attachment.content).walk("VEVENT")
    return event


async def series_started(world: World, repeat: str, dates: str = "in 6 seconds") -> Message:
    """Propose with ``repeat``, Bob and Carol vote for the one date, close: the announcement."""
    return await series_started_as(world, 1, repeat, dates)


async def series_started_as(world: World, number: int, repeat: str, dates: str) -> Message:
    """:func:`series_started` for the server's meetup ``number``."""
    ld = world.ld
    proposed = await ld.slash(
        world.alice, world.general, "meetup propose", title="Board games", dates=dates, repeat=repeat
    )
    assert "posted" in (await proposed.final()).content
    poll = posts(world, "🗳️")[-1]
    assert "🔁 Repeats" in text_of(poll)
    for voter in (world.bob, world.carol):
        await ld.react(voter, poll, "1️⃣")
    await ld.wait_for(lambda: "**2 votes**" in text_of(poll))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=number)).final()
    await ld.wait_for(lambda: bool(posts(world, "📣")))
    return posts(world, "📣")[0]


async def test_a_weekly_series_posts_each_occurrence_with_its_own_answers_and_reminders(
    world: World, harness: BotHarness
) -> None:
    await harness.start(meetups=SERIES)
    ld = world.ld
    first = await series_started(world, "weekly")
    (when_line,) = [line for line in text_of(first).splitlines() if line.startswith("**When:**")]
    starts = datetime.fromtimestamp(int(re.findall(r"<t:(\d+):F>", when_line)[0]), UTC)
    local = starts.astimezone(STOCKHOLM)
    assert [d.astimezone(STOCKHOLM) for d in next_dates(first)] == [local + WEEK * n for n in (1, 2, 3)]
    event = event_of(first)
    day = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[local.weekday()]
    assert event["rrule"].to_ical().decode() == f"FREQ=WEEKLY;BYDAY={day}"
    assert event["dtstart"].params["TZID"] == "Europe/Stockholm"

    await ld.wait_for(lambda: bool(posts(world, "🔁")), timeout=30)
    (second,) = posts(world, "🔁")
    assert "Meetup #2" in second.content
    await ld.wait_for(lambda: {r.emoji_name for r in second.reactions} == {"✅", "❔", "❌"})
    (when_two,) = [line for line in text_of(second).splitlines() if line.startswith("**When:**")]
    second_starts = datetime.fromtimestamp(int(re.findall(r"<t:(\d+):F>", when_two)[0]), UTC)
    assert second_starts.astimezone(STOCKHOLM) == local + WEEK
    assert "**Going (0):**" in text_of(second), "answers for one occurrence are not the next one's"
    await ld.react(world.dave, second, "✅")
    await ld.wait_for(lambda: "**Going (1):**" in text_of(second))
    await ld.wait_for(lambda: bool(reminders_to(world, world.dave)), timeout=20)
    assert reminders_to(world, world.bob) == [], "Bob went to the first, not to this one"
    assert len(reminders_to(world, world.dave)) == 1
    await ld.wait_for(lambda: bool(posts(world, "🎉")), timeout=20)
    (prompt,) = posts(world, "🎉")
    await ld.wait_for(lambda: prompt.reaction("5️⃣") is not None)
    assert "meet again" not in prompt.content, "a series meets again by itself"
    assert prompt.reaction("🔁") is None


@pytest.mark.parametrize(
    ("repeat", "dates", "rule", "gaps"),
    [
        ("every 2 weeks", "2027-03-11 18:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", (14, 28, 42)),
        ("första fredagen varje månad", "2027-02-05 18:00", "FREQ=MONTHLY;BYDAY=1FR", (28, 56, 91)),
    ],
)
async def test_biweekly_and_monthly_series_keep_18_00_local_across_the_march_change_of_clocks(
    world: World, harness: BotHarness, repeat: str, dates: str, rule: str, gaps: tuple[int, ...]
) -> None:
    await harness.start(meetups=SERIES)
    first = await series_started(world, repeat, dates=dates)
    start = datetime.fromisoformat(dates).replace(tzinfo=STOCKHOLM)
    shown = [d.astimezone(STOCKHOLM) for d in next_dates(first)]
    assert [(d.date() - start.date()).days for d in shown] == list(gaps)
    assert {(d.hour, d.minute) for d in shown} == {(18, 0)}
    assert len({d.utcoffset() for d in [start, *shown]}) == 2, "the series crosses the end of March"
    event = event_of(first)
    assert event["rrule"].to_ical().decode() == rule
    assert event.decoded("dtstart") == start


async def test_a_skipped_date_is_left_out_and_a_cancelled_series_stops(
    world: World, harness: BotHarness
) -> None:
    """Skipping the next date before its message is up: the dates shown and the calendar leave it
    out. Cancelling the series stops it: once the first occurrence is over, no message follows."""
    await harness.start(meetups={**SERIES, "series_lead": "0s"})
    ld = world.ld
    first = await series_started(world, "weekly", dates="in 10 seconds")
    coming = next_dates(first)
    skipped = await ld.slash(world.alice, world.general, "meetup skip", meetup=1, date=coming[0].isoformat())
    assert "Skipped" in (await skipped.final()).content
    await ld.wait_for(lambda: next_dates(first)[0] == coming[1])
    refused = await (
        await ld.slash(world.alice, world.general, "meetup skip", meetup=1, date="someday")
    ).final()
    assert refused.ephemeral
    assert "`date`" in refused.content
    not_theirs = await (await ld.slash(world.bob, world.general, "meetup cancel", meetup=1)).final()
    assert "organizer" in not_theirs.content

    await (await ld.slash(world.alice, world.general, "meetup cancel", meetup=1, reason="done")).final()
    await ld.wait_for(lambda: "the series has ended" in text_of(first))
    event = event_of(posts(world, "🚫")[0])
    assert str(event["status"]) == "CANCELLED"
    assert [moment.dt for moment in event["exdate"].dts] == [coming[0].astimezone(STOCKHOLM)]
    ends = coming[0] - WEEK + timedelta(seconds=4)
    await ld.wait_for(lambda: datetime.now(UTC) > ends + timedelta(seconds=3), timeout=20)
    assert posts(world, "🔁") == [], "no occurrence after the series was cancelled"


async def test_skipping_a_posted_date_cancels_it_and_tells_those_going(
    world: World, harness: BotHarness
) -> None:
    """The next occurrence's message is up and Dave is going: skipping it tells him by DM, marks
    the message cancelled, and its reminder never comes."""
    await harness.start(meetups={**SERIES, "reminder_offsets": [f"{int(WEEK.total_seconds()) - 25}s"]})
    ld = world.ld
    await series_started(world, "weekly")
    await ld.wait_for(lambda: bool(posts(world, "🔁")), timeout=30)
    (second,) = posts(world, "🔁")
    await ld.wait_for(lambda: second.reaction("✅") is not None)
    await ld.react(world.dave, second, "✅")
    await ld.wait_for(lambda: "**Going (1):**" in text_of(second))
    (when_two,) = [line for line in text_of(second).splitlines() if line.startswith("**When:**")]
    second_starts = datetime.fromtimestamp(int(re.findall(r"<t:(\d+):F>", when_two)[0]), UTC)
    skipped = await ld.slash(
        world.alice, world.general, "meetup skip", meetup=2, date=second_starts.isoformat()
    )
    assert "those going were told" in (await skipped.final()).content
    await ld.wait_for(lambda: "**Cancelled**" in text_of(second))
    await ld.wait_for(lambda: any("cancelled" in m.content for m in ld.dms(world.dave)))
    reminder_due = second_starts - WEEK + timedelta(seconds=25)
    await ld.wait_for(lambda: datetime.now(UTC) > reminder_due + timedelta(seconds=2), timeout=30)
    assert reminders_to(world, world.dave) == []


async def test_the_plan_a_meetup_form_takes_repeat_too(world: World, harness: BotHarness) -> None:
    await harness.start(meetups=SERIES)
    ld = world.ld
    said = await ld.post_message(world.bob, world.general, "board games on thursday 19:00?")
    opened = await ld.message_command(world.alice, said, "Plan a meetup")
    assert opened.modal is not None
    assert opened.modal.field("repeat").value in (None, "")
    refused = await (
        await ld.submit_modal(world.alice, world.general, opened.modal.custom_id, {"repeat": "now and then"})
    ).final()
    assert refused.ephemeral
    assert "`repeat`" in refused.content
    posted = await (
        await ld.submit_modal(
            world.alice, world.general, opened.modal.custom_id, {"repeat": "varannan vecka"}
        )
    ).final()
    assert "posted" in posted.content
    (poll,) = posts(world, "🗳️")
    assert "🔁 Repeats every other week, from the winning date on." in text_of(poll)


async def test_show_tells_how_it_repeats_and_sends_the_series_calendar(
    world: World, harness: BotHarness
) -> None:
    await harness.start(meetups=SERIES)
    first = await series_started(world, "every 2 weeks", dates="2027-03-11 18:00")
    listed = await (await world.ld.slash(world.carol, world.general, "meetup list")).final()
    assert "Board games](" in text_of(listed)
    assert "🔁: on" in text_of(listed), "the list marks a series"
    shown = await (await world.ld.slash(world.carol, world.general, "meetup show", meetup=1)).final()
    assert shown.ephemeral
    assert "🔁 **Repeats** every other Thursday · next:" in text_of(shown)
    assert next_dates(shown) == next_dates(first)
    assert event_of(shown)["rrule"].to_ical().decode() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"


async def test_moving_one_date_moves_just_that_one_in_the_calendar(world: World, harness: BotHarness) -> None:
    await harness.start(meetups=SERIES)
    ld = world.ld
    first = await series_started(world, "weekly", dates="2027-03-11 18:00")
    coming = next_dates(first)
    moved = await ld.slash(world.alice, world.general, "meetup reschedule", meetup=1, when="2027-03-12 19:00")
    assert "moved" in (await moved.final()).content
    (notice,) = posts(world, "🕑")
    (attachment,) = [a for a in notice.attachments if a.filename.endswith(".ics")]
    series_event, override = Calendar.from_ical(attachment.content).walk("VEVENT")
    assert series_event["rrule"].to_ical().decode() == "FREQ=WEEKLY;BYDAY=TH"
    assert series_event.decoded("dtstart") == datetime(2027, 3, 11, 18, tzinfo=STOCKHOLM)
    assert override.decoded("recurrence-id") == datetime(2027, 3, 11, 18, tzinfo=STOCKHOLM)
    assert override.decoded("dtstart") == datetime(2027, 3, 12, 19, tzinfo=STOCKHOLM)
    assert str(override["uid"]) == str(series_event["uid"])
    assert next_dates(first) == coming, "the rest of the series stays where it was"


async def test_a_series_down_with_sigkill_posts_the_next_date_and_its_reminder_once(
    world: World, tmp_path: Path, storage_engine: str, storage_target: Path | str
) -> None:
    """Killed before the first occurrence ends and kept down past it: after the restart the next
    occurrence's message comes once. Killed again before that occurrence's reminder is due and kept
    down past it: the reminder reaches its one attendee once, and nobody else."""
    ld = world.ld
    reminder_lead = 40
    bot = BotProcess(
        ld,
        tmp_path / "bot",
        {**SERIES, "reminder_offsets": [f"{int(WEEK.total_seconds()) - reminder_lead}s"]},
        storage_url=str(storage_target) if storage_engine == "postgresql" else None,
    )
    try:
        await killed_twice(world, bot, reminder_lead)
    finally:
        await bot.stop()


async def killed_twice(world: World, bot: BotProcess, reminder_lead: int) -> None:
    ld = world.ld
    await bot.sync()
    await bot.start()
    first = await series_started(world, "weekly", dates="in 10 seconds")
    (when_line,) = [line for line in text_of(first).splitlines() if line.startswith("**When:**")]
    starts = datetime.fromtimestamp(int(re.findall(r"<t:(\d+):F>", when_line)[0]), UTC)
    await bot.kill()
    await ld.wait_for(lambda: datetime.now(UTC) > starts + timedelta(seconds=6), timeout=20)
    assert posts(world, "🔁") == []
    await bot.start()
    await ld.wait_for(lambda: bool(posts(world, "🔁")), timeout=20)
    (second,) = posts(world, "🔁")
    await ld.wait_for(lambda: second.reaction("✅") is not None)
    await ld.react(world.dave, second, "✅")
    await ld.wait_for(lambda: "**Going (1):**" in text_of(second))
    await bot.kill()
    reminder_due = starts + timedelta(seconds=reminder_lead)
    await ld.wait_for(lambda: datetime.now(UTC) > reminder_due + timedelta(seconds=2), timeout=40)
    await bot.start()
    await ld.wait_for(lambda: bool(reminders_to(world, world.dave)), timeout=20)
    await asyncio.sleep(2)
    assert len(reminders_to(world, world.dave)) == 1
    assert [reminders_to(world, person) for person in (world.bob, world.carol)] == [[], []]
    assert len(posts(world, "🔁")) == 1, "the next occurrence is posted once"


async def test_each_date_is_mirrored_as_a_scheduled_event_when_its_message_is_posted(
    world: World, harness: BotHarness
) -> None:
    await harness.start(meetups={**SERIES, "default_length": "20s"})
    ld = world.ld
    admin = ld.add_member(world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    await (await ld.slash(admin, world.general, "meetup settings", scheduled_events=True)).final()
    await series_started(world, "weekly", dates="in 4 seconds")
    await ld.wait_for(lambda: len(ld.scheduled_events(world.guild)) == 1)
    await ld.wait_for(lambda: bool(posts(world, "🔁")), timeout=40)
    (second,) = posts(world, "🔁")
    await ld.wait_for(lambda: len(ld.scheduled_events(world.guild)) == 2)
    latest = max(ld.scheduled_events(world.guild), key=lambda event: event.scheduled_start_time)
    (when_two,) = [line for line in text_of(second).splitlines() if line.startswith("**When:**")]
    second_starts = datetime.fromtimestamp(int(re.findall(r"<t:(\d+):F>", when_two)[0]), UTC)
    assert datetime.fromisoformat(latest.scheduled_start_time) == second_starts
    assert str(second.id) in latest.fields.get("description", "")


async def test_skip_offers_only_series_and_their_coming_dates(world: World, harness: BotHarness) -> None:
    await harness.start(meetups=SERIES)
    ld = world.ld
    await (
        await ld.slash(
            world.alice, world.general, "meetup propose", title=r"One\off", dates="2027-03-10 18:00"
        )
    ).final()
    await series_started_as(world, 2, "weekly", dates="2027-03-11 18:00")
    meetups = await ld.autocomplete(world.alice, world.general, "meetup skip", focused="meetup", meetup="")
    assert [choice["value"] for choice in meetups] == [2]
    everything = await ld.autocomplete(world.alice, world.general, "meetup show", focused="meetup", meetup="")
    assert r"#1 One\off" in [choice["name"] for choice in everything], "titles are shown as written"
    dates = await ld.autocomplete(
        world.alice, world.general, "meetup skip", focused="date", meetup=2, date=""
    )
    assert [choice["name"] for choice in dates[:2]] == [
        "Thursday 11 March 2027, 18:00",
        "Thursday 18 March 2027, 18:00",
    ]


async def test_a_swedish_server_hears_of_its_series_in_swedish(world: World, harness: BotHarness) -> None:
    """The poll, the announcement and a Swedish member's refusal and skip answer, in Swedish."""
    await harness.start(meetups=SERIES)
    ld = world.ld
    admin = ld.add_member(world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    await (await ld.slash(admin, world.general, "meetup settings", language="sv")).final()
    world.alice.locale = "sv-SE"
    refused = await (
        await ld.slash(
            world.alice,
            world.general,
            "meetup propose",
            title="Spel",
            dates="2027-03-11 18:00",
            repeat="ibland",
        )
    ).final()
    assert refused.content.startswith("`repeat`: `ibland` kan jag inte läsa som en upprepning.")
    await (
        await ld.slash(
            world.alice,
            world.general,
            "meetup propose",
            title="Spel",
            dates="2027-03-05 18:00",
            repeat="månadsvis",
        )
    ).final()
    (poll,) = posts(world, "🗳️")
    assert "🔁 Upprepas första fredagen varje månad" not in text_of(poll), (
        "the weekday is not known before the vote"
    )
    assert "🔁 Upprepas varje månad, från det vinnande datumet." in text_of(poll)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "1️⃣" in text_of(poll) and poll.reaction("1️⃣").count == 2)
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    await ld.wait_for(lambda: any("**Upprepas**" in text_of(m) for m in world.bot_messages()))
    (announcement,) = [m for m in world.bot_messages() if "**Upprepas**" in text_of(m)]
    assert "🔁 **Upprepas** första fredagen varje månad · nästa:" in text_of(announcement)
    skipped = await (
        await ld.slash(world.alice, world.general, "meetup skip", meetup=1, date="2027-04-02")
    ).final()
    assert skipped.content.startswith("Hoppade över ")
