"""Hostile input through every text option and the "Plan a meetup" form, generated with hypothesis.

Each example must get a clear private refusal or a correct result; and whatever the text, the
bot pings nobody it should not, sends Discord nothing it would refuse, logs no unhandled
exception and keeps answering.

How hypothesis drives a live bot: ``@given`` cannot run async tests, and starting a bot per
example would take minutes. So the bot and the loopback Discord run in an event loop of their
own on a background thread, started once for this module (:class:`Stage`); each test is a plain
synchronous ``@given`` test that hands every example to that loop with
``asyncio.run_coroutine_threadsafe`` and waits for the outcome. Hypothesis keeps its shrinking,
and a failing example is reported as the command and text that caused it. Runs are derandomized
so the suite is repeatable and its duration predictable; the strategies put the known-nasty
strings in front, so every run tries them.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.model import Meetup
from bot.domain.text import clean_block, clean_line
from bot.replies import BUSY_MESSAGE, FAILED_MESSAGE
from cogs.help import HELP_TEXT
from local_discord import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_MEMBER_PERMISSIONS,
    Channel,
    InteractionResult,
    LocalDiscord,
    Message,
    P,
    User,
)
from local_discord.testing import SPEC_PATH
from tests.e2e.conftest import BotHarness
from tests.e2e.helpers import text_of
from tests.e2e.strategies import HAND_PICKED, as_discord_sends, hostile_text

T = TypeVar("T")
DATES = "Dec 11 18:00; Dec 12 18:00"
BOT_LOGGERS = ("bot", "cogs", "discord")
USER_CONTENT_LIMIT = 2000
"""What a member without Nitro may write in one message."""
BOT_CONTENT_LIMIT = 2000
"""Discord's limit for a bot's message (the loopback follows the API schema's 4,000, meant for Nitro)."""
PINGING_ON_PURPOSE = ("🎉", "⏰")
"""The recap prompt and the closed-DM reminder fallback, the only messages that mention to notify."""
STRING, SUB_COMMAND = 3, 1
COVERED_OPTIONS = {
    ("propose", "title"),
    ("propose", "dates"),
    ("propose", "venues"),
    ("propose", "details"),
    ("propose", "closes"),
    ("propose", "invite"),
    ("venue", "name"),
    ("venue", "address"),
    ("venue", "link"),
    ("cancel", "reason"),
    ("reschedule", "when"),
    ("repeat", "dates"),
    ("settings", "timezone"),
    ("settings", "languages"),
    ("settings", "reminder_offsets"),
    ("settings", "poll_duration"),
    ("settings", "recap_delay"),
    ("me", "timezone"),
}
SETTINGS_FIELDS = ("timezone", "languages", "reminder_offsets", "poll_duration", "recap_delay")
FORM_FIELDS = ("title", "dates", "venues", "details")
MASKED_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\(([^)\s]*)\)")
"""A masked link as Discord renders it: ``[text](url)`` whose bracket is not escaped."""
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!\\)\1", re.DOTALL)
"""Inline code and code blocks, inside which Discord shows markdown as typed."""
OWN_LINKS = "https://discord.com/channels/"
"""The only masked links the bot makes itself: jumps to its own messages."""
VENUE_SLOTS = 8
"""Suggestions per poll before a fresh poll is used; a poll holds ten venues at most."""

HYPOTHESIS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        # caplog is function-scoped on purpose: records gather across examples and each example
        # checks only the records it added.
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def examples(count: int) -> settings:
    """The shared settings with ``count`` examples."""
    return settings(HYPOTHESIS, max_examples=count)


@dataclass(frozen=True)
class Answer:
    """The final private answer to one interaction, as the member reads it."""

    content: str
    ephemeral: bool

    def check(self) -> None:
        """A clear refusal or a success: private, not empty, never the generic failure."""
        assert self.ephemeral, self.content
        assert self.content.strip(), "the answer is empty"
        assert self.content != FAILED_MESSAGE, "an unexpected error reached the member"
        assert self.content != BUSY_MESSAGE, "nothing else was writing, yet the database was busy"


