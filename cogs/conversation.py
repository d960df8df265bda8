"""Planning from the conversation: the "Plan a meetup" message command and channel watching.

Neither the form nor the "Plan it" button lives in memory: their custom ids carry the channel
and the message the conversation ends at, the button is a :class:`discord.ui.DynamicItem`, and
form submissions are picked out by custom id in :meth:`Conversation.on_interaction`. discord.py
routes a modal submission only to a modal object it still holds (``ViewStore.dispatch_modal``),
and such an object is lost on restart; so there is one path for submissions, the same before and
after a restart, and nothing accumulates for forms people close without submitting.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable
from typing import Any, cast

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.domain.conversation import CONVERSATION_LENGTH, ChatMessage, Person
from bot.domain.errors import UserError
from bot.i18n import ENGLISH, Texts
from bot.locales import member_texts
from bot.presentation import conversation as render
from bot.presentation import polls as polls_text
from bot.replies import interaction_name, reply
from bot.services.polls import Proposal
from cogs.common import ON_OFF, actor, guild_id

log = logging.getLogger(__name__)


def _person(user: discord.abc.User) -> Person:
    return Person(user.id, user.display_name, user.bot)


def chat_message(message: discord.Message) -> ChatMessage:
    return ChatMessage(
        author=_person(message.author),
        content=message.content,
        created_at=message.created_at,
        mentions=tuple(_person(user) for user in message.mentions),
    )


async def read_conversation(
    interaction: discord.Interaction, channel_id: int, message_id: int
) -> list[ChatMessage]:
    """The message ``message_id`` and the ones before it, oldest first, in one request.

    Reading "before ``message_id + 1``" serves the message command, the button and the form the
    same way, and a message deleted in the meantime simply drops out.
    """
    channel = interaction.channel
    if channel is None or channel.id != channel_id or not isinstance(channel, discord.abc.Messageable):
        raise UserError("This plan belongs to another channel; start it again from the conversation there.")
    end = discord.Object(id=message_id + 1)
    try:
        found = [m async for m in channel.history(limit=CONVERSATION_LENGTH + 1, before=end)]
    except discord.Forbidden as error:
        raise UserError(
            "I need the Read Message History permission here to read the conversation."
        ) from error
    return [chat_message(message) for message in reversed(found)]


async def open_form(interaction: discord.Interaction, channel_id: int, message_id: int) -> None:
    """Show the form prefilled from the conversation; a modal must be the first answer, so no defer."""
    bot = cast(MeetupBot, interaction.client)
    guild = guild_id(interaction)
    conversation = await read_conversation(interaction, channel_id, message_id)
    plan = await bot.services.conversation.plan(guild, conversation)
    name = getattr(interaction.channel, "name", None)
    texts = member_texts(interaction)
    form = render.plan_form(plan, texts, channel_id=channel_id, message_id=message_id, channel_name=name)
    await interaction.response.send_modal(form)


async def answering_errors(interaction: discord.Interaction, work: Awaitable[None]) -> None:
    """Route a button's or form's failure to the tree's error reply, and its success to what
    follows a command's.

    They are not commands, so the tree never sees them; passed on, a refusal reads the same as
    one from a slash command, an unexpected failure is logged the same way, outcomes are counted
    with the commands', and a success keeps the member's language as a command does.
    """
    bot = cast(MeetupBot, interaction.client)
    try:
        await work
    except Exception as error:
        failure = app_commands.AppCommandError("planning from the conversation failed")
        failure.__cause__ = error
        await bot.tree.on_error(interaction, failure)
    else:
        await bot.interaction_succeeded(interaction, interaction_name(interaction))


class PlanButton(discord.ui.DynamicItem[discord.ui.Button], template=render.OFFER_ID_TEMPLATE):
    """The offer's "Plan it": opens the form for the conversation up to the suggesting message."""

    def __init__(self, channel_id: int, message_id: int, texts: Texts = ENGLISH) -> None:
        """``texts``: the language of the offer it is posted with; a click is recognised by its
        custom id alone, whatever the label says."""
        super().__init__(
            discord.ui.Button(
                label=render.offer_label(texts),
                emoji="🗓️",
                style=discord.ButtonStyle.primary,
                custom_id=render.offer_id(channel_id, message_id),
            )
        )
        self.channel_id = channel_id
        self.message_id = message_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> PlanButton:
        return cls(int(match["channel"]), int(match["message"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await answering_errors(interaction, open_form(interaction, self.channel_id, self.message_id))


class Conversation(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.conversation = bot.services.conversation
        self.plan_menu = app_commands.guild_only(
            app_commands.ContextMenu(name=locale_str("Plan a meetup"), callback=self.plan_from_message)
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.plan_menu)
        self.bot.add_dynamic_items(PlanButton)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.plan_menu.name, type=self.plan_menu.type)
        self.bot.remove_dynamic_items(PlanButton)

    async def plan_from_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        await open_form(interaction, message.channel.id, message.id)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = cast(dict[str, Any], interaction.data or {})
        match = render.FORM_ID_PATTERN.fullmatch(str(data.get("custom_id", "")))
        if match is not None:
            values = render.read_form(data.get("components") or [])
            work = self._propose(interaction, int(match["channel"]), int(match["message"]), values)
            await answering_errors(interaction, work)

    async def _propose(
        self, interaction: discord.Interaction, channel_id: int, message_id: int, values: dict[str, str]
    ) -> None:
        guild = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        conversation = await read_conversation(interaction, channel_id, message_id)
        proposal = Proposal(
            guild_id=guild,
            channel_id=channel_id,
            organizer_id=interaction.user.id,
            title=values.get("title", ""),
            dates=values.get("dates", ""),
            venues=values.get("venues") or None,
            details=values.get("details") or None,
            repeat=values.get("repeat") or None,
        )
        meetup = await self.conversation.propose(proposal, conversation)
        await reply(interaction, polls_text.proposal_reply(meetup, member_texts(interaction)))

    @app_commands.command(
        name="watch", description=locale_str("Offer to plan a meetup when people here suggest one")
    )
    @app_commands.describe(
        setting=locale_str("on: offer a poll when someone here suggests meeting and says when; off: stop")
    )
    @app_commands.choices(setting=ON_OFF)
    async def watch(self, interaction: discord.Interaction, setting: str) -> None:
        channel_id = interaction.channel_id or 0
        await interaction.response.defer(ephemeral=True, thinking=True)
        before = await self.conversation.watch(
            guild_id(interaction), channel_id, actor(interaction), setting == "on"
        )
        name = getattr(interaction.channel, "name", None) or str(channel_id)
        await reply(interaction, render.watch_text(setting == "on", before, name, member_texts(interaction)))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot:
            return
        if not await self.conversation.offer(message.guild.id, message.channel.id, chat_message(message)):
            return
        texts = await self.bot.services.settings.server_texts(message.guild.id)
        offer = discord.ui.View(timeout=None)
        offer.add_item(PlanButton(message.channel.id, message.id, texts))
        try:
            await message.reply(render.offer_text(texts), view=offer, mention_author=False)
        except discord.HTTPException:
            log.warning("could not offer to plan in channel %s", message.channel.id, exc_info=True)


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Conversation(bot))
