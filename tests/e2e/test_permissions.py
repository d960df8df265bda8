"""Who may do what: every command, walked with members who lack the permission it needs.

A refusal must be private, say which rule applies, and leave no trace: not a row in the
database, not a message, edit, reaction or scheduled event on Discord. The same command then
succeeds for a member who holds the permission. The walk starts from the commands the bot
registers, so a command added later without a row here fails the first test.

Members who are refused hold every *other* management permission, so a rule that accepts the
wrong permission (Manage Server where Manage Events is meant, say) is caught too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.replies import FAILED_MESSAGE
from local_discord import DEFAULT_MEMBER_PERMISSIONS, LocalDiscord, Message, P, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import line_with, text_of

DATES = "Dec 11 18:00; Dec 12 18:00"
MANAGEMENT = P.MANAGE_EVENTS | P.MANAGE_GUILD | P.MANAGE_CHANNELS | P.MANAGE_MESSAGES | P.MANAGE_ROLES
CHAT_INPUT, MESSAGE_COMMAND, SUB_COMMAND = 1, 3, 1

OPEN_TO_EVERYONE = {"help", "propose", "list", "show", "venues", "reminders", "me"}
"""Subcommands with no permission rule: anyone in the server may use them."""
OPEN_MESSAGE_COMMANDS = {"Plan a meetup"}


@dataclass(frozen=True)
class Row:
    """One guarded command: the state it acts on, its options, its rule and who satisfies it."""

    command: str
    rule: tuple[str, ...]
    """Words the refusal must contain: the rule, as members read it."""
    granted_by: P | None
    """The permission that allows it, or None when being an attendee does."""
    state: str | None = None
    """"polling", "scheduled" or "series" (scheduled, repeating weekly): a meetup by Alice (with
    Bob going) to act on; None: no meetup."""
    options: dict[str, Any] = field(default_factory=dict)
    done: str = ""
    """Words in the answer when it succeeded."""

    @property
    def id(self) -> str:
        """The test id: the command, and the meetup's state where the rule depends on it."""
        return f"{self.command}-{self.state}" if self.state else self.command


ORGANIZER_RULE = ("Only the organizer", "Manage Events")
ROWS = (
    Row("close", ORGANIZER_RULE, P.MANAGE_EVENTS, "polling", {}, "is closed"),
    Row("cancel", ORGANIZER_RULE, P.MANAGE_EVENTS, "polling", {"reason": "Rain"}, "is cancelled"),
    Row("cancel", ORGANIZER_RULE, P.MANAGE_EVENTS, "scheduled", {"reason": "Rain"}, "is cancelled"),
    Row("reschedule", ORGANIZER_RULE, P.MANAGE_EVENTS, "scheduled", {"when": "Dec 20 18:00"}, "moved"),
    Row("venue", ORGANIZER_RULE, P.MANAGE_EVENTS, "scheduled", {"name": "Pelikan"}, "will be at"),
    Row("skip", ORGANIZER_RULE, P.MANAGE_EVENTS, "series", {"date": "Dec 18"}, "Skipped"),
    Row("repeat", ("Only people who were going",), None, "scheduled", {"dates": "Dec 20 18:00"}, "meetup #2"),
    Row("settings", ("Manage Server",), P.MANAGE_GUILD, None, {"poll_duration": "2h"}, "Saved."),
    Row("watch", ("Manage Channels",), P.MANAGE_CHANNELS, None, {"setting": "on"}, "watching"),
    Row("calendar", ("Manage Events",), P.MANAGE_EVENTS, None, {"reset": True}, "The calendar link is new"),
)
GUARDED = {row.command for row in ROWS}


def database_state(db_path: Path) -> dict[str, list[str]]:
    """Every row of every table, read by a second connection as another process would."""
    with sqlite3.connect(db_path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for table in tables}