class Stage:
    """The bot and the loopback Discord in an event loop of their own, on a background thread."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="hostile-stage", daemon=True)
        self.suggestions = 0
        self.names = 0
        self.open_poll = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Stage:
        self.thread.start()
        self.run(self._open())
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.run(self._close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 40.0) -> T:
        """Run ``coroutine`` in the stage's loop and wait for its result here."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _open(self) -> None:
        ld = LocalDiscord(spec_path=SPEC_PATH, interaction_timeout=3.0)
        await ld.start()
        self.ld = ld
        # With Mention Everyone the bot *could* ping @everyone and any role: only what it sends
        # stands between hostile text and a server-wide notification.
        self.guild = ld.add_guild(
            "Course friends", bot_permissions=DEFAULT_BOT_PERMISSIONS | P.MENTION_EVERYONE
        )
        self.general = ld.add_text_channel(self.guild, "general")
        self.alice = ld.add_member(self.guild, "alice", display_name="Alice")
        self.bob = ld.add_member(self.guild, "bob", display_name="Bob")
        self.carol = ld.add_member(self.guild, "carol", display_name="Carol")
        self.role = ld.add_role(self.guild, "Pizza lovers", mentionable=True, members=(self.bob, self.carol))
        # Server settings change how every later command reads times, so they are tried in a
        # server of their own, and a member's own time zone by a member who does nothing else.
        self.lab = ld.add_guild("Settings lab", bot_permissions=DEFAULT_BOT_PERMISSIONS | P.MENTION_EVERYONE)
        self.lab_channel = ld.add_text_channel(self.lab, "lab")
        self.admin = ld.add_member(
            self.lab, "admin", display_name="Admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD
        )
        self.traveller = ld.add_member(self.lab, "traveller", display_name="Traveller")
        # Conversations are planned from in a watched channel of their own, so the bot also reads
        # every hostile message there for an offer to plan.
        self.chatter = ld.add_text_channel(self.guild, "chatter")
        keeper = ld.add_member(
            self.guild, "keeper", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_CHANNELS
        )
        self.harness = BotHarness(ld, self.db_path)
        await self.harness.start()
        watching = await self.slash(keeper, "meetup watch", channel=self.chatter, setting="on")
        assert "watching" in watching.content, watching.content
        self.text_options = registered_text_options(ld)
        self.scheduled = await self.new_meetup("Base camp", scheduled=True)
        talk = await ld.post_message(self.bob, self.general, "we should meet up, saturday 18:00?")
        opened = await ld.message_command(self.alice, talk, "Plan a meetup")
        assert opened.modal is not None
        self.form_id = opened.modal.custom_id
        self.form_lengths = {
            c["component"]["custom_id"]: c["component"]["max_length"]
            for c in opened.modal.components
            if c.get("type") == 18
        }
        await self.settle()

    async def _close(self) -> None:
        await self.harness.stop()
        await self.ld.stop()

    # -- acting ------------------------------------------------------------------------------

    @property
    def text(self) -> st.SearchStrategy[str]:
        """Hostile text whose mentions point at this server's members, its role and @everyone."""
        users = [self.alice.id, self.bob.id, self.carol.id]
        return hostile_text(users, [self.role.id, self.guild.id])

    def sendable(self, command: str, option: str, value: str) -> str:
        """``value`` cut to the option's registered length, as a Discord client would."""
        return as_discord_sends(value, self.text_options[(command, option)])

    async def settle(self) -> None:
        """Wait for the work the bot does after answering (reactions, DMs) to finish."""
        bot = self.harness.bot
        assert bot is not None
        await asyncio.wait_for(bot.background.idle(), 15)

    async def answer(self, result: InteractionResult) -> Answer:
        """The final answer to an interaction, once the work it started has finished too."""
        final = await result.final(timeout=10)
        await self.settle()
        return Answer(final.content, final.ephemeral)

    async def slash(
        self, user: User, command: str, *, channel: Channel | None = None, **options: Any
    ) -> Answer:
        """Run a slash command (in #general unless told) and read its final answer."""
        result = await self.ld.slash(user, channel or self.general, command, **options)
        return await self.answer(result)

    async def meetup(self, number: int) -> Meetup:
        """Meetup ``number`` of the main server as the bot has stored it."""
        bot = self.harness.bot
        assert bot is not None
        return await bot.services.meetups.find(self.guild.id, number)

    async def poll(self, number: int) -> Message:
        """The poll message of meetup ``number``, as Discord shows it."""
        found = await self.meetup(number)
        assert found.poll_message_id is not None
        return self.ld.world.messages[found.poll_message_id]

    async def new_meetup(self, title: str, *, scheduled: bool = False) -> int:
        """A fresh poll by Alice; ``scheduled`` closes it with Bob going."""
        answer = await self.slash(self.alice, "meetup propose", title=title, dates=DATES)
        found = re.search(r"meetup #(\d+) posted", answer.content)
        assert found is not None, answer.content
        number = int(found.group(1))
        if scheduled:
            await self.ld.react(self.bob, await self.poll(number), "1️⃣")
            closed = await self.slash(self.alice, "meetup close", meetup=number)
            assert "(scheduled)" in closed.content, closed.content
        return number

    async def suggestion_poll(self) -> int:
        """An open poll with room for another venue."""
        if not self.open_poll or self.suggestions >= VENUE_SLOTS:
            self.open_poll = await self.new_meetup("Where shall we go")
            self.suggestions = 0
        return self.open_poll

    # -- the commands, each with one option hostile ----------------------------------------------

    async def propose(self, option: str, value: str) -> Answer:
        """/meetup propose by Alice; a poll that is posted carries the text as typed, less what is invisible."""
        value = self.sendable("propose", option, value)
        answer = await self.slash(
            self.alice, "meetup propose", **{"title": "Hostile", "dates": DATES, option: value}
        )
        posted = re.search(r"meetup #(\d+) posted", answer.content)
        if posted is not None:
            meetup = await self.meetup(int(posted.group(1)))
            assert f"Meetup #{meetup.number}:" in text_of(await self.poll(meetup.number))
            if option == "title":
                assert meetup.title == clean_line(value)
            if option == "details":
                assert meetup.details == clean_block(value)
        return answer

    async def venue(self, option: str, value: str, *, on_poll: bool) -> Answer:
        """/meetup venue: Bob suggests a place on an open poll, or Alice sets her meetup's place."""
        self.names += 1
        options = {"name": f"Place {self.names}", option: self.sendable("venue", option, value)}
        if on_poll:
            number = await self.suggestion_poll()
            answer = await self.slash(self.bob, "meetup venue", meetup=number, **options)
            self.suggestions += "is on the poll" in answer.content
            return answer
        return await self.slash(self.alice, "meetup venue", meetup=self.scheduled, **options)

    async def cancel(self, value: str, *, scheduled: bool) -> Answer:
        """/meetup cancel of a fresh meetup: any reason is accepted, and told to those going."""
        number = await self.new_meetup("To be cancelled", scheduled=scheduled)
        reason = self.sendable("cancel", "reason", value)
        answer = await self.slash(self.alice, "meetup cancel", meetup=number, reason=reason)
        assert "is cancelled" in answer.content, answer.content
        return answer

    async def reschedule(self, value: str) -> Answer:
        """/meetup reschedule of the scheduled meetup by its organizer."""
        when = self.sendable("reschedule", "when", value)
        return await self.slash(self.alice, "meetup reschedule", meetup=self.scheduled, when=when)

    async def repeat(self, value: str) -> Answer:
        """/meetup repeat of the scheduled meetup by its organizer."""
        dates = self.sendable("repeat", "dates", value)
        return await self.slash(self.alice, "meetup repeat", meetup=self.scheduled, dates=dates)

    async def settings(self, option: str, value: str) -> Answer:
        """/meetup settings in the lab server: saved, or refused naming what is wrong."""
        typed = self.sendable("settings", option, value)
        answer = await self.slash(self.admin, "meetup settings", channel=self.lab_channel, **{option: typed})
        assert (
            answer.content.startswith("Saved.") or option in answer.content or "time zone" in answer.content
        )
        return answer

    async def me(self, value: str) -> Answer:
        """/meetup me by the traveller, who does nothing else, so no other test reads their zone."""
        timezone = self.sendable("me", "timezone", value)
        return await self.slash(self.traveller, "meetup me", channel=self.lab_channel, timezone=timezone)

    async def form(self, field: str, value: str, *, within_limits: bool) -> Answer:
        """The "Plan a meetup" form; over its limits only a crafted client could send."""
        if within_limits:
            value = as_discord_sends(value, self.form_lengths[field])
        return await self.answer(
            await self.ld.submit_modal(self.alice, self.general, self.form_id, {field: value})
        )

    async def plan_from(self, texts: list[str]) -> Answer:
        """Bob and Carol say ``texts`` in the watched channel; Alice plans from the last and submits
        the form as it opens (filling in only a required field the conversation left empty)."""
        said = [
            await self.ld.post_message(
                (self.bob, self.carol)[index % 2], self.chatter, text[:USER_CONTENT_LIMIT]
            )
            for index, text in enumerate(texts)
        ]
        opened = await self.ld.message_command(self.alice, said[-1], "Plan a meetup")
        if opened.modal is None:
            return await self.answer(opened)
        needed = {"title": "From the chat", "dates": DATES}
        values = {name: value for name, value in needed.items() if not opened.modal.field(name).value}
        return await self.answer(
            await self.ld.submit_modal(self.alice, self.chatter, opened.modal.custom_id, values)
        )

    # -- observing ---------------------------------------------------------------------------

    def audit(self) -> list[str]:
        """Everything wrong with what the bot sent so far: pings it must not make, refused requests."""
        problems = [f"Discord would refuse: {issue}" for issue in self.ld.take_validation_errors()]
        for message in self.ld.all_bot_messages():
            pinged = message.pinged
            if pinged.everyone or pinged.roles:
                problems.append(f"pinged everyone or a role: {message.content!r}")
            if pinged.users and not message.content.startswith(PINGING_ON_PURPOSE):
                problems.append(f"pinged {sorted(pinged.users)}: {message.content!r}")
            if len(message.content) > BOT_CONTENT_LIMIT:
                problems.append(
                    f"{len(message.content)} characters, more than a bot may send: {message.content[:80]!r}"
                )
            problems += [
                f"disguised link [{text[:40]}]({url[:60]})"
                for text, url in MASKED_LINK.findall(CODE_SPAN.sub("", text_of(message)))
                if not url.startswith(OWN_LINKS)
            ]
        return problems

    async def checked(self, action: Coroutine[Any, Any, Answer]) -> tuple[Answer, list[str]]:
        """Run ``action``, then audit everything the bot sent, in the stage's loop."""
        answer = await action
        return answer, self.audit()

    async def still_answering(self) -> Answer:
        """/meetup help, which needs nothing but a live bot."""
        return await self.slash(self.carol, "meetup help")


