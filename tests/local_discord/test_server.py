"""End-to-end tests of the loopback Discord against a real, unmodified discord.py client."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from local_discord import LocalDiscord, P
from local_discord.harness import Factory, pointed_at, running
from local_discord.permissions import DEFAULT_BOT_PERMISSIONS

pytestmark = pytest.mark.timeout(20)


def make_bot(*, members: bool = True, message_content: bool = True) -> commands.Bot:
    """A plain discord.py bot with the intents a meetup bot asks for."""
    intents = discord.Intents.default()
    intents.members = members
    intents.message_content = message_content
    return commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)


class World:
    """A guild with a channel, two people and a running bot, the usual stage for a test."""

    def __init__(self, ld: LocalDiscord, bot: commands.Bot) -> None:
        self.ld = ld
        self.bot = bot
        self.guild = ld.add_guild(
            "Course friends", bot_permissions=DEFAULT_BOT_PERMISSIONS | P.MENTION_EVERYONE
        )
        self.channel = ld.add_text_channel(self.guild, "general")
        self.alice = ld.add_member(self.guild, "alice", display_name="Alice")
        self.bob = ld.add_member(self.guild, "bob", display_name="Bob")

    def bot_channel(self) -> discord.TextChannel:
        """The channel as the bot's cache knows it."""
        channel = self.bot.get_channel(self.channel.id)
        assert isinstance(channel, discord.TextChannel)
        return channel


Stage = Callable[..., Awaitable[World]]


@pytest.fixture
async def stage(local_discord_factory: Factory) -> AsyncIterator[Stage]:
    """Start a LocalDiscord and a bot on it; ``setup`` may add commands and listeners before login."""
    contexts: list[Any] = []

    async def start(setup: Callable[[commands.Bot], None] | None = None, **options: Any) -> World:
        ld = await local_discord_factory(**options)
        bot = make_bot()
        world = World(ld, bot)
        if setup is not None:
            setup(bot)
        context = running(bot, ld)
        contexts.append(context)
        await context.__aenter__()
        return world

    yield start
    for context in reversed(contexts):
        await context.__aexit__(None, None, None)


async def test_login_ready_and_guild_create_fill_the_cache(stage: Stage) -> None:
    """Login, READY and GUILD_CREATE (plus member chunking) populate guild, channel and members."""
    world = await stage()
    guild = world.bot.get_guild(world.guild.id)
    assert guild is not None
    assert guild.name == "Course friends"
    assert [c.name for c in guild.text_channels] == ["general"]
    assert {m.display_name for m in guild.members} == {"MeetupBot", "Alice", "Bob"}
    assert guild.me.guild_permissions.create_events
    assert world.bot.user is not None
    assert world.bot.user.id == world.ld.bot_user.id
    routes = [r.route for r in world.ld.requests[:2]]
    assert routes == ["GET /users/@me", "GET /oauth2/applications/@me"]
    sent = [f.t for f in world.ld.gateway_log if f.direction == "sent" and f.t]
    assert sent[:2] == ["READY", "GUILD_CREATE"]
    assert "GUILD_MEMBERS_CHUNK" in sent