def discord_state(world: World) -> list[str]:
    """What members can see of the bot's work: its messages (with edits and reactions) and events."""
    ld = world.ld
    seen = [
        json.dumps(
            [m.id, m.content, m.embeds, m.edits, m.deleted, [(r.key, r.user_ids) for r in m.reactions]],
            sort_keys=True,
            default=str,
        )
        for m in ld.all_bot_messages()
        if not m.ephemeral
    ]
    seen += [
        f"event {e.id} {e.name} {e.status} {e.scheduled_start_time}" for e in ld.scheduled_events(world.guild)
    ]
    seen += [f"thread {t.id}" for t in ld.threads(world.general)]
    return seen


async def quiet(harness: BotHarness) -> None:
    """Let the bot finish what it does after answering (reactions, DMs), so a snapshot holds still."""
    assert harness.bot is not None
    await harness.bot.background.idle()


def polls(world: World) -> list[Message]:
    """Every poll the bot posted in #general, oldest first."""
    return [m for m in world.bot_messages() if "New meetup poll" in m.content]


async def meetup_by_alice(world: World, harness: BotHarness, state: str) -> None:
    """Meetup #1 by Alice: its poll open, or closed with Bob going (and repeating weekly)."""
    ld = world.ld
    repeat = {"repeat": "weekly"} if state == "series" else {}
    proposed = await (
        await ld.slash(
            world.alice, world.general, "meetup propose", title="Board games", dates=DATES, **repeat
        )
    ).final()
    assert "meetup #1" in proposed.content, proposed.content
    (poll,) = polls(world)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in line_with(poll, "1️⃣"), timeout=5)
    if state in ("scheduled", "series"):
        closed = await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
        assert "(scheduled)" in closed.content, closed.content
    await quiet(harness)


def with_only(ld: LocalDiscord, world: World, name: str, permissions: int) -> User:
    """A new member with a plain member's rights plus exactly ``permissions``."""
    return ld.add_member(world.guild, name, permissions=DEFAULT_MEMBER_PERMISSIONS | permissions)


async def run(world: World, user: User, row: Row) -> Message:
    """The row's command as ``user``, on meetup #1 where it takes one; the final private answer."""
    options = dict(row.options)
    if row.state is not None:
        options["meetup"] = 1
    result = await world.ld.slash(user, world.general, f"meetup {row.command}", **options)
    return await result.final(timeout=8)


async def test_every_registered_command_has_a_row(world: World, harness: BotHarness) -> None:
    """Each registered subcommand is either guarded (a row in ROWS) or open to everyone on purpose."""
    await harness.start()
    registered = world.ld.registered_commands()
    subcommands = {
        sub["name"]
        for command in registered
        if command["type"] == CHAT_INPUT
        for sub in command.get("options") or []
        if sub["type"] == SUB_COMMAND
    }
    menus = {command["name"] for command in registered if command["type"] == MESSAGE_COMMAND}
    assert subcommands == GUARDED | OPEN_TO_EVERYONE
    assert GUARDED.isdisjoint(OPEN_TO_EVERYONE)
    assert menus == OPEN_MESSAGE_COMMANDS


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
async def test_refused_without_the_permission_and_allowed_with_it(
    world: World, harness: BotHarness, row: Row
) -> None:
    """Members lacking the rule are refused privately, by name of the rule, with no trace; a holder succeeds."""
    ld = world.ld
    others = MANAGEMENT & ~row.granted_by if row.granted_by is not None else MANAGEMENT & ~P.MANAGE_EVENTS
    decoy = with_only(ld, world, "decoy", others)
    holder = world.bob if row.granted_by is None else with_only(ld, world, "holder", row.granted_by)
    await harness.start(web={"listen": "127.0.0.1:0"})
    if row.state is not None:
        await meetup_by_alice(world, harness, row.state)

    for refused in (world.dave, decoy):
        database, discord = database_state(harness.db_path), discord_state(world)
        answer = await run(world, refused, row)
        await quiet(harness)
        assert answer.ephemeral, answer.content
        assert all(words in answer.content for words in row.rule), (refused.username, answer.content)
        assert database_state(harness.db_path) == database, (
            f"{refused.username}'s refusal wrote to the database"
        )
        assert discord_state(world) == discord, f"{refused.username}'s refusal changed something on Discord"

    database = database_state(harness.db_path)
    answer = await run(world, holder, row)
    await quiet(harness)
    assert answer.ephemeral
    assert row.done in answer.content, answer.content
    assert database_state(harness.db_path) != database