def registered_text_options(ld: LocalDiscord) -> dict[tuple[str, str], int]:
    """Every free-text option of every ``/meetup`` subcommand, with its registered max_length."""
    found = {}
    for command in ld.registered_commands():
        for sub in command.get("options") or []:
            if sub["type"] != SUB_COMMAND:
                continue
            for option in sub.get("options") or []:
                if option["type"] == STRING and not option.get("choices"):
                    found[(sub["name"], option["name"])] = option.get("max_length", 6000)
    return found


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    """One bot for the whole module; examples only add meetups, so they do not disturb each other."""
    with Stage(tmp_path_factory.mktemp("hostile") / "meetups.sqlite3") as running:
        yield running


def unhandled(caplog: pytest.LogCaptureFixture, since: int) -> list[str]:
    """ERROR records from the bot's and discord.py's loggers after the first ``since`` records."""
    return [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records[since:]
        if record.levelno >= logging.ERROR and record.name.split(".")[0] in BOT_LOGGERS
    ]


def exercise(stage: Stage, caplog: pytest.LogCaptureFixture, action: Coroutine[Any, Any, Answer]) -> Answer:
    """Run one example and hold it to the rules every example shares."""
    caplog.set_level(logging.ERROR)
    before = len(caplog.records)
    answer, problems = stage.run(stage.checked(action))
    answer.check()
    assert problems == []
    assert unhandled(caplog, before) == []
    return answer


