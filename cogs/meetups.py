"""``/meetup propose``, ``close``, ``cancel``, ``reschedule``, ``list`` and ``show``: thin handlers."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.app import MeetupBot
from bot.domain.mentions import member_mentions
from bot.domain.proposal import clip
from bot.domain.series import repeat_suggestions
from bot.locales import member_texts
from bot.presentation import listing
from bot.presentation import polls as polls_text
from bot.replies import reply
from bot.services.polls import Proposal
from cogs.common import actor, guild_id, meetup_choices

MAX_CHOICE = 100
PREVIEW = "EEE d MMM y HH:mm"
"""How a typed date reads back while it is typed: weekday and month in the member's language,
in the time zone it was read in."""


class Meetups(commands.Cog):
    def __init__(self, bot: MeetupBot) -> None:
        self.bot = bot
        self.polls = bot.services.polls
        self.meetups = bot.services.meetups

    @app_commands.command(
        name="propose", description=locale_str("Propose a meetup and let the channel vote on dates")
    )
    @app_commands.describe(
        title=locale_str("What the meetup is, e.g. Pizza after the course"),
        dates=locale_str("Candidate times separated by ; e.g. fri 19:00; sat 18:00; Dec 3 6pm"),
        venues=locale_str("Candidate places separated by ; (an address may follow after |)"),
        details=locale_str("Anything people should know"),
        closes=locale_str(
            "When voting ends, e.g. tomorrow 18:00 or in 2 days (default: the server's poll duration)"
        ),
        capacity=locale_str("How many people can come; later ✅ go on a waitlist"),
        min_people=locale_str("Call it off unless the winning date gets at least this many votes"),
        invite=locale_str("Members to invite by DM, e.g. @Alice @Bob"),
        private_address=locale_str("Show venue addresses only to people going, by DM"),
        repeat=locale_str(
            "Make it a series: weekly, every 2 weeks, monthly, every other Thursday, varje vecka…"
        ),
    )
    async def propose(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 100],
        dates: app_commands.Range[str, 1, 1000],
        venues: app_commands.Range[str, 1, 1000] | None = None,
        details: app_commands.Range[str, 1, 1000] | None = None,
        closes: app_commands.Range[str, 1, 100] | None = None,
        capacity: app_commands.Range[int, 1, 10_000] | None = None,
        min_people: app_commands.Range[int, 1, 10_000] | None = None,
        invite: app_commands.Range[str, 1, 2000] | None = None,
        private_address: bool = False,
        repeat: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        proposal = Proposal(
            guild_id=guild_id(interaction),
            channel_id=interaction.channel_id or 0,
            organizer_id=interaction.user.id,
            title=title,
            dates=dates,
            venues=venues,
            details=details,
            closes=closes,
            capacity=capacity,
            min_people=min_people,
            invitees=member_mentions(invite, "invite", ignore={self.bot.user.id} if self.bot.user else set()),
            private_address=private_address,
            repeat=repeat,
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        meetup = await self.polls.propose(proposal)
        await reply(interaction, polls_text.proposal_reply(meetup, member_texts(interaction)))

    @propose.autocomplete("dates")
    async def dates_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Shows how each typed candidate is understood, while it is typed."""
        if interaction.guild_id is None or not current.strip() or len(current) > MAX_CHOICE:
            return []
        choices, texts = [], member_texts(interaction)
        for reading in await self.polls.preview(interaction.guild_id, interaction.user.id, current):
            if reading.ok and reading.found is not None:
                found = reading.found.start
                name = f"✓ {clip(reading.text, 40)} → {texts.date(found, PREVIEW)}"
            else:
                problem = texts.message(reading.problem) if reading.problem else ""
                name = f'✗ "{clip(reading.text, 40)}": {problem}'
            choices.append(app_commands.Choice(name=clip(name, MAX_CHOICE), value=current))
        return choices[:25]

    @propose.autocomplete("repeat")
    async def repeat_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The usual values, and how what is typed reads (or why it does not), in the member's language."""
        texts = member_texts(interaction)
        return [
            app_commands.Choice(
                name=clip(name if isinstance(name, str) else texts.message(name), MAX_CHOICE),
                value=clip(value, MAX_CHOICE),
            )
            for name, value in repeat_suggestions(current)
        ]

    @app_commands.command(
        name="close", description=locale_str("Close a poll now and announce the winning date")
    )
    @app_commands.describe(meetup=locale_str("The meetup, e.g. 3"))
    @app_commands.autocomplete(meetup=meetup_choices)
    async def close(self, interaction: discord.Interaction, meetup: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        closed = await self.meetups.close(guild_id(interaction), meetup, actor(interaction))
        texts = member_texts(interaction)
        await reply(
            interaction,
            polls_text.closed_reply(closed.meetup, closed.not_shown, texts, poll_gone=closed.poll_gone),
        )

    @app_commands.command(
        name="cancel", description=locale_str("Cancel a meetup (organizer or Manage Events)")
    )
    @app_commands.describe(
        meetup=locale_str("The meetup, e.g. 3"), reason=locale_str("Why, shown to everyone")
    )
    @app_commands.autocomplete(meetup=meetup_choices)
    async def cancel(
        self,
        interaction: discord.Interaction,
        meetup: int,
        reason: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        cancelled = await self.meetups.cancel(guild_id(interaction), meetup, actor(interaction), reason)
        await reply(
            interaction,
            polls_text.cancelled_reply(cancelled.meetup, cancelled.not_shown, member_texts(interaction)),
        )

    @app_commands.command(
        name="reschedule", description=locale_str("Move a scheduled meetup to another time")
    )
    @app_commands.describe(
        meetup=locale_str("The meetup, e.g. 3"), when=locale_str("The new time, e.g. sat 18:00")
    )
    @app_commands.autocomplete(meetup=meetup_choices)
    async def reschedule(
        self, interaction: discord.Interaction, meetup: int, when: app_commands.Range[str, 1, 100]
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        moved = await self.meetups.reschedule(guild_id(interaction), meetup, actor(interaction), when)
        await reply(
            interaction, polls_text.moved_reply(moved.meetup, moved.not_shown, member_texts(interaction))
        )

    @app_commands.command(name="list", description=locale_str("Open and upcoming meetups in this server"))
    async def list(self, interaction: discord.Interaction) -> None:
        meetups = await self.meetups.upcoming(guild_id(interaction))
        await reply(interaction, "", embed=listing.upcoming_embed(meetups, member_texts(interaction)))

    @app_commands.command(name="show", description=locale_str("Everything about one meetup"))
    @app_commands.describe(meetup=locale_str("The meetup, e.g. 3"))
    @app_commands.autocomplete(meetup=meetup_choices)
    async def show(self, interaction: discord.Interaction, meetup: int) -> None:
        found = await self.meetups.find(guild_id(interaction), meetup)
        dates, venues, votes, rsvps = await self.meetups.details(found)
        recap = await self.bot.services.recap.summary(found)
        series, calendar = await self.bot.services.series.shown_with(found)
        embed = listing.meetup_embed(
            found, dates, venues, votes, rsvps, member_texts(interaction), recap, series
        )
        await reply(interaction, "", embed=embed, files=[calendar] if calendar else [])


async def setup(bot: MeetupBot) -> None:
    await bot.add_cog(Meetups(bot))