async def test_administrators_pass_every_rule(world: World, harness: BotHarness) -> None:
    """Administrator counts as every permission: settings, watching and moderating a meetup all work."""
    admin = with_only(world.ld, world, "admin", P.ADMINISTRATOR)
    await harness.start()
    await meetup_by_alice(world, harness, "scheduled")
    for row in ROWS:
        if row.command in ("settings", "watch", "reschedule", "venue"):
            answer = await run(world, admin, row)
            assert row.done in answer.content, (row.command, answer.content)


async def test_open_commands_need_no_permission(world: World, harness: BotHarness) -> None:
    """A plain member may use every command without a rule, suggest a venue and plan from a message."""
    ld = world.ld
    await harness.start()
    await meetup_by_alice(world, harness, "polling")
    attempts: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("help", lambda: ld.slash(world.dave, world.general, "meetup help")),
        ("list", lambda: ld.slash(world.dave, world.general, "meetup list")),
        ("show", lambda: ld.slash(world.dave, world.general, "meetup show", meetup=1)),
        ("venues", lambda: ld.slash(world.dave, world.general, "meetup venues")),
        ("reminders", lambda: ld.slash(world.dave, world.general, "meetup reminders", setting="off")),
        ("me", lambda: ld.slash(world.dave, world.general, "meetup me", timezone="Europe/Oslo")),
        ("propose", lambda: ld.slash(world.dave, world.general, "meetup propose", title="Mine", dates=DATES)),
        (
            "venue on a poll",
            lambda: ld.slash(world.dave, world.general, "meetup venue", meetup=1, name="Vega"),
        ),
    ]
    for name, attempt in attempts:
        answer = await (await attempt()).final()
        assert answer.ephemeral, name
        assert "Only" not in answer.content, (name, answer.content)
        assert answer.content != FAILED_MESSAGE, name
    talk = await ld.post_message(world.carol, world.general, "we should meet up, saturday 18:00?")
    opened = await ld.message_command(world.dave, talk, "Plan a meetup")
    assert opened.modal is not None
    submitted = await (await ld.submit_modal(world.dave, world.general, opened.modal.custom_id, {})).final()
    assert "meetup #3" in submitted.content, submitted.content
    assert len(polls(world)) == 3
    assert "Vega" in text_of(polls(world)[0])


async def test_manage_events_elsewhere_gives_no_power_here(world: World, harness: BotHarness) -> None:
    """Manage Events in another server counts for nothing here, and from there #1 is not this server's #1."""
    ld = world.ld
    other = ld.add_guild("Other server")
    lounge = ld.add_text_channel(other, "lounge")
    ld.add_member(other, world.dave, permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_EVENTS)
    await harness.start()
    await meetup_by_alice(world, harness, "polling")
    database, discord = database_state(harness.db_path), discord_state(world)

    here = await (await ld.slash(world.dave, world.general, "meetup cancel", meetup=1)).final()
    assert "Only the organizer" in here.content, here.content
    there = await (await ld.slash(world.dave, lounge, "meetup cancel", meetup=1)).final()
    assert there.ephemeral
    assert "no meetup #1 in this server" in there.content, there.content
    await quiet(harness)
    assert database_state(harness.db_path) == database
    assert discord_state(world) == discord


async def test_manage_channels_counts_only_in_the_channel_it_is_granted_for(
    world: World, harness: BotHarness
) -> None:
    """Manage Channels granted on #side alone lets Dave watch #side, and not #general."""
    ld = world.ld
    side = ld.add_text_channel(world.guild, "side", overwrites={world.dave: (int(P.MANAGE_CHANNELS), 0)})
    await harness.start()
    database = database_state(harness.db_path)
    refused = await (await ld.slash(world.dave, world.general, "meetup watch", setting="on")).final()
    assert refused.ephemeral
    assert "Manage Channels" in refused.content, refused.content
    assert database_state(harness.db_path) == database
    allowed = await (await ld.slash(world.dave, side, "meetup watch", setting="on")).final()
    assert "watching #side" in allowed.content, allowed.content