def finish(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """After all examples: the bot still answers, and nothing went wrong in the background."""
    answer, problems = stage.run(stage.checked(stage.still_answering()))
    assert answer.content == HELP_TEXT
    assert problems == []
    assert unhandled(caplog, 0) == []


def test_every_text_option_is_exercised(stage: Stage) -> None:
    """The commands' free-text options are exactly the ones the tests below feed hostile text."""
    assert set(stage.text_options) == COVERED_OPTIONS
    assert set(stage.form_lengths) == set(FORM_FIELDS)


PROPOSE_FIELDS = ("title", "dates", "venues", "details", "closes", "invite")
VENUE_FIELDS = ("name", "address", "link")


@examples(120)
@given(data=st.data())
def test_propose(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup propose with hostile text in one option: a clear refusal, or the poll with that text."""
    option = data.draw(st.sampled_from(PROPOSE_FIELDS), label="option")
    exercise(stage, caplog, stage.propose(option, data.draw(stage.text, label="text")))


@examples(80)
@given(data=st.data())
def test_venue(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup venue with hostile name, address or link, suggested on a poll or set on a meetup."""
    option = data.draw(st.sampled_from(VENUE_FIELDS), label="option")
    value = data.draw(stage.text, label="text")
    on_poll = data.draw(st.booleans(), label="suggested on an open poll")
    exercise(stage, caplog, stage.venue(option, value, on_poll=on_poll))


@examples(30)
@given(data=st.data())
def test_cancel_reason(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup cancel with a hostile reason, of an open poll or of a meetup people are going to."""
    value = data.draw(stage.text, label="reason")
    exercise(stage, caplog, stage.cancel(value, scheduled=data.draw(st.booleans(), label="scheduled")))


@examples(70)
@given(data=st.data())
def test_reschedule_when(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup reschedule with a hostile `when`: a clear refusal, or the meetup moved."""
    exercise(stage, caplog, stage.reschedule(data.draw(stage.text, label="when")))


@examples(70)
@given(data=st.data())
def test_repeat_dates(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup repeat with hostile `dates`: a clear refusal, or the next poll posted."""
    exercise(stage, caplog, stage.repeat(data.draw(stage.text, label="dates")))


@examples(100)
@given(data=st.data())
def test_plan_form(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """The "Plan a meetup" form with a hostile field, within its limits or over them as a crafted client sends."""
    field = data.draw(st.sampled_from(FORM_FIELDS), label="field")
    value = data.draw(stage.text, label="text")
    within = data.draw(st.booleans(), label="within the field's max_length")
    exercise(stage, caplog, stage.form(field, value, within_limits=within))


@examples(80)
@given(data=st.data())
def test_settings(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup settings with a hostile value: a clear refusal naming the option, or the setting saved."""
    option = data.draw(st.sampled_from(SETTINGS_FIELDS), label="option")
    exercise(stage, caplog, stage.settings(option, data.draw(stage.text, label="text")))


@examples(50)
@given(data=st.data())
def test_me_timezone(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup me with a hostile time zone: a clear refusal, or the zone saved."""
    exercise(stage, caplog, stage.me(data.draw(stage.text, label="timezone")))


@examples(50)
@given(data=st.data())
def test_plan_from_a_hostile_conversation(
    stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    """Hostile chat in a watched channel: the bot reads it for offers, opens the form, and the form posts or is refused."""
    texts = data.draw(st.lists(stage.text, min_size=1, max_size=4), label="conversation")
    exercise(stage, caplog, stage.plan_from(texts))


def test_every_hand_picked_string_reaches_every_command(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """Each known-nasty string, mentions of real members included, goes through every command once."""
    mentions = (
        f"<@{stage.bob.id}>",
        f"<@&{stage.role.id}>",
        f"@everyone <@!{stage.carol.id}> <@&{stage.role.id}>",
    )
    for index, value in enumerate((*HAND_PICKED, *mentions)):

        def pick(options: tuple[str, ...], index: int = index) -> str:
            return options[index % len(options)]

        actions: list[Callable[[], Coroutine[Any, Any, Answer]]] = [
            partial(stage.propose, pick(PROPOSE_FIELDS), value),
            partial(stage.venue, pick(VENUE_FIELDS), value, on_poll=index % 2 == 0),
            partial(stage.cancel, value, scheduled=index % 3 == 0),
            partial(stage.reschedule, value),
            partial(stage.repeat, value),
            partial(stage.form, pick(FORM_FIELDS), value, within_limits=index % 2 == 1),
            partial(stage.settings, pick(SETTINGS_FIELDS), value),
            partial(stage.me, value),
            partial(stage.plan_from, [value, f"{value} we should meet up saturday 18:00?"]),
        ]
        for action in actions:
            exercise(stage, caplog, action())


AUTOCOMPLETED = (
    ("meetup propose", "dates", {"title": "x"}),
    ("meetup venue", "name", {"meetup": 1}),
    ("meetup close", "meetup", {}),
    ("meetup show", "meetup", {}),
    ("meetup settings", "timezone", {}),
    ("meetup me", "timezone", {}),
)


@examples(100)
@given(data=st.data())
def test_autocomplete(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """Hostile text typed into an autocompleted option gets valid choices (maybe none), never an error."""
    command, focused, others = data.draw(st.sampled_from(AUTOCOMPLETED), label="option")
    typed = as_discord_sends(data.draw(stage.text, label="typed"), 100)

    async def action() -> tuple[list[dict[str, Any]], list[str]]:
        options = {**others, focused: typed}
        choices = await stage.ld.autocomplete(stage.alice, stage.general, command, focused=focused, **options)
        return choices, stage.audit()

    caplog.set_level(logging.ERROR)
    before = len(caplog.records)
    choices, problems = stage.run(action())
    assert problems == []
    assert all(1 <= len(choice["name"]) <= 100 for choice in choices), choices
    assert unhandled(caplog, before) == []


def test_bot_still_answers_after_all_of_it(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """After every hostile example above, /meetup help still answers and nothing was pinged."""
    finish(stage, caplog)


def test_many_bad_dates_get_a_readable_refusal(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """A `dates` option of 500 unreadable candidates is refused in one message Discord accepts."""
    exercise(stage, caplog, stage.slash(stage.alice, "meetup propose", title="x", dates="a;" * 500))


def test_venue_link_cannot_add_a_masked_link(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """A crafted `link` shows as the map link only; it cannot smuggle its own [text](url) into the poll."""
    link = "https://maps.example/)[Free-pizza](https://evil.example/"

    async def action() -> tuple[Answer, list[tuple[str, str]]]:
        number = await stage.suggestion_poll()
        answer = await stage.slash(stage.bob, "meetup venue", meetup=number, name="Crafted", link=link)
        stage.suggestions += "is on the poll" in answer.content
        return answer, MASKED_LINK.findall(text_of(await stage.poll(number)))

    answer, links = stage.run(action())
    answer.check()
    assert [text for text, _ in links if text != "map"] == [], links


def test_markdown_in_venue_and_reason_is_shown_literally_in_dms(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """A venue name and a cancel reason with markdown read in DMs exactly as typed, as in the channel."""
    name, reason = "**Loud** `bar`", "> all __caps__"

    async def action() -> list[str]:
        number = await stage.new_meetup("Markdown", scheduled=True)
        await stage.slash(stage.alice, "meetup venue", meetup=number, name=name)
        await stage.slash(stage.alice, "meetup cancel", meetup=number, reason=reason)
        return [m.content for m in stage.ld.dms(stage.bob) if "**Markdown**" in m.content]

    sent = stage.run(action())
    assert len(sent) == 2, sent
    assert all("**Loud**" not in text and "> all __caps__" not in text for text in sent), sent


def test_invite_of_a_stranger_still_invites_the_others(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """`invite` naming someone who is not here: the members named after them are still invited."""
    stranger = "<@100000000000000001>"

    async def action() -> Answer:
        before = len(stage.ld.dms(stage.carol))
        invite = f"{stage.bob.mention} {stranger} {stage.carol.mention}"
        answer = await stage.slash(stage.alice, "meetup propose", title="Invites", dates=DATES, invite=invite)
        assert len(stage.ld.dms(stage.carol)) == before + 1, "Carol was not invited"
        return answer

    exercise(stage, caplog, action())


def test_text_with_nothing_visible_is_refused_like_empty_text(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """A title or a venue name of invisible characters only is refused, as an empty one is."""
    for title in ("\u200b", "\u200e\u2060\ufeff", "\x00\x07"):
        answer = exercise(stage, caplog, stage.propose("title", title))
        assert "`title` is empty" in answer.content, (title, answer.content)
    answer = exercise(stage, caplog, stage.venue("name", "\u200b", on_poll=True))
    assert "`name` is empty" in answer.content, answer.content
