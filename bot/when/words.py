"""The view of the lexicon a rule reads: :class:`Words`, and regex alternatives built from tables.

:func:`alternation` turns a table into a trie-shaped regex alternative that prefers the longest
spelling, so ``"thurs"`` wins over ``"thu"`` and ``"mars"`` over ``"mar"``. :class:`Words` is one
language's tables, or several merged for the digit rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.when.lexicon import (
    HOLIDAYS,
    MONTHS,
    OFFSETS,
    PART_WORDS,
    QUANTITIES,
    RELATIVE_DAYS,
    UNITS,
    WEEKDAYS_FULL,
    WEEKDAYS_SHORT,
)
from bot.when.numbers import CARDINALS, ORDINALS


def alternation(words: Iterable[str]) -> str:
    """A non-capturing regex alternative for *words*, shaped as a trie.

    Sharing prefixes ("thu(?:rs(?:day)?)?") keeps matching fast with hundreds of spellings; the
    greedy optional suffixes still prefer the longest spelling. Spaces match any run of blanks, an
    apostrophe may be left out and a hyphen may be a blank, as people type them.
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _trie_regex(trie) + ")"


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [
        _SPELLED.get(char, re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


_SPELLED = {" ": r"\s+", "'": "'?", "-": r"[-\s]"}


@dataclass(frozen=True)
class Words:
    """The vocabulary of one language (or the union of several) plus regex fragments for it.

    Every builder is handed the Words its rule was compiled with, so one builder can serve both
    languages: an English rule finds "march" here, a Swedish one "mars".
    """

    languages: tuple[str, ...]
    weekdays: Mapping[str, int]
    short_weekdays: Mapping[str, int]
    months: Mapping[str, int]
    ordinals: Mapping[str, int]
    cardinals: Mapping[str, int]
    quantities: Mapping[str, int]
    units: Mapping[str, tuple[str, int]]
    parts: Mapping[str, str]
    offsets: Mapping[str, int]
    holidays: Mapping[str, str]
    relative_days: Mapping[str, int]
    fragments: Mapping[str, str]

    @classmethod
    def of(cls, languages: tuple[str, ...]) -> Words:
        """Merge the tables of *languages*; the first one listed wins a shared spelling."""

        def table(source: Mapping[str, Mapping]) -> dict:
            merged: dict = {}
            for language in reversed(languages):
                merged.update(source.get(language, {}))
            return merged

        weekdays, short = table(WEEKDAYS_FULL), table(WEEKDAYS_SHORT)
        months, ordinals, cardinals = table(MONTHS), table(ORDINALS), table(CARDINALS)
        quantities, units, holidays = table(QUANTITIES), table(UNITS), table(HOLIDAYS)
        hour_words = [word for word, value in cardinals.items() if 1 <= value <= 12]
        full_months = [word for word in months if len(word) > 3 or word in ("may", "maj")]
        dependent_hours = [word for word in hour_words if word not in ("en", "ett", "a", "an")]
        fragments = {
            "wd": alternation(weekdays),
            "wds": alternation(short),
            "mon": alternation(months),
            "fullmon": alternation(full_months),
            "ord": alternation(ordinals),
            "card": alternation(cardinals),
            "hourw": alternation(hour_words),
            "hourdep": alternation(dependent_hours) if dependent_hours else "(?!)",
            "qty": alternation(quantities) if quantities else "(?!)",
            "unit": alternation(units),
            "hol": alternation(holidays) if holidays else "(?!)",
        }
        return cls(
            languages=languages,
            weekdays=weekdays,
            short_weekdays=short,
            months=months,
            ordinals=ordinals,
            cardinals=cardinals,
            quantities=quantities,
            units=units,
            parts=table(PART_WORDS),
            offsets=table(OFFSETS),
            holidays={_NOT_LETTERS.sub("", spelled): name for spelled, name in holidays.items()},
            relative_days=table(RELATIVE_DAYS),
            fragments=fragments,
        )

    def number(self, text: str) -> int | None:
        """Digits or a spelled-out number; None for anything else."""
        text = _BLANKS.sub(" ", text.strip())
        if text.isdigit():
            return int(text)
        return self.cardinals.get(text)

    def ordinal(self, text: str) -> int | None:
        """``3rd``, ``3:e``, ``third``, ``tredje`` or plain ``3``."""
        text = _BLANKS.sub(" ", text.strip())
        digits = _ORDINAL_DIGITS.fullmatch(text)
        if digits:
            return int(digits.group(1))
        return self.ordinals.get(text)

    def weekday(self, text: str) -> int:
        """The weekday number of a full or short name known to be in the tables."""
        return self.weekdays.get(text, self.short_weekdays.get(text, 0))

    def offset(self, text: str | None) -> int:
        """How many periods from the current one ``next``, ``the following`` or ``den här`` points.

        The last word decides, so a pattern may capture the article with it.
        """
        said = (text or "").split()
        return self.offsets.get(said[-1], 0) if said else 0

    def holiday(self, text: str) -> str:
        """The calendar name of a holiday a pattern matched, however it was spaced or hyphenated."""
        return self.holidays[_NOT_LETTERS.sub("", text)]

    def relative_day(self, text: str) -> int:
        """Days from today of a word a pattern matched; "i morgon" is spaced either way."""
        return self.relative_days[_NOT_LETTERS.sub("", text)]


_BLANKS = re.compile(r"\s+")
_NOT_LETTERS = re.compile(r"[\W\d_]")
_ORDINAL_DIGITS = re.compile(r"(\d{1,2})(?:st|nd|rd|th|:a|:e)?")
