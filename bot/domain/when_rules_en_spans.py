"""English durations, spans, named periods and holidays: "in 2 days", "next week", "in march".

Split from :mod:`when_rules_en` to keep each module short; the conventions are listed in the
docstring of :mod:`bot.domain.when`.
"""

from __future__ import annotations

import re

from bot.domain.when_lexicon import Words
from bot.domain.when_rules import (
    DEPENDENT,
    STRONG,
    WEAK,
    Builder,
    Built,
    amount,
    span,
)
from bot.domain.when_rules_en import AMBIGUOUS_MONTH_WORDS
from bot.domain.when_specs import Anchor, CalendarDate, Holiday, MonthRef, Period, Shift, Spec, Weekday

_QTY = (
    r"(?P<q>\d+(?:[.,]\d+)?|\d\s*/\s*\d|{card}|{qty}|half\s+an?|a\s+half|an?\s+quarter\s+of\s+an?"
    r"|(?:three|3)[-\s]quarters?\s+of\s+an?)"
)
IN_DURATION = (
    r"(?<!\w)(?P<pre>in|within|after)\s+(?:about\s+|around\s+|approximately\s+|roughly\s+|just\s+)?"
    + _QTY
    + r"\s*(?:more\s+)?(?P<u>{unit})(?![\w'\"])"
)
DURATION_AGO = (
    r"(?<!\w)"
    + _QTY
    + r"\s*(?P<u>{unit})\s+(?P<dir>ago|hence|from\s+(?:right\s+)?now|from\s+today|later|back|earlier)(?!\w)"
)
UPCOMING = (
    r"(?<!\w)(?:upcoming\s+(?P<q>\d+|{card})\s+(?P<u>days?|weeks?|months?|years?)"
    r"|(?P<q2>\d+|{card})\s+upcoming\s+(?P<u2>days?|weeks?|months?|years?))(?!\w)"
)
ANCHOR = (
    r"(?<!\w)(?:(?P<q>\d+|{card}|an?)\s+(?P<u>days?|weeks?|months?|years?)\s+(?P<dir>after|before|from)"
    r"|(?:the\s+)?(?P<n>{ord}|[1-5](?:st|nd|rd|th))\s+(?P<wd>{wd})\s+(?P<wdir>after|before)"
    r"|(?:the\s+)?(?:closest|nearest)\s+(?P<cwd>{wd})\s+to)(?!\w)"
)


def duration(match: re.Match[str], words: Words, sign: int = 1) -> Shift | None:
    """The signed shift a duration phrase names; units are looked up in the lexicon."""
    quantity = amount(match["q"], words)
    unit = words.units.get(match["u"])
    if quantity is None or unit is None or quantity > 10_000:
        return None
    name, multiple = unit
    return Shift(sign * quantity * multiple, name)


def build_in_duration(match: re.Match[str], words: Words) -> Built:
    """``in 2 days``, ``in a couple of hours``, ``in 1/2 h``, ``within 2 weeks``, ``after 5 days``.

    "after" with months or years is more often a past span ("after 18 years together").
    """
    shift = duration(match, words)
    if shift and match["pre"] == "after" and shift.unit in ("month", "year"):
        return None
    return (Spec(shift=shift), STRONG) if shift else None


def build_duration_ago(match: re.Match[str], words: Words) -> Built:
    """``7 days ago``, ``a fortnight hence``, ``2 minutes from now``."""
    sign = -1 if match["dir"] in ("ago", "back", "earlier") else 1
    shift = duration(match, words, sign)
    return (Spec(shift=shift), STRONG) if shift else None


def build_upcoming(match: re.Match[str], words: Words) -> Built:
    """``2 upcoming days``: the day (week, month, year) that many units on, as a whole."""
    count = words.number(match["q"] or match["q2"])
    unit = (match["u"] or match["u2"]).rstrip("s")
    if count is None:
        return None
    if unit == "day":
        return Spec(shift=Shift(count, "day")), STRONG
    if unit == "month":
        return Spec(period=Period("month", month=MonthRef(offset=count))), STRONG
    return Spec(period=Period(unit, offset=count)), STRONG


def build_anchor(match: re.Match[str], words: Words) -> Built:
    """``3 days after``, ``third tuesday after``, ``the closest monday to``: needs the day that follows."""
    if match["cwd"]:
        return Spec(anchor=Anchor(weekday=words.weekday(match["cwd"]))), DEPENDENT
    if match["wd"]:
        n = words.ordinal(match["n"]) or 1
        return Spec(
            anchor=Anchor(weekday=words.weekday(match["wd"]), n=-n if match["wdir"] == "before" else n)
        ), DEPENDENT
    count = 1 if match["q"] in ("a", "an") else words.number(match["q"])
    if count is None:
        return None
    unit = match["u"].rstrip("s")
    sign = -1 if match["dir"] == "before" else 1
    return Spec(anchor=Anchor(shift=Shift(sign * count, unit))), DEPENDENT


SPAN = (
    r"(?<!\w)(?:the\s+)?(?P<dir>next|last|past|previous|coming|following)\s+(?P<q>\d+|{card})\s+"
    r"(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)(?!\w)"
)


def build_span(match: re.Match[str], words: Words) -> Built:
    """``the next 3 days`` starts tomorrow; ``the last 2 weeks`` at the start of the week two back."""
    count = words.number(match["q"])
    unit = words.units.get(match["u"])
    if not count or unit is None:
        return None
    offset = 1 if match["dir"] in ("next", "coming", "following") else -count
    return span(unit[0], offset), STRONG


