"""Swedish durations, spans, named periods and holidays: "om två dagar", "nästa vecka", "i mars".

Split from :mod:`when_rules_sv` to keep each module short.
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
from bot.domain.when_specs import Anchor, Holiday, MonthRef, Period, Shift, Spec, Weekday

_QTY = r"(?P<q>\d+(?:[.,]\d+)?|(?:\d+|{card})\s+och\s+en\s+halv|en\s+halv|ett\s+halvt|{qty}|{card})"
IN_DURATION = (
    r"(?<!\w)(?P<pre>om|inom|efter)\s+(?:ca\.?\s+|cirka\s+|ungefär\s+|runt\s+|bara\s+)?"
    + _QTY
    + r"\s*(?P<u>{unit})(?:\s+(?:till|mer))?(?!\w)"
)
DURATION_AGO = (
    r"(?<!\w)(?:för\s+)?" + _QTY + r"\s*(?P<u>{unit})\s+(?P<dir>sedan|sen|tillbaka|från\s+nu|framåt)(?!\w)"
)
ANCHOR = (
    r"(?<!\w)(?P<q>\d+|{card})\s+(?P<u>dagar|dag|veckor|vecka|månader|månad|år)"
    r"\s+(?P<dir>efter|före|innan)(?!\w)"
)


def swedish_amount(text: str, words: Words) -> float | None:
    """``2,5``, ``två och en halv``, ``en halv``, ``ett par``."""
    text = re.sub(r"\s+", " ", text)
    if text.endswith("och en halv"):
        whole = words.number(text.removesuffix(" och en halv"))
        return None if whole is None else whole + 0.5
    if text in ("en halv", "ett halvt"):
        return 0.5
    return amount(text, words)


def shift_of(match: re.Match[str], words: Words, sign: int = 1) -> Shift | None:
    """The signed shift a duration phrase names."""
    quantity = swedish_amount(match["q"], words)
    unit = words.units.get(match["u"])
    if quantity is None or unit is None or quantity > 10_000:
        return None
    return Shift(sign * quantity * unit[1], unit[0])


def build_in_duration(match: re.Match[str], words: Words) -> Built:
    """``om två dagar``, ``om en halv timme``, ``om 1t``, ``efter 5 dagar``.

    "efter" with months or years is more often an age or a past span ("efter 18 år").
    """
    shift = shift_of(match, words)
    if shift and match["pre"] == "efter" and shift.unit in ("month", "year"):
        return None
    return (Spec(shift=shift), STRONG) if shift else None


def build_duration_ago(match: re.Match[str], words: Words) -> Built:
    """``för 3 veckor sedan``, ``en sekund från nu``."""
    sign = 1 if match["dir"] in ("från nu", "framåt") else -1
    shift = shift_of(match, words, sign)
    return (Spec(shift=shift), STRONG) if shift else None


def build_anchor(match: re.Match[str], words: Words) -> Built:
    """``3 dagar efter``: needs the day that follows."""
    count = words.number(match["q"])
    unit = words.units.get(match["u"])
    if count is None or unit is None:
        return None
    sign = 1 if match["dir"] == "efter" else -1
    return Spec(anchor=Anchor(shift=Shift(sign * count * unit[1], unit[0]))), DEPENDENT


SPAN = (
    r"(?<!\w)(?P<dir>nästa|senaste|kommande|förra)\s+(?P<q>\d+|{card})\s+"
    r"(?P<u>sekund|minut|timm|dag|veck|månad|år)[a-z]*(?!\w)"
)
_SPAN_UNITS = {"sekund": "second", "minut": "minute", "timm": "hour", "dag": "day", "veck": "week"}
_SPAN_UNITS |= {"månad": "month", "år": "year"}


def build_span(match: re.Match[str], words: Words) -> Built:
    """``nästa 3 dagar`` starts tomorrow; ``senaste två veckorna`` two weeks back."""
    count = words.number(match["q"])
    if not count:
        return None
    offset = 1 if match["dir"] in ("nästa", "kommande") else -count
    return span(_SPAN_UNITS[match["u"]], offset), STRONG


RELATIVE_PERIOD = (
    r"(?<!\w)(?:(?P<mod>denna|den\s+här|nästa|förra|kommande|i)"
    r"\s+(?P<u>veckan|vecka|månaden|månad|året|år)"
    r"|(?P<fjol>i\s+fjol))(?!\w)"
)


def build_relative_period(match: re.Match[str], words: Words) -> Built:
    """``nästa vecka``, ``förra månaden``, ``i år``, ``i fjol``."""
    if match["fjol"]:
        return Spec(period=Period("year", offset=-1)), STRONG
    mod = match["mod"].split()[-1]
    offset = {"nästa": 1, "kommande": 1, "förra": -1}.get(mod, 0)
    unit = {"v": "week", "m": "month", "å": "year"}[match["u"][0]]
    if unit == "month":
        return Spec(period=Period("month", month=MonthRef(offset=offset))), STRONG
    return Spec(period=Period(unit, offset=offset)), STRONG


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


def build_year(match: re.Match[str], words: Words) -> Built:
    """``år 2014``, ``i 2014``."""
    return Spec(period=Period("year", year=int(match["y"]))), STRONG


WEEKEND = r"(?<!\w)(?:(?P<mod>i|nästa|förra|till|över|den\s+här|denna)\s+)?(?P<w>helgen|helg)(?!\w)"


def build_weekend(match: re.Match[str], words: Words) -> Built:
    """``i helgen``, ``nästa helg``: read as the weekend's Saturday; a bare "helgen" is weak."""
    mod = (match["mod"] or "").split()[-1:] or [""]
    if match["w"] == "helg" and not mod[0]:
        return None
    mode = {"nästa": "next_week", "förra": "last"}.get(mod[0], "this")
    return Spec(day=Weekday(5, mode)), STRONG if mod[0] else WEAK


