"""The transcript: messages of the loopback Discord as a terminal line, a live feed and an HTML page.

Bot messages are created through the server's own ``Core.create_message``, the
path its REST route takes when a connected bot posts, so they are stored exactly
as the bot's would be without running one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from local_discord import Channel, Guild, LocalDiscord, Message, User
from local_discord.interactions import Modal, ModalField
from local_discord.model import EPHEMERAL, LOADING, PUBLIC_THREAD
from local_discord.transcript import Transcript, narration
from local_discord.transcript_reader import relative

NOW = dt.datetime(2026, 11, 26, 17, 0, tzinfo=dt.UTC)
SATURDAY_EVENING = dt.datetime(2026, 11, 28, 17, 0, tzinfo=dt.UTC)
"""18:00 in Stockholm, two days after NOW."""


def unix(moment: dt.datetime) -> int:
    return int(moment.timestamp())


@dataclass
class Stage:
    ld: LocalDiscord
    guild: Guild
    general: Channel
    alice: User
    bob: User
    carol: User
    transcript: Transcript

    def bot_says(self, channel: Channel, content: str = "", **body: Any) -> Message:
        """A message from the bot, stored the way the REST route stores one."""
        extra = {k: body.pop(k) for k in ("extra_flags", "interaction_metadata") if k in body}
        return self.ld.core.create_message(self.ld.bot_user, channel, {"content": content, **body}, **extra)

    def used_command(self, user: User, name: str) -> dict[str, Any]:
        return {"id": "1", "type": 2, "user": {"id": str(user.id)}, "name": name}


@pytest.fixture
def stage() -> Stage:
    ld = LocalDiscord()
    guild = ld.add_guild("Course friends")
    general = ld.add_text_channel(guild, "general")
    alice = ld.add_member(guild, "alice", display_name="Alice")
    bob = ld.add_member(guild, "bob", display_name="Bob")
    carol = ld.add_member(guild, "carol", display_name="Carol", nick="Caz")
    return Stage(ld, guild, general, alice, bob, carol, Transcript(ld, clock=lambda: NOW))


def at(message: Message, hour: int, minute: int = 0) -> Message:
    """Pin a message's time (Stockholm is UTC+1 in November), so headers are predictable."""
    message.timestamp = dt.datetime(2026, 11, 26, hour - 1, minute, tzinfo=dt.UTC)
    return message


def without_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def element(page: str, element_id: str) -> str:
    """The HTML of the element with this id, up to its matching close tag."""
    start = page.index(f'id="{element_id}"')
    start = page.rindex("<", 0, start)
    tag = re.match(r"<(\w+)", page[start:])
    assert tag is not None
    depth, position = 0, start
    for match in re.finditer(rf"<(/?){tag[1]}\b", page[start:]):
        depth += -1 if match[1] else 1
        if depth == 0:
            position = start + match.start()
            break
    return page[start : page.index(">", position) + 1]


class TagBalance(HTMLParser):
    """Fails on a close tag that does not match the innermost open one, or on tags left open."""

    VOID = frozenset({"br", "meta"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1:] == [tag], f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def close(self) -> None:
        super().close()
        assert not self.open, f"left open: {self.open}"


# -- times ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (dt.timedelta(seconds=10), "in a few seconds"),
        (dt.timedelta(seconds=-70), "a minute ago"),
        (dt.timedelta(minutes=12), "in 12 minutes"),
        (dt.timedelta(minutes=-50), "an hour ago"),
        (dt.timedelta(hours=-3), "3 hours ago"),
        (dt.timedelta(hours=30), "in a day"),
        (dt.timedelta(days=2), "in 2 days"),
        (dt.timedelta(days=1, hours=20), "in 2 days"),
        (dt.timedelta(days=-40), "a month ago"),
        (dt.timedelta(days=100), "in 3 months"),
        (dt.timedelta(days=-800), "2 years ago"),
    ],
)
def test_relative_phrases_round_like_discord(delta: dt.timedelta, expected: str) -> None:
    assert relative(NOW + delta, NOW) == expected


