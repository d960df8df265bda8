"""The bot and the loopback Discord on a thread of their own, for hostile input one example at a time.

Used by the property-based tests in ``test_hostile_input.py`` and by ``bench/hostile_input.py``,
which feeds the same commands far more examples. :meth:`Stage.audit` is the list of rules every
example is held to: no ping it should not make, nothing Discord would refuse, no message over
its limit, and no masked link the bot did not make itself.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st

from bot.domain.model import Meetup
from bot.domain.text import clean_block, clean_line
from bot.replies import BUSY_MESSAGE, FAILED_MESSAGE
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
from tests.e2e.strategies import as_discord_sends, hostile_text

T = TypeVar("T")
DATES = "Dec 11 18:00; Dec 12 18:00"
SETTLE_SECONDS = 15
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
    ("propose", "repeat"),
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
    ("settings", "series_lead"),
    ("skip", "date"),
    ("me", "timezone"),
}
SETTINGS_FIELDS = ("timezone", "languages", "reminder_offsets", "poll_duration", "recap_delay", "series_lead")
FORM_FIELDS = ("title", "dates", "venues", "details", "repeat")
MASKED_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\(([^)\s]*)\)")
"""A masked link as Discord renders it: ``[text](url)`` whose bracket is not escaped."""
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!\\)\1", re.DOTALL)
"""Inline code and code blocks, inside which Discord shows markdown as typed."""
OWN_LINKS = "https://discord.com/channels/"
"""The only masked links the bot makes itself: jumps to its own messages."""
VENUE_SLOTS = 8
"""Suggestions per poll before a fresh poll is used; a poll holds ten venues at most."""


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
        self.audited: dict[int, int] = {}
        """Each message already audited, with the number of edits it had then."""
        self.audited_429s = 0
        """How many of the loopback's 429s the audits have counted."""

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
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            if future.done():
                raise  # a wait inside ran out, and its message says which
            future.cancel()
            raise TimeoutError(f"one example took over {timeout} s in all") from None

    async def _open(self) -> None:
        ld = LocalDiscord(spec_path=SPEC_PATH)
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
        self.series = await self.new_meetup("Every week", scheduled=True, repeat="weekly")
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
        try:
            await asyncio.wait_for(bot.background.idle(), SETTLE_SECONDS)
        except TimeoutError:
            raise TimeoutError(
                f"the work after the answer (reactions, DMs) was not done within {SETTLE_SECONDS} s"
            ) from None

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

    async def new_meetup(self, title: str, *, scheduled: bool = False, **options: str) -> int:
        """A fresh poll by Alice; ``scheduled`` closes it with Bob going."""
        answer = await self.slash(self.alice, "meetup propose", title=title, dates=DATES, **options)
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

    async def skip(self, value: str) -> Answer:
        """/meetup skip of the weekly series by its organizer: a date skipped, or refused naming `date`."""
        date = self.sendable("skip", "date", value)
        answer = await self.slash(self.alice, "meetup skip", meetup=self.series, date=date)
        assert answer.content.startswith("Skipped") or "`date`" in answer.content, answer.content
        return answer

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
        """Everything wrong with what the bot sent or edited since the last audit: pings it must
        not make, refused requests (invalid, or answered 429), messages over their limit,
        disguised links."""
        problems = [f"Discord would refuse: {issue}" for issue in self.ld.take_validation_errors()]
        served = self.ld.served_429s
        problems += [f"rate limited ({s.scope}) on {s.route}" for s in served[self.audited_429s :]]
        self.audited_429s = len(served)
        for message in self.ld.all_bot_messages():
            if self.audited.get(message.id) == message.edits:
                continue
            self.audited[message.id] = message.edits
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
