"""The bot's languages: gettext catalogs managed with Babel, and a translator per language.

Messages are written in English in the code and marked for extraction (``texts._(...)``,
``texts.n_(...)``, ``lazy(...)``, ``UserError(...)``, ``locale_str(...)``; see ``babel.cfg``);
each other language is a ``.po`` file in ``bot/locale/<language>/LC_MESSAGES/``. The ``.po``
file is compiled when a language is first used, in memory: no compiled ``.mo`` file has to be
built at install, kept in the repository or refreshed after an edit, so a clone, an editable
install and the container all read the same catalog, and a translator sees an edit at the next
start. Compiling the Swedish catalog takes a few milliseconds.

Templates use named ``str.format`` placeholders; values are passed beside them, so member text
in a value is never read as a template.
"""

from __future__ import annotations

import gettext
import io
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.domain.messages import Message

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "sv")
"""The languages the bot speaks: English, the language of the code, and one catalog each else."""
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "n_": (1, 2),
    "lazy": None,
    "marked": None,
    "UserError": None,
    "NotAllowed": None,
    "NotFound": None,
    "locale_str": None,
}
"""The calls whose first argument (both, for ``n_``) is a message: what ``pybabel extract -k``
is given, and what the catalog test extracts with."""


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _compiled(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Texts:
    """Everything the bot says, in one language; handed to presentation functions as a value."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def _(self, template: str, /, **params: Any) -> str:
        """``template`` in this language, its placeholders filled with ``params`` (a template
        without values is shown as it is)."""
        translated = self._translations.gettext(template)
        return translated.format(**params) if params else translated

    def n_(self, singular: str, plural: str, count: int, /, **params: Any) -> str:
        """The singular or plural template as this language counts ``count`` (``{count}`` filled)."""
        return self._translations.ngettext(singular, plural, count).format(count=count, **params)

    def message(self, message: Message) -> str:
        """A message the domain kept lazy (a refusal, a problem), in this language."""
        return message.render(self._translations.gettext)

    def translated(self, text: str) -> str | None:
        """The catalog's translation of ``text``, or None where the catalog has none."""
        found = self._translations.gettext(text)
        return None if self.language == DEFAULT_LANGUAGE or found == text else found

    def date(self, moment: datetime, pattern: str) -> str:
        """``moment`` in words (a CLDR pattern such as ``EEEE d MMMM y``), with this language's
        month and weekday names."""
        return format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=self.language)


@cache
def texts(language: str | None) -> Texts:
    """The translator for ``language``; an unknown or missing language is English."""
    chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return Texts(chosen, _compiled(chosen))


def language_of(locale: str | None) -> str | None:
    """The bot's language for a Discord locale (``sv-SE`` is Swedish), None when it has none."""
    if not locale:
        return None
    code = locale.split("-")[0].lower()
    return code if code in LANGUAGES else None


ENGLISH = texts(DEFAULT_LANGUAGE)
