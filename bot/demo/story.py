"""The demo's story: four friends from an online course meet in person, from chat to recap.

Each scene is what people do (messages, the "Plan a meetup" form, reactions, slash commands)
followed by a wait for what the bot should do in answer. The waits look at what a person would
see, the text of messages and DMs, so the story checks the bot the way its users would.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.demo.stage import Stage
from local_discord import Channel, Guild, InteractionResult, LocalDiscord, Message, User
from local_discord.interactions import Modal

CONVERSATION = (
    ("alice", "That was the last lecture! We should meet up IRL 🎉"),
    ("bob", "Yes! How about Friday 18:00 at Pressklubben?"),
    ("dave", "I'm in!"),
    ("carol", "or Saturday 15:00?"),
)
TITLE = "End-of-course drinks"
DATES = "in 20 seconds; in 2 minutes"
VENUES = "Pressklubben; Kafé Vega"
VOTES = {"bob": ("1️⃣", "🇦"), "carol": ("1️⃣", "2️⃣", "🇦"), "dave": ("1️⃣", "🇧")}
NEXT_DATES = "Friday 18:00; Saturday 15:00"
CAST_NAMES = ("alice", "bob", "carol", "dave")
QUIZ = "Pub quiz"
QUIZ_DATE = "Thursday 19:00"
HIGHLIGHT = "Best pub quiz ever, and we won the last round! 🏆"


@dataclass
class Cast:
    """The server, its channel and the people in it."""

    guild: Guild
    general: Channel
    alice: User
    bob: User
    carol: User
    dave: User

    def person(self, name: str) -> User:
        found: User = getattr(self, name)
        return found


@dataclass(frozen=True)
class Snapshot:
    """A message as it looked at ``taken``; the bot edits its messages as the story goes on."""

    message: Message
    taken: dt.datetime

    @classmethod
    def of(cls, message: Message) -> Snapshot:
        return cls(copy.deepcopy(message), dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class Moments:
    """The moments the README pictures show."""

    conversation: tuple[Snapshot, ...]
    form: Modal
    """The Plan-a-meetup form as the bot opened it, filled in from the conversation."""
    poll: Snapshot
    announcement: Snapshot
    reminder: Snapshot
    prompt: Snapshot


def listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: how the narration names several things."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _cast(ld: LocalDiscord) -> Cast:
    guild = ld.add_guild("Course friends")
    general = ld.add_text_channel(guild, "general", topic="Python for beginners, spring class")
    people = {name: ld.add_member(guild, name, display_name=name.title()) for name in CAST_NAMES}
    return Cast(guild, general, **people)


def bot_posts(stage: Stage, channel: Channel, start: str) -> list[Message]:
    """The bot's messages in ``channel`` whose text starts with ``start``, oldest first."""
    return [m for m in stage.ld.messages(channel) if m.author.bot and m.content.startswith(start)]


def dms_with(stage: Stage, user: User, text: str) -> list[Message]:
    """The bot's DMs to ``user`` containing ``text``."""
    return [m for m in stage.ld.dms(user) if text in m.content]