async def test_timestamps_read_in_the_readers_zone_and_relative_to_now(stage: Stage) -> None:
    saturday = unix(SATURDAY_EVENING)
    text = f"<t:{saturday}:F> (<t:{saturday}:R>) · <t:{saturday}> · <t:{saturday}:t> · <t:{saturday}:d>"
    message = at(await stage.ld.post_message(stage.alice, stage.general, text), 18, 5)

    (line,) = stage.transcript.text_lines(message)
    assert line == (
        "[18:05] Alice: Saturday 28 November 2026 18:00 (in 2 days) · 28 November 2026 18:00 · 18:00 · 28/11/2026"
    )
    later = stage.transcript.text_lines(message, now=SATURDAY_EVENING + dt.timedelta(hours=3))
    assert "(3 hours ago)" in later[0]
    in_tokyo = stage.transcript.text_lines(message, zone=ZoneInfo("Asia/Tokyo"))
    assert in_tokyo[0].startswith("[02:05] Alice: Sunday 29 November 2026 02:00 (in 2 days)")


async def test_a_timestamp_no_calendar_holds_stays_as_typed(stage: Stage) -> None:
    message = at(await stage.ld.post_message(stage.alice, stage.general, "<t:99999999999999999:R>"), 9)

    assert stage.transcript.text_lines(message) == ["[09:00] Alice: <t:99999999999999999:R>"]
    assert "&lt;t:99999999999999999:R&gt;" in stage.transcript.html("Demo", now=NOW)


# -- text lines -----------------------------------------------------------------------------------


async def test_mentions_read_as_names_nicknames_first(stage: Stage) -> None:
    role = stage.ld.add_role(stage.guild, "organisers")
    text = (
        f"<@{stage.alice.id}> <@!{stage.carol.id}> <@&{role.id}> in <#{stage.general.id}>, "
        "not <@123> or <#456>; escaped \\*stars\\*"
    )
    message = at(await stage.ld.post_message(stage.bob, stage.general, text), 9)

    assert stage.transcript.text_lines(message) == [
        "[09:00] Bob: @Alice @Caz @organisers in #general, not @unknown-user or #unknown; escaped *stars*"
    ]


async def test_a_poll_flattens_to_embed_lines_and_reaction_counts(stage: Stage) -> None:
    saturday = unix(SATURDAY_EVENING)
    description = (
        f"Proposed by <@{stage.alice.id}>\n\n"
        f"1️⃣ <t:{saturday}:F> (<t:{saturday}:R>)\n└ **2 votes**: <@{stage.alice.id}>, <@{stage.bob.id}>"
    )
    poll = stage.bot_says(
        stage.general,
        "🗳️ **New meetup poll!**",
        embeds=[
            {
                "title": "Meetup #1: SoMe meetup IRL",
                "description": description,
                "fields": [{"name": "Where?", "value": "Café\nor the park"}],
                "footer": {"text": "Voting closes Friday"},
                "color": 0x5865F2,
            }
        ],
        interaction_metadata=stage.used_command(stage.alice, "meetup propose"),
    )
    at(poll, 18, 2)
    for user, emoji in [(stage.alice, "1️⃣"), (stage.bob, "1️⃣"), (stage.carol, "2️⃣")]:
        await stage.ld.react(user, poll, emoji)

    assert stage.transcript.text_lines(poll) == [
        "↪ Alice used /meetup propose",
        "[18:02] 🤖 MeetupBot: 🗳️ **New meetup poll!**",
        "        ┃ Meetup #1: SoMe meetup IRL",
        "        ┃ Proposed by @Alice",
        "        ┃",
        "        ┃ 1️⃣ Saturday 28 November 2026 18:00 (in 2 days)",
        "        ┃ └ **2 votes**: @Alice, @Bob",
        "        ┃ Where?",
        "        ┃   Café",
        "        ┃   or the park",
        "        ┃ Voting closes Friday",
        "        1️⃣ 2  2️⃣ 1",
    ]


