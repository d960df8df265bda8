"""dateparser, for the languages the hand-written grammar does not speak.

dateparser knows some two hundred locales, but it reads ordinary words as dates ("we" is
Wednesday to it, "25" the 25th) and costs milliseconds a call. On the English and Swedish
development corpus it would only have added bare years, which the grammar refuses on purpose,
while answering seven other rows wrongly and firing on three negatives. So it is asked only
about the languages outside :data:`~bot.when.lexicon.LANGUAGES`, and only those
languages are passed to it. It is imported lazily, so a bot that reads English and Swedish
never pays its start-up cost.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.when.calendar_math import local
from bot.when.lexicon import LANGUAGES

_PERIOD_GRAINS = {"day": "day", "week": "week", "month": "month", "year": "year"}
_DATEISH = re.compile(r"\d|[^\W\d_]{2,}")
# A hit of three letters or fewer and no digit is a word dateparser mistook for a date ("we").
_TOO_SHORT = re.compile(r"[^\W\d_]{1,3}")


def foreign(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The requested languages that only dateparser reads (unknown codes are dropped)."""
    return tuple(code for code in languages if code not in LANGUAGES and code in _known_codes())


def parse(text: str, *, now: datetime, languages: tuple[str, ...]) -> tuple[datetime, str] | None:
    """The whole of *text* read by dateparser, as an aware instant in *now*'s zone and a grain."""
    codes = foreign(languages)
    if not codes or not _DATEISH.search(text):
        return None
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=list(codes), settings=_settings(now)).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return _aware(data.date_obj, data.period, now)


def search(text: str, *, now: datetime, languages: tuple[str, ...]) -> list[tuple[int, int, datetime, str]]:
    """Times found inside *text* by dateparser's search: (start, end, instant, grain) each."""
    codes = foreign(languages)
    if not codes or not _DATEISH.search(text):
        return []
    from dateparser.search import search_dates

    hits = search_dates(text, languages=list(codes), settings=_settings(now)) or []
    found, position = [], 0
    for words, moment in hits:
        start = text.find(words, position)
        if start < 0 or _TOO_SHORT.fullmatch(words.strip()):
            continue
        position = start + len(words)
        found.append((start, position, *_aware(moment, "time" if moment.time() else "day", now)))
    return found


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    from dateparser.data.languages_info import language_order

    return frozenset(language_order)


def _settings(now: datetime) -> dict[str, Any]:
    return {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RETURN_TIME_AS_PERIOD": True,
    }


def _aware(moment: datetime, period: str, now: datetime) -> tuple[datetime, str]:
    """dateparser's naive wall-clock answer, placed in *now*'s zone for that date."""
    if period == "time":
        grain = "minute" if moment.minute or moment.second else "hour"
        return local(now, moment.date(), moment.time()), grain
    return local(now, moment.date()), _PERIOD_GRAINS.get(period, "day")
