"""Swedish durations, spans, named periods and holidays: "om två dagar", "nästa vecka", "i mars".

Split from :mod:`bot.when.rules_sv` to keep each module short. Durations, anchors, years, weekends
and holidays are read as in English, by the builders in :mod:`bot.when.rules_common`.
"""

from __future__ import annotations

import re

from bot.when import rules_common as common
from bot.when.rules import STRONG, WEAK, Builder, Built, span
from bot.when.specs import MonthRef, Period, Shift, Spec
from bot.when.words import Words

_QTY = r"(?P<q>\d+(?:[.,]\d+)?|(?:\d+|{card})\s+och\s+en\s+halv|en\s+halv|ett\s+halvt|{qty}|{card})"
IN_DURATION = (
    r"(?:(?<!\w)(?:om|inom|(?P<after>efter))\s+|(?<![\w+])\+\s*)(?:ca\.?\s+|cirka\s+|ungefär\s+|runt\s+|bara\s+)?"
    + _QTY
    + r"\s*(?P<u>{unit})(?:\s+(?:till|mer))?(?!\w)"
)
DURATION_AGO = (
    r"(?<!\w)(?:för\s+)?"
    + _QTY
    + r"\s*(?P<u>{unit})\s+(?:(?P<back>sedan|sen|tillbaka)|från\s+(?:nu|idag|i\s+dag)|framåt)(?!\w)"
)
ANCHOR = (
    r"(?<!\w)(?P<q>\d+|{card})\s+(?P<u>dagar|dag|veckor|vecka|månader|månad|år)"
    r"\s+(?:efter|(?P<before>före|innan))(?!\w)"
)


SPAN = (
    r"(?<!\w)(?P<dir>nästa|senaste|kommande|förra)\s+(?P<q>\d+|{card})\s+"
    r"(?P<u>sekund|minut|timm|dag|veck|månad|år)[a-z]*(?!\w)"
)
_SPAN_UNITS = {"sekund": "second", "minut": "minute", "timm": "hour", "dag": "day", "veck": "week"}
_SPAN_UNITS |= {"månad": "month", "år": "year"}


def build_span(match: re.Match[str], words: Words) -> Built:
    """``nästa 3 dagar`` starts tomorrow; ``senaste två veckorna`` two weeks back.

    The unit is read by its stem, since here Swedish inflects it ("veckorna", "timmarna") in ways
    the unit table, made for "om 2 veckor", does not list.
    """
    count = words.number(match["q"])
    if not count:
        return None
    offset = 1 if words.offset(match["dir"]) > 0 else -count
    return span(_SPAN_UNITS[match["u"]], offset), STRONG


RELATIVE_PERIOD = (
    r"(?<!\w)(?:(?P<mod>denna|den\s+här|nästa|förra|kommande|i)"
    r"\s+(?P<u>timmen|timme|veckan|vecka|månaden|månad|året|år)"
    r"|(?P<fjol>i\s+fjol))(?!\w)"
)


def build_relative_period(match: re.Match[str], words: Words) -> Built:
    """``nästa timme``, ``nästa vecka``, ``förra månaden``, ``i år``, ``i fjol``."""
    if match["fjol"]:
        return Spec(period=Period("year", offset=-1)), STRONG
    unit = {"t": "hour", "v": "week", "m": "month", "å": "year"}[match["u"][0]]
    return span(unit, words.offset(match["mod"])), STRONG


MONTH_PERIOD = (
    r"(?<!\w)(?:(?P<mod>i\s+början\s+av|i\s+slutet\s+av|början\s+av|slutet\s+av|i|under|nästa|förra|till"
    r"|från|innan|före|efter)\s+)?(?P<mon>{fullmon})(?:\s+(?P<y>[12]\d{3}))?(?:\s+(?P<igen>igen))?(?!\w)"
)


def build_month_period(match: re.Match[str], words: Words) -> Built:
    """``i mars``, ``nästa mars``, ``nästa mars igen``, ``oktober 2014``; a bare name is weak."""
    month = words.months[match["mon"]]
    year = int(match["y"]) if match["y"] else None
    skip = 1 if match["igen"] else -1 if match["mod"] == "förra" else 0
    spec = Spec(period=Period("month", month=MonthRef(month, year, skip=skip)))
    return spec, STRONG if year or match["mod"] else WEAK


YEAR = r"(?<!\w)(?:år|året|under|sedan|till|i)\s+(?P<y>[12]\d{3})(?!\w)"


THIS_TIME = (
    r"(?<!\w)(?:samma\s+tid|den\s+här\s+tiden)\s+(?:(?P<day>i\s*morgon)|nästa\s+(?P<u>vecka|månad|år))(?!\w)"
)


def build_this_time(match: re.Match[str], words: Words) -> Built:
    """``samma tid nästa vecka``, ``den här tiden imorgon``: now's wall-clock time that far on."""
    unit = "day" if match["day"] else {"v": "week", "m": "month", "å": "year"}[match["u"][0]]
    return Spec(shift=Shift(1, unit)), STRONG


# A bare "helg" is left out: "trevlig helg" ("have a nice weekend") is a wish, not a time.
WEEKEND = r"(?<!\w)(?:(?P<mod>i|nästa|förra|till|över|den\s+här|denna)\s+helg(?:en)?|helgen)(?!\w)"


HOLIDAY = r"(?<!\w)(?:(?:nästa|(?P<back>förra))\s+)?(?P<h>{hol})(?:\s+(?P<y>[12]\d{3}))?(?!\w)"

# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder, str | None]] = [
    (IN_DURATION, common.build_in_duration, r"(?<!\w)(?:om|inom|efter)\s|\+"),
    (DURATION_AGO, common.build_duration_ago, "sedan|sen|tillbaka|från|framåt"),
    (ANCHOR, common.build_shift_anchor, "efter|före|innan"),
    (SPAN, build_span, "sekund|minut|timm|dag|veck|månad|år"),
    (RELATIVE_PERIOD, build_relative_period, "tim|veck|månad|år|fjol"),
    (MONTH_PERIOD, build_month_period, "{fullmon}"),
    (YEAR, common.build_year, r"\d"),
    (THIS_TIME, build_this_time, "tid"),
    (WEEKEND, common.build_weekend, "helg"),
    (HOLIDAY, common.build_holiday, "{hol}"),
]