async def test_replies_edits_attachments_and_buttons_are_marked(stage: Stage) -> None:
    question = await stage.ld.post_message(stage.alice, stage.general, "Pizza or sushi?")
    answer = await stage.ld.post_message(
        stage.carol, stage.general, "pizza\nobviously", reply_to=question, files=[("menu.pdf", b"%PDF")]
    )
    await stage.ld.edit_user_message(stage.carol, answer, "pizza!\nobviously")
    buttons = stage.bot_says(
        stage.general,
        "RSVP:",
        components=[
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 3, "label": "Going", "custom_id": "go", "emoji": {"name": "✅"}},
                    {"type": 3, "custom_id": "pick", "options": [], "placeholder": "Pick a date"},
                ],
            }
        ],
    )

    assert stage.transcript.text_lines(at(answer, 12)) == [
        "↪ reply to Alice",
        "[12:00] Caz: pizza! (edited)",
        "        obviously",
        "        📎 menu.pdf",
    ]
    assert stage.transcript.text_lines(at(buttons, 12))[1:] == ["        [✅ Going]  [▾ Pick a date]"]
    shown = element(stage.transcript.html("Demo", now=NOW), f"m{buttons.id}")
    assert '<span class="button success">✅ Going</span><span class="select">Pick a date</span>' in shown
    stage.ld.core.delete_message(question)
    assert stage.transcript.text_lines(answer)[0] == "↪ reply to a deleted message"


async def test_a_reply_preview_shows_the_original_formatted_not_its_markdown(stage: Stage) -> None:
    poll = stage.bot_says(
        stage.general, f"🗳️ **New meetup poll!** <@{stage.alice.id}> wants to meet up.\nVote below."
    )
    reply = await stage.ld.post_message(stage.carol, stage.general, "Count me in", reply_to=poll)
    preview = element(stage.transcript.html("Demo", now=NOW), f"m{reply.id}").split('class="snippet">')[1]
    preview = preview.split("</span></div>")[0]
    assert "**" not in preview
    assert "<strong>New meetup poll!</strong>" in preview
    assert "@Alice" in preview
    assert "<@" not in preview
    assert "Vote below." in preview


async def test_a_form_is_shown_over_the_messages_with_what_it_was_filled_in_with(stage: Stage) -> None:
    said = await stage.ld.post_message(stage.bob, stage.general, "Friday 18:00 at <b>Vega</b>?")
    form = Modal(
        "plan",
        "Plan a meetup",
        [],
        [
            ModalField("title", 4, label="Title", value="Meetup"),
            ModalField("details", 4, label="Details", value="With <Bob> & Carol", required=False, style=2),
        ],
    )
    page = stage.transcript.excerpt_html([said], now=NOW, modal=form)
    shown = page.split('<div class="modal-backdrop">')[1]
    assert page.index(f'id="m{said.id}"') < page.index('<div class="modal-backdrop">'), "form over the chat"
    assert "<h3>Plan a meetup</h3>" in shown
    assert '<label>Title<i>*</i></label><div class="input">Meetup</div>' in shown
    assert '<label>Details</label><div class="input paragraph">With &lt;Bob&gt; &amp; Carol</div>' in shown
    assert "&lt;b&gt;Vega&lt;/b&gt;" in page


async def test_ephemeral_replies_are_shown_marked_with_their_one_reader(stage: Stage) -> None:
    thinking = stage.bot_says(
        stage.general,
        extra_flags=EPHEMERAL | LOADING,
        interaction_metadata=stage.used_command(stage.bob, "meetup propose"),
    )

    assert stage.transcript.text_lines(at(thinking, 10)) == [
        "↪ Bob used /meetup propose",
        "[10:00] 🤖 MeetupBot: MeetupBot is thinking…",
        "        👁 only Bob can see this",
    ]
    stage.ld.core.edit_message(thinking, {"content": "Poll posted."})
    page = stage.transcript.html("Demo", now=NOW)
    shown = element(page, f"m{thinking.id}")
    assert 'class="msg ephemeral"' in shown
    assert "Only Bob can see this" in without_tags(shown)
    assert "Poll posted." in shown


# -- the feed ---------------------------------------------------------------------------------------


