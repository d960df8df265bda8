"""The message catalogs: every message the code marks has a Swedish translation that keeps its
placeholders, and the catalog holds nothing the code no longer says."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.domain.messages import lazy
from bot.i18n import DEFAULT_LANGUAGE, KEYWORDS, LANGUAGES, catalog_path, texts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]


def marked_in_code() -> set[str | tuple[str, str]]:
    """What ``pybabel extract`` with babel.cfg finds: each message (a plural as its two forms)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[str | tuple[str, str]] = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.fixture(scope="module")
def code_messages() -> set[str | tuple[str, str]]:
    return marked_in_code()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_message_is_translated(language: str, code_messages: set) -> None:
    """A message added to the code without its translation fails here, named."""
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    untranslated = []
    for key in code_messages:
        entry = catalog.get(key if isinstance(key, str) else key[0])
        strings = entry.string if entry is not None else None
        if entry is None or entry.fuzzy or not all(strings if isinstance(strings, tuple) else [strings]):
            untranslated.append(key)
    assert not untranslated, f"{language}: no translation for {sorted(map(str, untranslated))}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language: str) -> None:
    """A translation that drops, renames or adds a ``{placeholder}`` would lose a value or fail
    when it is filled; plural forms are held to the plural's placeholders."""
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(i) for i in ids))
        for translation in strings:
            if placeholders(translation) - expected or (
                len(ids) == 1 and placeholders(translation) != expected
            ):
                wrong.append((message.id, translation))
    assert not wrong


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_holds_nothing_the_code_no_longer_says(language: str, code_messages: set) -> None:
    """Stale entries would keep translations of texts nobody sees; `pybabel update` drops them."""
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    ids = {key if isinstance(key, str) else key[0] for key in code_messages}
    stale = [
        message.id
        for message in catalog
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) not in ids
    ]
    assert not stale


def test_a_lazy_message_is_filled_in_the_readers_language() -> None:
    """Values are filled after translation, so member text is never read as a template."""
    message = lazy("`{option}` must be longer than zero, like `2h`", option="{poll_duration}")
    assert texts("en").message(message) == "`{poll_duration}` must be longer than zero, like `2h`"
    assert "{poll_duration}" in texts("sv").message(message)
    assert texts("sv").message(message) != texts("en").message(message)


def test_an_unknown_language_is_english() -> None:
    assert texts("de").language == "en"
    assert texts(None).language == "en"
