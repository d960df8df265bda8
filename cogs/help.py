"""``/meetup help``: what the bot does and how to use it, answered privately."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.i18n import Texts
from bot.locales import member_texts


def help_text(texts: Texts) -> str:
    return texts._(
        "**Meetup bot** turns a conversation here into a meetup in real life.\n"
        "\n"
        "**1. Propose**: `/meetup propose title:<what> dates:<fri 19:00; sat 18:00>`, or right-click a"
        " message → Apps → *Plan a meetup* to start from the conversation.\n"
        "**2. Vote**: react to the poll with 1️⃣ 2️⃣ 3️⃣ … for every date that suits you.\n"
        "**3. Close**: the poll closes by itself (or `/meetup close`), the winning date is announced,"
        " and its voters are going.\n"
        "**4. RSVP**: react ✅ going, ❔ maybe or ❌ can't on the announcement.\n"
        "**5. Reminders** arrive by DM before the meetup, with who else is coming."
        " `/meetup reminders off` if you'd rather not.\n"
        "**6. Afterwards** the bot asks how it was, and 🔁 starts the next one.\n"
        "\n"
        "Other commands: `/meetup list`, `/meetup show`, `/meetup cancel`, and `/meetup calendar` for a link"
        " that puts this server's meetups in your calendar app.\n"
        'Times are read in English or Swedish ("saturday 7pm", "på lördag kl 19") and shown in your own'
        " time zone."
    )


class Help(commands.Cog):
    @app_commands.command(name="help", description=locale_str("What the meetup bot does and how to use it"))
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(help_text(member_texts(interaction)), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Help())