async def test_the_feed_reports_each_message_once_and_edits_again(stage: Stage) -> None:
    feed = stage.transcript
    hello = await stage.ld.post_message(stage.alice, stage.general, "hello")
    poll = stage.bot_says(stage.general, "Poll: 1️⃣ 0 votes")
    assert [(e.message, e.kind, e.where, e.from_bot) for e in feed.new_messages()] == [
        (hello, "new", "#general", False),
        (poll, "new", "#general", True),
    ]
    assert feed.new_messages() == []

    stage.ld.core.edit_message(poll, {"content": "Poll: 1️⃣ 1 vote"})
    late = await stage.ld.post_message(stage.bob, stage.general, "voted!")
    (edited, new) = feed.new_messages()
    assert (edited.message, edited.kind, new.message, new.kind) == (poll, "edited", late, "new")
    assert edited.lines[0].endswith("Poll: 1️⃣ 1 vote (edited)")
    assert edited.text().startswith("#general │ ✎ [")

    quick = await stage.ld.post_message(stage.bob, stage.general, "typo")
    await stage.ld.edit_user_message(stage.bob, quick, "fixed")
    (entry,) = feed.new_messages()
    assert (entry.message, entry.kind) == (quick, "new")
    assert feed.new_messages() == []

    stage.ld.core.delete_message(hello)
    (gone,) = feed.new_messages()
    assert (gone.message, gone.kind) == (hello, "deleted")
    assert gone.lines[0].endswith("Alice's message was deleted")
    assert feed.new_messages() == []


async def test_the_feed_says_where_each_message_appeared(stage: Stage) -> None:
    start = await stage.ld.post_message(stage.alice, stage.general, "let's plan")
    thread = make_thread(stage, "Dinner plans", start)
    in_thread = await stage.ld.post_message(stage.bob, thread, "I know a place")
    dm = stage.ld.dm_channel(stage.bob)
    reminder = stage.bot_says(dm, "⏰ Tomorrow!")
    answer = await stage.ld.post_message(stage.bob, dm, "thanks")

    entries = Transcript(stage.ld.world).new_messages()

    assert [(e.message, e.where) for e in entries] == [
        (start, "#general"),
        (in_thread, "thread: Dinner plans"),
        (reminder, "DM to Bob"),
        (answer, "DM from Bob"),
    ]
    assert stage.transcript.where(reminder) == "DM to Bob"


async def test_feed_text_aligns_continuation_lines_and_narration_stands_apart(stage: Stage) -> None:
    at(await stage.ld.post_message(stage.alice, stage.general, "two\nlines"), 8)
    (entry,) = stage.transcript.new_messages()

    assert entry.text() == "#general │ [08:00] Alice: two\n                   lines"
    assert narration("Bob reacts 1️⃣ on the poll") == "» Bob reacts 1️⃣ on the poll"
    assert narration("Alice runs\n/meetup propose") == "» Alice runs\n  /meetup propose"


def make_thread(stage: Stage, name: str, starter: Message | None = None) -> Channel:
    """A public thread as the REST route makes one: started on a message, it takes the message's id."""
    world = stage.ld.world
    thread = Channel(
        id=starter.id if starter else world.ids.next(),
        type=PUBLIC_THREAD,
        name=name,
        guild_id=stage.guild.id,
        parent_id=stage.general.id,
    )
    world.channels[thread.id] = thread
    stage.guild.channel_ids.append(thread.id)
    if starter is not None:
        starter.thread_id = thread.id
    return thread


# -- the page -----------------------------------------------------------------------------------------


async def test_the_page_escapes_everything_people_and_bots_wrote(stage: Stage) -> None:
    sneaky = stage.ld.add_member(stage.guild, "<img src=x>", display_name="<b>Mallory</b>")
    await stage.ld.post_message(sneaky, stage.general, "<script>alert(1)</script> [x](javascript:alert(1))")
    stage.bot_says(
        stage.general,
        embeds=[
            {
                "title": "<script>t</script>",
                "url": "javascript:alert(2)",
                "description": "`<script>`",
                "fields": [{"name": "<i>", "value": '"><script>'}],
                "footer": {"text": "<script>f</script>"},
            }
        ],
    )

    page = stage.transcript.html("<script>title</script>", now=NOW)

    assert "<script" not in page
    assert "<img" not in page
    assert "<b>Mallory" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in page
    checker = TagBalance()
    checker.feed(page)
    checker.close()


async def test_the_page_needs_nothing_from_outside(stage: Stage) -> None:
    await stage.ld.post_message(stage.alice, stage.general, "see https://example.com/menu")

    page = stage.transcript.html("Demo", now=NOW)

    assert page.startswith("<!DOCTYPE html>")
    for outside in ("<script", "<link", "src=", "@import", "url(", "@font-face"):
        assert outside not in page
    assert '<a href="https://example.com/menu">' in page


