"""Builders English and Swedish share: the phrases are worded apart, the reading is the same.

Each language keeps its own patterns, since word order and inflection differ ("the first tuesday
of october", "första tisdagen i oktober"), and hands the matches to one builder here. What only
the language knows reaches the builder in two ways: through its :class:`Words` (month names,
ordinals, how far "next" or "förra" points, part-of-day spellings), and through named groups
that mark what a word does rather than how it is spelled, such as ``last``, which counts from
the end ("last"/"sista"). Readings that differ between the languages stay in their modules.
"""

from __future__ import annotations

import re

from bot.domain.when_lexicon import Words
from bot.domain.when_rules import STRONG, WEAK, Built, clock
from bot.domain.when_specs import MonthRef, NthDay, NthWeekday, RelativeDay, Spec


def build_noon(match: re.Match[str], words: Words) -> Built:
    """Noon and midnight are clock times; "lunch" is only a time beside a day ("lunch tomorrow")."""
    word = match["w"]
    if word.startswith("midn"):
        return Spec(clock=clock(0, literal=True, end_of_day=True)), STRONG
    if word.startswith("lunch"):
        return Spec(part="lunch"), WEAK
    return Spec(clock=clock(12, literal=True)), STRONG


def build_now(match: re.Match[str], words: Words) -> Built:
    """A lone "now" is a time ("closes: now"), but chat says it all the time, so it is weak."""
    return Spec(now=True), WEAK


def part_of(match: re.Match[str], words: Words) -> str:
    """The part of the day a match names; an English "early" or "late" (``el``) overrides the noun."""
    groups = match.groupdict()
    return groups.get("el") or words.parts[groups.get("night") or match["p"]]


def build_part_today(match: re.Match[str], words: Words) -> Built:
    """``this evening``, ``ikväll``: today's, even when it has begun."""
    return Spec(part=part_of(match, words), part_today=True), STRONG


def build_part(match: re.Match[str], words: Words) -> Built:
    """``in the morning``, ``på kvällen``: the next one not yet over."""
    return Spec(part=part_of(match, words)), STRONG


def build_bare_part(match: re.Match[str], words: Words) -> Built:
    """A bare ``morning`` ("good morning!") or ``kväll`` only counts beside a day or a clock time."""
    return Spec(part=part_of(match, words)), WEAK


def build_relative_day(match: re.Match[str], words: Words) -> Built:
    """``tomorrow``, ``the day after tomorrow``, ``i övermorgon``, common misspellings included."""
    return Spec(day=RelativeDay(words.relative_day(match["w"]))), STRONG


def month_target(match: re.Match[str], words: Words) -> MonthRef:
    """The month a day is counted in: by name and maybe year (``mon``, ``y``) or relative (``rel``)."""
    if match["mon"]:
        return MonthRef(words.months[match["mon"]], int(match["y"]) if match["y"] else None)
    return MonthRef(offset=words.offset(match["rel"]))


def build_nth_weekday(match: re.Match[str], words: Words) -> Built:
    """``first tuesday of october``, ``sista söndagen i mars``: the fifth at most, or the ``last``."""
    n = -1 if match["last"] else words.ordinal(match["n"])
    if not n or n > 5:
        return None
    return Spec(day=NthWeekday(n, words.weekday(match["wd"]), month_target(match, words))), STRONG


def build_nth_day(match: re.Match[str], words: Words) -> Built:
    """``the 5th last day of may``, ``sista dagen i oktober``; a bare "day of may" is no date."""
    n = words.ordinal(match["n"]) if match["n"] else 1
    if not n or (not match["n"] and not match["last"]):
        return None
    return Spec(day=NthDay(-n if match["last"] else n, month_target(match, words))), STRONG