def text_of(message: Message) -> str:
    """A message's content and embed text: a wait looks for what a reader would see anywhere in it."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [str(embed.get("title", "")), str(embed.get("description", ""))]
        parts += [f"{f.get('name', '')}\n{f.get('value', '')}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def play(stage: Stage) -> Moments:
    """The whole story, scene by scene; returns the messages the README pictures show."""
    cast = await opening(stage)
    talk = await conversation(stage, cast)
    form, poll = await plan(stage, cast, talk[-1])
    voted = await vote(stage, cast, poll)
    announcement = await close(stage, cast, poll)
    await rsvp(stage, cast, announcement)
    decided = Snapshot.of(announcement)
    reminder = await reminders(stage, cast)
    prompt = await recap(stage, cast)
    rated = await again(stage, cast, prompt)
    await repeat(stage, cast)
    await series(stage, cast)
    return Moments(
        conversation=tuple(Snapshot.of(message) for message in talk),
        form=form,
        poll=voted,
        announcement=decided,
        reminder=reminder,
        prompt=rated,
    )


async def opening(stage: Stage) -> Cast:
    with stage.step("the bot starts"):
        cast = _cast(stage.ld)
        stage.say(
            f"A Discord on loopback ({stage.ld.api_base}) has the server “{cast.guild.name}” with "
            "#general and four friends from an online course: Alice, Bob, Carol and Dave.\n"
            "The real bot runs against it with a fresh database; hours are seconds here: reminders "
            "come 10 s before a meetup, a meetup lasts 5 s, the recap comes 2 s after it."
        )
        bot = await stage.start_bot()
        stage.say("The host registers the bot's commands once, as `python -m bot sync` does.")
        commands = await stage.act(bot.tree.sync())
        stage.say(f"Registered: {', '.join(c.name for c in commands)}")
    return cast


async def conversation(stage: Stage, cast: Cast) -> list[Message]:
    with stage.step("the friends talk"):
        return [
            await stage.ld.post_message(cast.person(name), cast.general, text) for name, text in CONVERSATION
        ]


async def plan(stage: Stage, cast: Cast, last: Message) -> tuple[Modal, Message]:
    """The form as it opened, before Alice edits it, and the poll her answers made."""
    ld = stage.ld
    with stage.step("Alice plans a meetup from the conversation"):
        stage.say("Alice right-clicks Carol's message → Apps → Plan a meetup.")
        opened = await stage.act(ld.message_command(cast.alice, last, "Plan a meetup"))
        if opened.modal is None:
            raise LookupError("the bot answered Plan a meetup without opening the form")
        form = copy.deepcopy(opened.modal)
        shown = "\n".join(f"{f.custom_id.title()}: {f.value or '(empty)'}" for f in form.fields)
        stage.say(f"The form “{opened.modal.title}” opens, filled in from the conversation:\n{shown}")
        stage.say(
            f"To keep the demo short, Alice changes the dates to `{DATES}`; she sets the venues "
            f"`{VENUES}`, names it “{TITLE}” and submits."
        )
        values = {"title": TITLE, "dates": DATES, "venues": VENUES}
        submitted = await stage.act(ld.submit_modal(cast.alice, cast.general, opened.modal.custom_id, values))
        await stage.act(submitted.final())
        await stage.expect(lambda: bool(polls(stage, cast)), "poll in #general")
        poll = polls(stage, cast)[0]
        await stage.expect(lambda: len(poll.reactions) == 4, "vote reactions under the poll")
    return form, poll


def polls(stage: Stage, cast: Cast) -> list[Message]:
    return bot_posts(stage, cast.general, "🗳️")


def votes_on(poll: Message, emoji: str) -> str:
    """The line under an option that counts its votes: ``└ **3 votes**: <@1>, <@2>, <@3>``."""
    lines = text_of(poll).splitlines()
    for index, line in enumerate(lines[:-1]):
        if line.startswith(emoji):
            return lines[index + 1]
    return ""


async def vote(stage: Stage, cast: Cast, poll: Message) -> Snapshot:
    with stage.step("the friends vote"):
        for name, emojis in VOTES.items():
            stage.say(f"{name.title()} reacts {listed(emojis)} on the poll.")
            for emoji in emojis:
                await stage.ld.react(cast.person(name), poll, emoji)
        await stage.expect(
            lambda: "**3 votes**" in votes_on(poll, "1️⃣") and "**1 vote**" in votes_on(poll, "🇧"),
            "poll showing all the votes",
        )
    return Snapshot.of(poll)


async def close(stage: Stage, cast: Cast, poll: Message) -> Message:
    with stage.step("the poll closes"):
        stage.say(
            "Everyone has voted, so Alice closes the poll now with `/meetup close meetup:1` "
            "(left alone, it would close halfway to the first date)."
        )
        await stage.act(
            (await stage.act(stage.ld.slash(cast.alice, cast.general, "meetup close", meetup=1))).final()
        )
        await stage.expect(lambda: bool(bot_posts(stage, cast.general, "📣")), "announcement of the winner")
        announcement = bot_posts(stage, cast.general, "📣")[0]
        await stage.expect(lambda: len(announcement.reactions) == 3, "RSVP reactions under the announcement")
    return announcement


def going_line(announcement: Message) -> str:
    """``**Going (3):** <@1>, <@2>, <@3>`` from the announcement."""
    return next((line for line in text_of(announcement).splitlines() if "**Going" in line), "")


async def rsvp(stage: Stage, cast: Cast, announcement: Message) -> None:
    ld = stage.ld
    with stage.step("Alice says she is going"):
        stage.say("Alice didn't vote, but she is coming: she reacts ✅ on the announcement.")
        await ld.react(cast.alice, announcement, "✅")
        await stage.expect(lambda: "Alice" in going_names(stage, announcement), "Alice in the going list")
    with stage.step("Dave drops out"):
        await ld.post_message(cast.dave, cast.general, "So sorry, I'm sick 🤒", reply_to=announcement)
        stage.say("Dave reacts ❌ on the announcement.")
        await ld.react(cast.dave, announcement, "❌")
        await stage.expect(
            lambda: bool(dms_with(stage, cast.alice, "can no longer come")), "DM to Alice about Dave"
        )
        await stage.expect(lambda: "Dave" not in going_names(stage, announcement), "going list without Dave")


def going_names(stage: Stage, announcement: Message) -> str:
    """The going line as people read it, mentions turned into names."""
    return stage.transcript.reader().plain(going_line(announcement), announcement.guild_id)


async def reminders(stage: Stage, cast: Cast) -> Snapshot:
    with stage.step("the reminders"):
        stage.say("Nothing to do now but wait: 10 s before the start, the bot reminds everyone going.")
        people = (cast.alice, cast.bob, cast.carol)
        await stage.expect(
            lambda: all(dms_with(stage, person, "⏰") for person in people),
            "reminder DMs to Alice, Bob and Carol",
            timeout=25,
        )
        if dms_with(stage, cast.dave, "⏰"):
            raise LookupError("Dave dropped out but was reminded all the same")
    return Snapshot.of(dms_with(stage, cast.bob, "⏰")[0])


async def recap(stage: Stage, cast: Cast) -> Message:
    with stage.step("the meetup, and the recap prompt"):
        stage.say("The friends meet at Pressklubben. 5 s later (the demo's three hours) it is over.")
        await stage.expect(lambda: bool(bot_posts(stage, cast.general, "🎉")), "recap prompt", timeout=30)
        prompt = bot_posts(stage, cast.general, "🎉")[0]
        await stage.expect(
            lambda: len(prompt.reactions) == 6 and bool(stage.ld.threads(cast.general)),
            "rating reactions and highlights thread on the prompt",
        )
    return prompt


async def again(stage: Stage, cast: Cast, prompt: Message) -> Snapshot:
    ld = stage.ld
    with stage.step("the friends rate it"):
        for person, rating in ((cast.bob, "5️⃣"), (cast.carol, "4️⃣")):
            stage.say(f"{person.display_name} rates it {rating}.")
            await ld.react(person, prompt, rating)
        (thread,) = ld.threads(cast.general)
        stage.say("Carol posts a highlight in the thread.")
        await ld.post_message(cast.carol, thread, HIGHLIGHT)
        stage.say("Bob and Carol react 🔁: they'd like to meet again.")
        await ld.react(cast.bob, prompt, "🔁")
        await ld.react(cast.carol, prompt, "🔁")
        await stage.expect(lambda: bool(bot_posts(stage, cast.general, "🔁")), "offer to meet again")
    return Snapshot.of(prompt)


async def repeat(stage: Stage, cast: Cast) -> None:
    with stage.step("the next meetup is proposed"):
        stage.say(f"Alice proposes the next one for real: `/meetup repeat meetup:1 dates:{NEXT_DATES}`.")
        result: InteractionResult = await stage.act(
            stage.ld.slash(cast.alice, cast.general, "meetup repeat", meetup=1, dates=NEXT_DATES)
        )
        await stage.act(result.final())
        await stage.expect(
            lambda: any(f"{TITLE} #2" in text_of(m) for m in polls(stage, cast)), f"poll for “{TITLE} #2”"
        )
        await stage.expect(
            lambda: all(len(dms_with(stage, p, "invited you")) == 2 for p in (cast.bob, cast.carol)),
            "invitations to Bob and Carol",
        )


async def series(stage: Stage, cast: Cast) -> None:
    with stage.step("a weekly quiz night"):
        stage.say(
            f"Bob wants the pub quiz every week: `/meetup propose title:{QUIZ} dates:{QUIZ_DATE} "
            "repeat:weekly`; he and Carol vote for its one date, and he closes the poll at once."
        )
        proposed = await stage.act(
            stage.ld.slash(
                cast.bob, cast.general, "meetup propose", title=QUIZ, dates=QUIZ_DATE, repeat="weekly"
            )
        )
        await stage.act(proposed.final())
        await stage.expect(lambda: any(QUIZ in text_of(m) for m in polls(stage, cast)), f"poll for “{QUIZ}”")
        quiz = next(m for m in polls(stage, cast) if QUIZ in text_of(m))
        await stage.expect(lambda: quiz.reaction("1️⃣") is not None, "the vote reaction under the poll")
        for person in (cast.bob, cast.carol):
            await stage.ld.react(person, quiz, "1️⃣")
        await stage.expect(lambda: "**2 votes**" in votes_on(quiz, "1️⃣"), "both votes on the poll")
        closed = await stage.act(stage.ld.slash(cast.bob, cast.general, "meetup close", meetup=3))
        await stage.act(closed.final())
        await stage.expect(
            lambda: any("**Repeats**" in text_of(m) for m in bot_posts(stage, cast.general, "📣")),
            "announcement of the series with its next dates",
        )
        stage.say(
            "Each Thursday gets a message of its own when the one before is over, with its own ✅ and "
            "reminders; `/meetup skip` leaves one out."
        )