async def test_page_messages_carry_ids_authors_mention_pills_and_readable_reactions(stage: Stage) -> None:
    saturday = unix(SATURDAY_EVENING)
    message = await stage.ld.post_message(
        stage.alice, stage.general, f"**Pizza** <t:{saturday}:R> with <@{stage.carol.id}>?"
    )
    at(message, 16, 30)
    for user in (stage.alice, stage.bob, stage.carol):
        await stage.ld.react(user, message, "1️⃣")
    await stage.ld.react(stage.bob, message, "2️⃣")

    shown = element(stage.transcript.html("Demo", now=NOW), f"m{message.id}")

    assert 'data-author="alice"' in shown
    assert 'data-channel="general"' in shown
    assert 'data-bot="false"' in shown
    assert ">Today at 16:30</time>" in shown
    assert "<strong>Pizza</strong>" in shown
    assert '<span class="mention">@Caz</span>' in shown
    assert '<span class="ts" title="Saturday 28 November 2026 18:00">in 2 days</span>' in shown
    reactions = re.findall(r'<span class="reaction"[^>]*>.*?</span></span>', shown)
    assert [without_tags(r) for r in reactions] == ["1️⃣ 3", "2️⃣ 1"]
    assert 'title="Alice, Bob, Caz"' in reactions[0]


async def test_the_page_shows_a_bots_embed_as_a_card(stage: Stage) -> None:
    poll = stage.bot_says(
        stage.general,
        "🗳️ **New meetup poll!**",
        embeds=[
            {
                "title": "Meetup #1: SoMe meetup IRL",
                "description": "**When?**\n> bring *snacks*\n`code`",
                "fields": [{"name": "Going", "value": "2", "inline": True}],
                "footer": {"text": "closes Friday"},
                "color": 0x5865F2,
            }
        ],
    )

    shown = element(stage.transcript.html("Demo", now=NOW), f"m{poll.id}")

    assert 'data-bot="true"' in shown
    assert '<span class="bot-tag">BOT</span>' in shown
    assert '<div class="embed" style="border-left-color:#5865f2">' in shown
    assert '<div class="embed-title">Meetup #1: SoMe meetup IRL</div>' in shown
    assert "<strong>When?</strong><blockquote>bring <em>snacks</em></blockquote><code>code</code>" in shown
    assert '<div class="field inline"><div class="field-name">Going</div>' in shown
    assert '<div class="embed-footer">closes Friday</div>' in shown


async def test_dms_sit_in_the_side_column_grouped_by_person(stage: Stage) -> None:
    said = await stage.ld.post_message(stage.alice, stage.general, "hi all")
    to_bob = stage.bot_says(stage.ld.dm_channel(stage.bob), "⏰ Reminder")
    from_bob = await stage.ld.post_message(stage.bob, stage.ld.dm_channel(stage.bob), "thanks!")
    to_carol = stage.bot_says(stage.ld.dm_channel(stage.carol), "You're on the waitlist")

    page = stage.transcript.html("Demo", now=NOW)
    side = element(page, f"c{stage.ld.dm_channel(stage.bob).id}")

    aside = page.index('<aside class="dms">')
    assert page.index(f'id="m{said.id}"') < aside
    assert "DMs to Bob" in side
    assert f'id="m{to_bob.id}"' in side
    assert f'id="m{from_bob.id}"' in side
    assert f'id="m{to_carol.id}"' not in side
    assert 'data-channel="dm:bob"' in side
    assert "DMs to Carol" in page[aside:]


async def test_threads_appear_below_the_message_that_started_them(stage: Stage) -> None:
    start = await stage.ld.post_message(stage.alice, stage.general, "let's plan")
    inside = await stage.ld.post_message(stage.bob, make_thread(stage, "Dinner plans", start), "tapas?")
    after = await stage.ld.post_message(stage.carol, stage.general, "back in the channel")
    loose = make_thread(stage, "Side chat")
    aside = await stage.ld.post_message(stage.carol, loose, "psst")

    page = stage.transcript.html("Demo", now=NOW)
    positions = [page.index(f'id="m{m.id}"') for m in (start, inside, after, aside)]

    assert positions == sorted(positions)
    box = element(page, f"c{start.id}")
    assert "🧵 Dinner plans · 1 message" in without_tags(box)
    assert f'id="m{inside.id}"' in box
    assert f'id="m{aside.id}"' in element(page, f"c{stage.general.id}")