def meetup_group(bot: commands.Bot) -> None:
    """Register ``/meetup propose`` (ephemeral answer, autocompleted dates) and ``/meetup plan`` (deferred)."""
    group = app_commands.Group(name="meetup", description="Meetups")

    async def dates(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        options = ["fri 19:00", "fri 20:00", "sat 10:00"]
        return [app_commands.Choice(name=o, value=o) for o in options if o.startswith(current)]

    @group.command(name="propose", description="Propose a meetup")
    @app_commands.autocomplete(dates=dates)
    async def propose(
        interaction: discord.Interaction,
        title: str,
        dates: str,
        capacity: int,
        invite: discord.Member | None = None,
    ) -> None:
        who = invite.display_name if invite else "nobody"
        await interaction.response.send_message(
            f"{title} on {dates} for {capacity}, inviting {who}", ephemeral=True
        )

    @group.command(name="plan", description="Plan slowly")
    async def plan(interaction: discord.Interaction, title: str) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.edit_original_response(content=f"planned {title}")
        await interaction.followup.send("and a follow-up")

    @group.command(name="quick", description="Defer privately, then answer with a follow-up")
    async def quick(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("done", ephemeral=False)

    bot.tree.add_command(group)


async def sync(world: World) -> None:
    """Register the bot's commands with the server, as a bot does at startup."""
    await world.bot.tree.sync()


async def test_slash_subcommand_answers_ephemerally(stage: Stage) -> None:
    """A Group subcommand's ephemeral answer shows as ``r.ephemeral`` and never enters the channel."""
    world = await stage(meetup_group)
    await sync(world)
    names = [c["name"] for c in world.ld.registered_commands()]
    assert names == ["meetup"]
    r = await world.ld.slash(
        world.alice,
        world.channel,
        "meetup propose",
        title="Pizza",
        dates="fri 19:00",
        capacity=3,
        invite=world.bob,
    )
    assert r.type == 4
    assert r.ephemeral
    assert r.content == "Pizza on fri 19:00 for 3, inviting Bob"
    assert world.ld.messages(world.channel) == []
    assert r.message is not None
    assert r.message.type == 20


async def test_autocomplete_round_trip(stage: Stage) -> None:
    """Typing into an autocompleted option returns the bot's filtered choices."""
    world = await stage(meetup_group)
    await sync(world)
    choices = await world.ld.autocomplete(
        world.alice, world.channel, "meetup propose", focused="dates", title="x", dates="fri"
    )
    assert choices == [
        {"name": "fri 19:00", "value": "fri 19:00"},
        {"name": "fri 20:00", "value": "fri 20:00"},
    ]


async def test_deferred_response_completes_with_edit_and_followup(stage: Stage) -> None:
    """A deferred response is a loading message until ``@original`` is edited; follow-ups are listed."""
    world = await stage(meetup_group)
    await sync(world)
    r = await world.ld.slash(world.alice, world.channel, "meetup plan", title="Hike")
    assert r.type == 5
    final = await r.final(timeout=5)
    assert final.content == "planned Hike"
    await world.ld.wait_for(lambda: len(r.followups) == 1)
    assert r.followups[0].content == "and a follow-up"
    assert [m.content for m in world.ld.messages(world.channel)] == ["planned Hike", "and a follow-up"]


async def test_an_interaction_token_expires_after_fifteen_minutes(stage: Stage) -> None:
    """Discord honours an interaction's token for 15 minutes: a later edit of the answer is
    401 50027 "Invalid Webhook Token"."""
    world = await stage(meetup_group)
    await sync(world)
    assert world.ld.interactions.token_lifetime_seconds == 15 * 60
    world.ld.interactions.token_lifetime_seconds = 0.01  # /meetup plan edits its answer after 0.05 s
    r = await world.ld.slash(world.alice, world.channel, "meetup plan", title="Late")
    assert r.type == 5
    await world.ld.wait_for(lambda: any(q.status == 401 for q in world.ld.requests))
    (refused,) = [q for q in world.ld.requests if q.status == 401]
    assert refused.route == "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original"


async def test_first_followup_after_defer_replaces_the_thinking_message(stage: Stage) -> None:
    """The first follow-up after a defer edits the loading message and keeps the defer's ephemerality."""
    world = await stage(meetup_group)
    await sync(world)
    r = await world.ld.slash(world.alice, world.channel, "meetup quick")
    final = await r.final(timeout=5)
    assert final.content == "done"
    assert r.ephemeral
    assert r.followups == []
    assert world.ld.messages(world.channel) == []


class Feedback(discord.ui.Modal, title="Feedback"):
    """A modal with one prefilled text input."""

    comment: discord.ui.TextInput[Feedback] = discord.ui.TextInput(
        label="Comment", custom_id="comment", default="great"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks for: {self.comment.value}")


def feedback_command(bot: commands.Bot) -> None:
    """Register ``/feedback`` which opens the modal."""

    @bot.tree.command(name="feedback", description="Leave feedback")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Feedback(custom_id="feedback"))


async def test_modal_is_opened_and_submitted(stage: Stage) -> None:
    """A modal shows its prefilled fields, and submitting it reaches the bot's ``on_submit``."""
    world = await stage(feedback_command)
    await sync(world)
    r = await world.ld.slash(world.alice, world.channel, "feedback")
    assert r.type == 9
    assert r.modal is not None
    assert r.modal.title == "Feedback"
    assert r.modal.field("comment").value == "great"
    submitted = await world.ld.submit_modal(
        world.alice, world.channel, "feedback", {"comment": "lovely evening"}
    )
    assert submitted.content == "thanks for: lovely evening"


async def test_allowed_mentions_none_pings_nobody_while_default_pings(stage: Stage) -> None:
    """``AllowedMentions.none()`` suppresses user and @everyone pings that the default makes."""
    world = await stage()
    channel = world.bot_channel()
    text = f"<@{world.alice.id}> @everyone"
    await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
    await channel.send(text)
    quiet, loud = world.ld.messages(world.channel)
    assert not quiet.pinged
    assert world.alice not in quiet.pinged
    assert world.alice in loud.pinged
    assert loud.pinged.everyone


async def test_reactions_arrive_as_raw_events_and_counts_show(stage: Stage) -> None:
    """A user's reaction and the bot's own both arrive as raw reaction events; fetch shows the count."""
    events: list[discord.RawReactionActionEvent] = []

    def listen(bot: commands.Bot) -> None:
        async def on_raw_reaction_add(payload: discord.RawReactionActionEvent) -> None:
            events.append(payload)

        bot.add_listener(on_raw_reaction_add)

    world = await stage(listen)
    sent = await world.bot_channel().send("vote")
    message = world.ld.messages(world.channel)[0]
    await world.ld.react(world.alice, message, "1️⃣")
    await sent.add_reaction("1️⃣")
    await world.ld.wait_for(lambda: len(events) == 2)
    assert [(str(e.emoji), e.user_id) for e in events] == [("1️⃣", world.alice.id), ("1️⃣", world.ld.bot_user.id)]
    assert events[0].member is not None
    assert events[0].message_author_id == world.ld.bot_user.id
    fetched = await world.bot_channel().fetch_message(sent.id)
    assert [(str(r.emoji), r.count, r.me) for r in fetched.reactions] == [("1️⃣", 2, True)]
    await world.ld.unreact(world.alice, message, "1️⃣")
    assert message.reaction("1️⃣") is not None
    assert message.reaction("1️⃣").user_ids == [world.ld.bot_user.id]


async def test_dm_to_user_with_closed_dms_is_forbidden(stage: Stage) -> None:
    """Opening the DM works, sending to a user with closed DMs raises Forbidden 50007."""
    world = await stage()
    world.ld.set_dms_closed(world.bob, True)
    user = await world.bot.fetch_user(world.bob.id)
    with pytest.raises(discord.Forbidden) as caught:
        await user.send("hello")
    assert caught.value.code == 50007
    opened = [r for r in world.ld.requests if r.route == "POST /users/@me/channels"]
    assert [r.status for r in opened] == [200]
    assert world.ld.dms(world.bob) == []


async def test_malformed_requests_are_caught_by_spec_validation(stage: Stage) -> None:
    """Bodies that break Discord's spec get 400 50035 and are recorded as validation errors."""
    world = await stage()
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=world.channel.id)
    with pytest.raises(discord.HTTPException) as caught:
        await world.bot.http.request(route, json={"content": 12345})
    assert caught.value.status == 400
    assert caught.value.code == 50035
    with pytest.raises(discord.HTTPException):
        await world.bot.http.request(route, json={"embeds": [{"title": ["not", "a", "string"]}]})
    taken = world.ld.take_validation_errors()
    assert [issue.path for issue in taken] == [f"/channels/{world.channel.id}/messages"] * 2
    assert "content" in taken[0].message
    assert "embeds.0.title" in taken[1].message
    assert world.ld.messages(world.channel) == []


async def test_files_are_stored_and_served(stage: Stage) -> None:
    """A file the bot uploads is kept with its bytes and served back at the attachment url."""
    world = await stage()
    sent = await world.bot_channel().send(
        "the plan", file=discord.File(io.BytesIO(b"day 1: pizza"), "plan.txt")
    )
    [message] = world.ld.messages(world.channel)
    assert [(a.filename, a.content) for a in message.attachments] == [("plan.txt", b"day 1: pizza")]
    assert await sent.attachments[0].read() == b"day 1: pizza"


async def test_wrong_token_fails_login(local_discord_factory: Factory) -> None:
    """A token other than the server's gets 401, which discord.py reports as LoginFailure."""
    ld = await local_discord_factory()
    bot = make_bot()
    try:
        with pointed_at(ld), pytest.raises(discord.LoginFailure):
            await bot.login("not-the-token")
    finally:
        await bot.close()


async def test_unknown_route_is_404_and_recorded(stage: Stage) -> None:
    """A route Discord does not have answers 404 and counts as a validation error."""
    world = await stage()
    with pytest.raises(discord.NotFound):
        await world.bot.http.request(Route("GET", "/nonexistent/{channel_id}", channel_id=1))
    assert [i.message for i in world.ld.take_validation_errors()] == ["no such route on Discord's API"]


async def test_dropped_gateway_resumes_and_replays_missed_events(stage: Stage) -> None:
    """After an abrupt drop the client RESUMEs, and a message sent while it was away still arrives."""
    seen: list[str] = []
    resumed = asyncio.Event()

    def listen(bot: commands.Bot) -> None:
        async def on_message(message: discord.Message) -> None:
            seen.append(message.content)

        async def on_resumed() -> None:
            resumed.set()

        bot.add_listener(on_message)
        bot.add_listener(on_resumed)

    world = await stage(listen)
    await world.ld.drop_gateway()
    await world.ld.post_message(world.alice, world.channel, "while you were away")
    await asyncio.wait_for(resumed.wait(), 5)
    await world.ld.wait_for(lambda: seen == ["while you were away"])
    assert world.ld.gateway.resumes == 1
    assert world.ld.gateway.identifies == 1
    replayed = [f for f in world.ld.gateway_log if f.replayed]
    assert [f.t for f in replayed] == ["MESSAGE_CREATE"]


async def test_resume_of_unknown_session_is_invalidated(stage: Stage) -> None:
    """A RESUME the server cannot honour gets INVALID_SESSION and the client identifies afresh,
    after discord.py's five seconds, which the start limit asks of a second IDENTIFY anyway."""
    world = await stage()
    await world.ld.drop_gateway()
    world.ld.gateway.sessions.clear()
    await world.ld.wait_for(lambda: world.ld.gateway.identifies == 2, timeout=15)
    assert any(f.op == 9 for f in world.ld.gateway_log)
    assert world.ld.gateway.start_limit.refused == 0


async def test_resume_with_a_sequence_the_session_never_sent_closes_with_4007(stage: Stage) -> None:
    """RESUME of a live session with a ``seq`` past its last dispatch: 4007 "Invalid seq."."""
    world = await stage()
    ((session_id, session),) = world.ld.gateway.sessions.items()
    resume = {"token": world.ld.token, "session_id": session_id, "seq": session.seq + 1}
    async with aiohttp.ClientSession() as http, http.ws_connect(world.ld.gateway_url) as ws:
        assert (await ws.receive_json())["op"] == 10
        await ws.send_json({"op": 6, "d": resume})
        closing = await ws.receive()
    assert (closing.type, closing.data, closing.extra) == (aiohttp.WSMsgType.CLOSE, 4007, "Invalid seq.")


async def test_injected_429s_are_waited_out(stage: Stage) -> None:
    """Per-route and global 429s are retried by discord.py and the message is delivered once."""
    world = await stage()
    world.ld.inject_429s("POST /channels/{channel_id}/messages", 2, retry_after=0.05)
    world.ld.inject_429s("POST /channels/{channel_id}/messages", 1, retry_after=0.05, global_=True)
    await world.bot_channel().send("persistent")
    assert [m.content for m in world.ld.messages(world.channel)] == ["persistent"]
    assert [s.scope for s in world.ld.served_429s] == ["user", "user", "global"]


async def test_global_limit_is_enforced_and_messages_all_arrive(stage: Stage) -> None:
    """With a global limit of 5/s, a burst of 8 sends meets global 429s yet every message arrives."""
    world = await stage()
    world.ld.set_global_limit(per_second=5)
    channel = world.bot_channel()
    await channel.send("first")
    await asyncio.gather(*(channel.send(f"m{i}") for i in range(7)))
    assert len(world.ld.messages(world.channel)) == 8
    assert {s.scope for s in world.ld.served_429s} == {"global"}
    ok = [r.time for r in world.ld.requests if r.status == 200 and r.route.startswith("POST")]
    assert ok[-1] - ok[0] >= 1.0


async def test_route_bucket_headers_let_discord_py_pace_itself(stage: Stage) -> None:
    """With a 2-per-0.3 s bucket, discord.py reads the headers and never hits a 429."""
    world = await stage()
    world.ld.limit_route("POST /channels/{channel_id}/messages", limit=2, per_seconds=0.3)
    channel = world.bot_channel()
    await asyncio.gather(*(channel.send(f"m{i}") for i in range(5)))
    assert len(world.ld.messages(world.channel)) == 5
    assert world.ld.served_429s == []
    ok = [r.time for r in world.ld.requests if r.route == "POST /channels/{channel_id}/messages"]
    assert ok[-1] - ok[0] >= 0.6


async def test_enforced_nonce_returns_the_first_message(stage: Stage) -> None:
    """Sending twice with the same nonce yields one message, the same one both times."""
    world = await stage()
    channel = world.bot_channel()
    first = await channel.send("reminder", nonce="meetup-42-bob")
    second = await channel.send("reminder", nonce="meetup-42-bob")
    assert first.id == second.id
    assert len(world.ld.messages(world.channel)) == 1


async def test_missing_send_permission_is_forbidden(stage: Stage) -> None:
    """An overwrite denying SEND_MESSAGES to the bot makes a send fail with 50013."""
    world = await stage()
    locked = world.ld.add_text_channel(
        world.guild, "announcements", overwrites={world.ld.bot_user: (0, P.SEND_MESSAGES)}
    )
    await world.ld.wait_for(lambda: world.bot.get_channel(locked.id) is not None)
    channel = world.bot.get_channel(locked.id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.Forbidden) as caught:
        await channel.send("hi")
    assert caught.value.code == 50013


async def test_disallowed_privileged_intent_closes_with_4014(local_discord_factory: Factory) -> None:
    """Asking for GUILD_MEMBERS when the application lacks it fails the login with 4014."""
    ld = await local_discord_factory(privileged_intents=0)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with running(make_bot(members=True), ld):
            pass


async def test_message_content_is_empty_without_the_intent_unless_mentioned(
    local_discord_factory: Factory,
) -> None:
    """Without MESSAGE_CONTENT guild messages arrive empty, except those mentioning the bot."""
    ld = await local_discord_factory()
    guild = ld.add_guild("g")
    channel = ld.add_text_channel(guild, "general")
    alice = ld.add_member(guild, "alice")
    bot = make_bot(message_content=False)
    seen: list[str] = []

    async def on_message(message: discord.Message) -> None:
        seen.append(message.content)

    bot.add_listener(on_message)
    async with running(bot, ld):
        await ld.post_message(alice, channel, "secret plans")
        await ld.post_message(alice, channel, f"{ld.bot_user.mention} hi")
        await ld.wait_for(lambda: len(seen) == 2)
    assert seen == ["", f"<@{ld.bot_user.id}> hi"]


def components_and_context_menu(bot: commands.Bot) -> None:
    """A button that edits its message, and a message command that starts a thread."""

    class Join(discord.ui.View):
        @discord.ui.button(label="Join", custom_id="join")
        async def join(self, interaction: discord.Interaction, button: discord.ui.Button[Join]) -> None:
            await interaction.response.edit_message(content=f"{interaction.user.display_name} joined")

    async def plan(interaction: discord.Interaction, message: discord.Message) -> None:
        thread = await message.create_thread(name="Planning")
        await interaction.response.send_message(f"thread {thread.name}", view=Join(timeout=None))

    bot.tree.add_command(app_commands.ContextMenu(name="Plan a meetup", callback=plan))


async def test_message_command_button_and_thread(stage: Stage) -> None:
    """A message command creates a thread and answers with a button; clicking it updates the message."""
    world = await stage(components_and_context_menu)
    await sync(world)
    source = await world.ld.post_message(world.alice, world.channel, "let's meet")
    r = await world.ld.message_command(world.alice, source, "Plan a meetup")
    assert r.content == "thread Planning"
    assert [t.name for t in world.ld.threads(world.channel)] == ["Planning"]
    assert r.message is not None
    clicked = await world.ld.click_button(world.bob, r.message, "join")
    assert clicked.type == 7
    assert clicked.content == "Bob joined"
    assert r.message.edits == 1


async def test_scheduled_event_is_created_and_announced(stage: Stage) -> None:
    """A scheduled event created by the bot is stored and reaches the bot's cache via the gateway."""
    world = await stage()
    guild = world.bot.get_guild(world.guild.id)
    assert guild is not None
    start = discord.utils.utcnow().replace(microsecond=0) + dt.timedelta(days=2)
    created = await guild.create_scheduled_event(
        name="Pizza",
        start_time=start,
        end_time=start + dt.timedelta(hours=2),
        entity_type=discord.EntityType.external,
        privacy_level=discord.PrivacyLevel.guild_only,
        location="Luigi's",
    )
    await world.ld.wait_for(lambda: guild.get_scheduled_event(created.id) is not None)
    assert [e.name for e in world.ld.scheduled_events(world.guild)] == ["Pizza"]


async def test_reaction_permissions_are_enforced(local_discord_factory: Factory) -> None:
    """Without ADD_REACTIONS a new emoji is refused; without MANAGE_MESSAGES so is removing others' reactions."""
    ld = await local_discord_factory()
    guild = ld.add_guild("g", bot_permissions=P.VIEW_CHANNEL | P.SEND_MESSAGES | P.READ_MESSAGE_HISTORY)
    channel = ld.add_text_channel(guild, "general")
    alice = ld.add_member(guild, "alice")
    async with running(make_bot(), ld) as bot:
        sent = await bot.get_channel(channel.id).send("vote")
        with pytest.raises(discord.Forbidden) as caught:
            await sent.add_reaction("🍕")
        assert caught.value.code == 50013
        message = ld.messages(channel)[0]
        await ld.react(alice, message, "🍕")
        await sent.add_reaction("🍕")
        with pytest.raises(discord.Forbidden):
            await sent.remove_reaction("🍕", discord.Object(alice.id))
    assert message.reaction("🍕") is not None
    assert message.reaction("🍕").user_ids == [alice.id, ld.bot_user.id]


async def test_events_follow_the_2026_permission_split(local_discord_factory: Factory) -> None:
    """Manage Events alone no longer creates an event; Create Events creates one and changes the bot's own."""
    ld = await local_discord_factory()
    manage_only = ld.add_guild("manage", bot_permissions=P.VIEW_CHANNEL | P.MANAGE_EVENTS)
    create_only = ld.add_guild("create", bot_permissions=P.VIEW_CHANNEL | P.CREATE_EVENTS)
    start = discord.utils.utcnow().replace(microsecond=0) + dt.timedelta(days=2)
    fields = {
        "name": "Pizza",
        "scheduled_start_time": start.isoformat(),
        "scheduled_end_time": (start + dt.timedelta(hours=2)).isoformat(),
        "entity_type": 3,
        "privacy_level": 2,
        "entity_metadata": {"location": "Luigi's"},
    }
    async with running(make_bot(), ld) as bot:
        with pytest.raises(discord.Forbidden) as caught:
            await bot.http.create_guild_scheduled_event(manage_only.id, **fields)
        assert caught.value.code == 50013
        created = await bot.http.create_guild_scheduled_event(create_only.id, **fields)
        await bot.http.edit_scheduled_event(create_only.id, int(created["id"]), name="Pasta")
    assert ld.scheduled_events(manage_only) == []
    assert [e.name for e in ld.scheduled_events(create_only)] == ["Pasta"]