RELATIVE_PERIOD = (
    r"(?<!\w)(?:around\s+)?(?P<mod>this|next|last|coming|upcoming|previous|past|current|"
    r"the\s+following|the\s+next|the\s+previous|the\s+coming)\s+(?P<u>week|month|year|yr)(?!\w)"
)


def build_relative_period(match: re.Match[str], words: Words) -> Built:
    """``next week``, ``this month``, ``last year``."""
    mod = match["mod"].split()[-1]
    offset = {"this": 0, "current": 0, "last": -1, "previous": -1, "past": -1}.get(mod, 1)
    unit = "year" if match["u"] == "yr" else match["u"]
    if unit == "month":
        return Spec(period=Period("month", month=MonthRef(offset=offset))), STRONG
    return Spec(period=Period(unit, offset=offset)), STRONG


MONTH_PERIOD = (
    r"(?<!\w)(?:(?P<mod>in|during|next|this|last|until|till|by|since|early|mid|late)\s+)?"
    r"(?P<mon>{fullmon})(?:\s+(?P<y>[12]\d{3}))?"
    r"(?:\s+(?P<post>after\s+next|in\s+(?:a|1|one)\s+year))?(?!\w)"
)


def build_month_period(match: re.Match[str], words: Words) -> Built:
    """``in march``, ``next March``, ``March after next``; a bare month name is weak.

    "mid March" and "late March" start on the 11th and the 21st (the month in thirds).
    """
    month = words.months[match["mon"]]
    year = int(match["y"]) if match["y"] else None
    if match["mod"] in ("mid", "late"):
        return Spec(day=CalendarDate(month, 11 if match["mod"] == "mid" else 21, year)), STRONG
    skip = 1 if match["post"] else -1 if match["mod"] == "last" else 0
    spec = Spec(period=Period("month", month=MonthRef(month, year, skip=skip)))
    ambiguous = match["mon"] in AMBIGUOUS_MONTH_WORDS
    if year or (match["mod"] and not (ambiguous and match["mod"] == "this")):
        return spec, STRONG
    return spec, WEAK


YEAR = r"(?<!\w)(?:in|during|year|since|until|by)\s+(?P<y>[12]\d{3})(?:\s*a\.?d\.?)?(?!\w)"


def build_year(match: re.Match[str], words: Words) -> Built:
    """``in 2014``: a bare four-digit number is never read as a year (or a time)."""
    return Spec(period=Period("year", year=int(match["y"]))), STRONG


WEEKEND = r"(?<!\w)(?:(?P<mod>this|next|last|the|over\s+the|on\s+the)\s+)?(?:week-?end|wkend)(?!\w)"


def build_weekend(match: re.Match[str], words: Words) -> Built:
    """A weekend is read as its Saturday; a bare "weekend" is weak."""
    mod = (match["mod"] or "").split()[-1:] or [""]
    mode = {"next": "next_week", "last": "last"}.get(mod[0], "this")
    return Spec(day=Weekday(5, mode)), STRONG if mod[0] else WEAK


HOLIDAY = (
    r"(?<!\w)(?:(?P<mod>next|this|last)\s+)?"
    r"(?P<h>christmas\s+eve|christmas(?:\s+day)?|x-?mas(?:\s+day)?|boxing\s+day"
    r"|new\s+year'?s?\s+eve|new\s+year'?s?(?:\s+day)?|valentine'?s?\s+day|halloween"
    r"|easter\s+mon(?:day)?|easter(?:\s+sunday)?|good\s+friday"
    r"|midsummer(?:'?s)?\s+eve|midsummer(?:'?s\s+day)?)"
    r"(?:\s+(?P<y>[12]\d{3}))?(?!\w)"
)


def holiday_name(spoken: str) -> str | None:
    """Map any spelling the pattern allows ("X-mas day", "new years eve") to a calendar name."""
    letters = re.sub(r"[^a-z]", "", spoken)
    if letters.startswith(("christmaseve", "boxing")):
        return "christmas eve" if letters.startswith("christmas") else "boxing day"
    if letters.startswith(("christmas", "xmas")):
        return "christmas"
    if letters.startswith("newyear"):
        return "new year's eve" if letters.endswith("eve") else "new year's day"
    if letters.startswith("midsummer"):
        return "midsummer eve" if letters.endswith("eve") else "midsummer"
    names = {
        "valentinesday": "valentine's day",
        "valentineday": "valentine's day",
        "goodfriday": "good friday",
    }
    names |= {"eastermonday": "easter monday", "eastermon": "easter monday", "easter": "easter"}
    names |= {"eastersunday": "easter"}
    names |= {"halloween": "halloween"}
    return names.get(letters)


def build_holiday(match: re.Match[str], words: Words) -> Built:
    """A few holidays people plan around; the next one unless a year is given."""
    name = holiday_name(match["h"])
    if name is None:
        return None
    if match["mod"] == "last" and not match["y"]:
        return Spec(day=Holiday(name, back=True)), STRONG
    return Spec(day=Holiday(name, int(match["y"]) if match["y"] else None)), STRONG


# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder]] = [
    (IN_DURATION, build_in_duration),
    (DURATION_AGO, build_duration_ago),
    (UPCOMING, build_upcoming),
    (ANCHOR, build_anchor),
    (SPAN, build_span),
    (RELATIVE_PERIOD, build_relative_period),
    (MONTH_PERIOD, build_month_period),
    (YEAR, build_year),
    (WEEKEND, build_weekend),
    (HOLIDAY, build_holiday),
]
