"""Builders English and Swedish share: the phrases are worded apart, the reading is the same.

Each language keeps its own patterns, since word order and inflection differ ("the first tuesday
of october", "första tisdagen i oktober"), and hands the matches to one builder here. What only
the language knows reaches the builder in two ways: through its :class:`Words` (month names,
ordinals, how far "next" or "förra" points, holiday and part-of-day spellings), and through named
groups that mark what a word does rather than how it is spelled: ``last`` counts from the end
("last"/"sista"), ``back`` goes into the past ("ago"/"sedan"), ``before`` counts back from the
day that follows ("före"), ``after`` is the ambiguous "after"/"efter". Readings that differ
between the languages stay in their modules.
"""

from __future__ import annotations

import re

from bot.when.rules import DEPENDENT, STRONG, WEAK, Built, amount, clock
from bot.when.specs import (
    Anchor,
    Holiday,
    MonthRef,
    NthDay,
    NthWeekday,
    Period,
    RelativeDay,
    Shift,
    Spec,
    Weekday,
)
from bot.when.words import Words


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
    """The part of the day a match names; an English "early" or "late" (``el``) overrides the noun.

    "in the a.m." (``half``) is the morning and "in the p.m." the afternoon.
    """
    groups = match.groupdict()
    if groups.get("half"):
        return "morning" if groups["half"] == "a" else "afternoon"
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


def build_counted_weekdays(match: re.Match[str], words: Words) -> Built:
    """``3 fridays from now``, ``2 thursdays ago``, ``två söndagar från nu``."""
    count = words.number(match["n"])
    if not count:
        return None
    mode = "ago" if match["back"] else "ahead"
    return Spec(day=Weekday(words.weekday(match["wd"]), mode, count)), STRONG


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


def duration(match: re.Match[str], words: Words) -> Shift | None:
    """The shift an amount (``q``) of a unit (``u``) names, into the past after a ``back`` word.

    "an hour and a half" (``half``) adds half a unit after it.
    """
    quantity = amount(match["q"], words)
    if quantity is not None and match.groupdict().get("half"):
        quantity += 0.5
    unit = words.units.get(match["u"])
    if quantity is None or unit is None or quantity > 10_000:
        return None
    name, multiple = unit
    sign = -1 if match.groupdict().get("back") else 1
    return Shift(sign * quantity * multiple, name)


def build_in_duration(match: re.Match[str], words: Words) -> Built:
    """``in 2 days``, ``om en halv timme``, ``within 2 weeks``, ``efter 5 dagar``.

    "after" with months or years is more often a past span or an age ("after 18 years together",
    "efter 18 år").
    """
    shift = duration(match, words)
    if shift and match["after"] and shift.unit in ("month", "year"):
        return None
    return (Spec(shift=shift), STRONG) if shift else None


def build_duration_ago(match: re.Match[str], words: Words) -> Built:
    """``7 days ago``, ``a fortnight hence``, ``för 3 veckor sedan``, ``en sekund från nu``."""
    shift = duration(match, words)
    return (Spec(shift=shift), STRONG) if shift else None


def build_shift_anchor(match: re.Match[str], words: Words) -> Built:
    """``3 days after``, ``a week before``, ``2 veckor före``: counted from the day that follows."""
    said = match["q"]
    count = words.quantities[said] if said in words.quantities else words.number(said)
    unit = words.units.get(match["u"])
    if count is None or unit is None:
        return None
    name, multiple = unit
    sign = -1 if match["before"] else 1
    return Spec(anchor=Anchor(shift=Shift(sign * count * multiple, name))), DEPENDENT


def build_year(match: re.Match[str], words: Words) -> Built:
    """``in 2014``, ``år 2014``: a bare four-digit number is never read as a year (or a time)."""
    return Spec(period=Period("year", year=int(match["y"]))), STRONG


def build_weekend(match: re.Match[str], words: Words) -> Built:
    """A weekend is read as its Saturday; without a word before it ("weekend", "helgen") it is weak.

    "next weekend" is the one in next week; "this coming weekend", like "this weekend", the next
    one to come; "the weekend after next" the one after that.
    """
    said = match["mod"] or ""
    if match.groupdict().get("post"):
        return Spec(day=Weekday(5, "ahead", 2)), STRONG
    offset = 0 if said.endswith("coming") else words.offset(said)
    mode = {1: "next_week", -1: "last"}.get(offset, "this")
    return Spec(day=Weekday(5, mode)), STRONG if said else WEAK


def build_holiday(match: re.Match[str], words: Words) -> Built:
    """A holiday people plan around: the next one, that year's, or the one just past (``back``)."""
    name = words.holiday(match["h"])
    year = int(match["y"]) if match["y"] else None
    if match.groupdict().get("back") and year is None:
        return Spec(day=Holiday(name, back=True)), STRONG
    return Spec(day=Holiday(name, year)), STRONG