HOLIDAY = (
    r"(?<!\w)(?P<h>julafton|juldagen|annandag\s+jul|nyårsafton|nyårsdagen|nyår|påskdagen|påsk"
    r"|annandag\s+påsk|långfredag(?:en)?|midsommarafton|midsommardagen|midsommar|alla\s+hjärtans\s+dag"
    r"|nationaldagen|lucia)(?:\s+(?P<y>[12]\d{3}))?(?!\w)"
)
_HOLIDAYS = {
    "julafton": "christmas eve",
    "juldagen": "christmas",
    "annandagjul": "boxing day",
    "nyårsafton": "new year's eve",
    "nyår": "new year's eve",
    "nyårsdagen": "new year's day",
    "påskdagen": "easter",
    "påsk": "easter",
    "annandagpåsk": "easter monday",
    "långfredag": "good friday",
    "långfredagen": "good friday",
    "midsommarafton": "midsummer eve",
    "midsommar": "midsummer eve",
    "midsommardagen": "midsummer",
    "allahjärtansdag": "valentine's day",
    "nationaldagen": "national day",
    "lucia": "lucia",
}


def build_holiday(match: re.Match[str], words: Words) -> Built:
    """Swedish holidays; "midsommar" and "nyår" mean the eve, when the celebrating happens."""
    name = _HOLIDAYS[re.sub(r"\s+", "", match["h"])]
    return Spec(day=Holiday(name, int(match["y"]) if match["y"] else None)), STRONG


# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder]] = [
    (IN_DURATION, build_in_duration),
    (DURATION_AGO, build_duration_ago),
    (ANCHOR, build_anchor),
    (SPAN, build_span),
    (RELATIVE_PERIOD, build_relative_period),
    (MONTH_PERIOD, build_month_period),
    (YEAR, build_year),
    (WEEKEND, build_weekend),
    (HOLIDAY, build_holiday),
]
