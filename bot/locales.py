"""Discord's side of languages: whose locale an interaction carries, and the commands' translations.

Discord tells the bot each member's language in every interaction (``interaction.locale``) and a
server's in its ``preferred_locale``; here they become the bot's languages. Command names,
descriptions and choices are registered with their translations by discord.py's
:class:`~discord.app_commands.Translator`, which reads the same catalogs as every message.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.i18n import DEFAULT_LANGUAGE, Texts, language_of, texts


def member_texts(interaction: discord.Interaction) -> Texts:
    """The member's own language for a private answer: Swedish for ``sv-SE``, else English."""
    return texts(language_of(interaction.locale.value))


class CatalogTranslator(app_commands.Translator):
    """Gives discord.py each command string's translation from the catalogs, per Discord locale.

    A string the catalog does not translate is registered without a localization, so Discord
    shows the English one.
    """

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = language_of(locale.value)
        if language is None or language == DEFAULT_LANGUAGE:
            return None
        return texts(language).translated(string.message)
