"""English durations, spans, named periods and holidays: "in 2 days", "next week", "in march".

Split from :mod:`bot.when.rules_en` to keep each module short; the conventions are listed in the
docstring of :mod:`bot.when`. Durations, years, weekends and holidays are read as in
Swedish, by the builders in :mod:`bot.when.rules_common`.
"""

from __future__ import annotations

import re

from bot.when import rules_common as common
from bot.when.rules import DEPENDENT, STRONG, WEAK, Builder, Built, span
from bot.when.rules_en import AMBIGUOUS_MONTH_WORDS
from bot.when.specs import Anchor, CalendarDate, MonthRef, Period, Shift, Spec
from bot.when.words import Words

_QTY = (
    r"(?P<q>\d+(?:[.,]\d+)?|(?:\d+|{card})\s+and\s+a\s+half|\d\s*/\s*\d|{card}|{qty}|half\s+an?|a\s+half|an?\s+quarter\s+of\s+an?"
    r"|(?:three|3)[-\s]quarters?\s+of\s+an?)"
)
IN_DURATION = (
    r"(?:(?<!\w)(?:in|within|(?P<after>after))\s+|(?<![\w+])\+\s*)(?:(?:about|around|approximately|approx\.?|roughly|just)\s+)?"
    + _QTY
    + r"\s*(?:more\s+)?(?P<u>{unit})(?P<half>\s+and\s+a\s+half)?(?:'?s?'?\s+time)?(?![\w'\"])"
)
DURATION_AGO = (
    r"(?<!\w)"
    + _QTY
    + r"\s*(?P<u>{unit})\s+(?:(?P<back>ago|back|earlier)|hence|from\s+(?:right\s+)?now|from\s+today|later)(?!\w)"
)
UPCOMING = (
    r"(?<!\w)(?:upcoming\s+(?P<q>\d+|{card})\s+(?P<u>days?|weeks?|months?|years?)"
    r"|(?P<q2>\d+|{card})\s+upcoming\s+(?P<u2>days?|weeks?|months?|years?))(?!\w)"
)
ANCHOR = (
    r"(?<!\w)(?:(?P<q>\d+|{card}|an?)\s+(?P<u>days?|weeks?|months?|years?)(?:\s+(?:after|(?P<before>before)|from)|(?=\s+(?:on|today|tomorrow)(?!\w)))"
    r"|(?:the\s+)?(?P<n>{ord}|[1-5](?:st|nd|rd|th))\s+(?P<wd>{wd})\s+(?P<wdir>after|before)"
    r"|(?:the\s+)?(?:closest|nearest)\s+(?P<cwd>{wd})\s+to)(?!\w)"
)


def build_upcoming(match: re.Match[str], words: Words) -> Built:
    """``2 upcoming days``: the day (week, month, year) that many units on, as a whole."""
    count = words.number(match["q"] or match["q2"])
    unit = (match["u"] or match["u2"]).rstrip("s")
    if count is None:
        return None
    if unit == "day":
        return Spec(shift=Shift(count, "day")), STRONG
    return span(unit, count), STRONG


def build_anchor(match: re.Match[str], words: Words) -> Built:
    """``3 days after``, ``third tuesday after``, ``the closest monday to``: needs the day that follows."""
    if match["cwd"]:
        return Spec(anchor=Anchor(weekday=words.weekday(match["cwd"]))), DEPENDENT
    if match["wd"]:
        n = words.ordinal(match["n"]) or 1
        return Spec(
            anchor=Anchor(weekday=words.weekday(match["wd"]), n=-n if match["wdir"] == "before" else n)
        ), DEPENDENT
    return common.build_shift_anchor(match, words)


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
    offset = 1 if words.offset(match["dir"]) > 0 else -count
    return span(unit[0], offset), STRONG


RELATIVE_PERIOD = (
    r"(?<!\w)(?:around\s+)?(?P<mod>this|next|last|coming|upcoming|previous|past|current|"
    r"the\s+following|the\s+next|the\s+previous|the\s+coming)\s+(?P<u>hour|week|month|year|yr)(?!\w)"
)


def build_relative_period(match: re.Match[str], words: Words) -> Built:
    """``next hour``, ``next week``, ``this month``, ``last year``."""
    unit = "year" if match["u"] == "yr" else match["u"]
    return span(unit, words.offset(match["mod"])), STRONG


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


THIS_TIME = r"(?<!\w)(?:this|same)\s+time\s+(?:(?P<day>tomorrow)|next\s+(?P<u>week|month|year))(?!\w)"


def build_this_time(match: re.Match[str], words: Words) -> Built:
    """``this time next week``, ``same time tomorrow``: now's wall-clock time that far on."""
    return Spec(shift=Shift(1, "day" if match["day"] else match["u"])), STRONG


WEEKEND = (
    r"(?<!\w)(?:(?P<mod>this\s+coming|this|next|last|coming|upcoming|the|over\s+the|on\s+the)\s+)?"
    r"(?:week-?end|wkend)(?:\s+(?P<post>after\s+next))?(?!\w)"
)


HOLIDAY = r"(?<!\w)(?:(?:next|this|(?P<back>last))\s+)?(?P<h>{hol})(?:'?s)?(?:\s+(?P<y>[12]\d{3}))?(?!\w)"


# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder, str | None]] = [
    (IN_DURATION, common.build_in_duration, r"(?<!\w)(?:in|within|after)\s|\+"),
    (DURATION_AGO, common.build_duration_ago, "ago|back|earlier|hence|from|later"),
    (UPCOMING, build_upcoming, "upcoming"),
    (ANCHOR, build_anchor, "after|before|from|on|today|tomorrow|closest|nearest"),
    (SPAN, build_span, "sec|min|hour|hr|day|week|month|year"),
    (RELATIVE_PERIOD, build_relative_period, "hour|week|month|year|yr"),
    (MONTH_PERIOD, build_month_period, "{fullmon}"),
    (YEAR, common.build_year, r"\d"),
    (THIS_TIME, build_this_time, "time"),
    (WEEKEND, common.build_weekend, "week|wkend"),
    (HOLIDAY, common.build_holiday, "{hol}"),
]
