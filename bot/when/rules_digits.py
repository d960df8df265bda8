"""The recognisers that read digits the same way in every language: clock times, numeric and ISO
dates, "15h", bare hours and time zones."""

from __future__ import annotations

import re

from bot.when.rules import (
    DEPENDENT,
    MERIDIEM,
    STRONG,
    WEAK,
    Built,
    clock,
    hour_may_follow,
    measured,
    meridiem,
    named_date,
    previous_word,
    valid_day,
    word_set,
    year_of,
)
from bot.when.specs import CalendarDate, MonthRef, Period, Spec
from bot.when.words import Words

_PREFIX = r"(?:(?P<pre>at|@|around|about|kl\.?|klockan|vid|ca\.?|cirka|omkring|runt)\s*)?"
_STRONG_DOT_PREFIXES = ("at", "@", "kl", "kl.", "klockan", "vid")

COLON_TIME = (
    r"(?<![\w:.,])" + _PREFIX + r"(?P<h>[01]?\d|2[0-4])(?P<sep>[:.])(?P<m>[0-5]\d)"
    r"(?::(?P<s>[0-5]\d))?(?!\d|[:.,]\d)(?:\s*-?ish)?"
    r"(?:\s*(?P<mer>" + MERIDIEM + r")|(?P<ap>[ap])(?!\w))?"
)


def build_colon_time(match: re.Match[str], words: Words) -> Built:
    """``18:00``, ``3:15pm``, ``kl. 19.30``; a dot only counts after kl/at or with am/pm."""
    pre, hour = match["pre"], int(match["h"])
    mer = meridiem(match["mer"] or match["ap"])
    if match["sep"] == "." and pre not in _STRONG_DOT_PREFIXES and not mer and hour < 13:
        return None
    if match["sep"] == "." and measured(match.string, match.end()):
        return None
    literal = pre in ("kl", "kl.", "klockan") or match["h"].startswith("0") or hour > 12
    read = clock(hour, int(match["m"]), int(match["s"] or 0), meridiem=mer, literal=literal, precise=True)
    return (Spec(clock=read), STRONG) if read else None


ISO_DATE = r"(?<![\w:./-])(?P<y>[12]\d{3})(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?![\w:/-]|[.,]\d)"


def build_iso_date(match: re.Match[str], words: Words) -> Built:
    """``2015-03-03``: the one numeric order nobody disagrees about."""
    month, day = int(match["m"]), int(match["d"])
    if not valid_day(month, day):
        return None
    return Spec(day=CalendarDate(month, day, int(match["y"]))), STRONG


ISO_DATE_TIME = (
    r"(?<![\w:./-])(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)t(?P<h>[01]\d|2[0-4]):(?P<min>[0-5]\d)"
    r"(?::(?P<s>[0-5]\d)(?:[.,]\d+)?)?(?:(?P<utc>z)|(?P<sign>[+-])(?P<oh>[01]\d|2[0-3]):?(?P<om>[0-5]\d)?)?"
    r"(?![\w:+-])"
)


def build_iso_date_time(match: re.Match[str], words: Words) -> Built:
    """``2026-12-05T18:00``, ``2026-12-05T18:00:00Z``, ``...T18:00+01:00``: as machines write it.

    The offset, when given, is honoured like a written time zone; without one the time is on
    *now*'s wall clock.
    """
    month, day = int(match["m"]), int(match["d"])
    read = clock(int(match["h"]), int(match["min"]), int(match["s"] or 0), literal=True, precise=True)
    if read is None or not valid_day(month, day):
        return None
    zone = 0 if match["utc"] else None
    if match["sign"]:
        zone = (int(match["oh"]) * 60 + int(match["om"] or 0)) * (1 if match["sign"] == "+" else -1)
    return Spec(day=CalendarDate(month, day, int(match["y"])), clock=read, zone=zone), STRONG


NUMERIC_DATE = (
    r"(?<![\w:./,-])(?:(?P<art>den|the)\s+)?(?P<a>[0-3]?\d)\s*(?P<s>[-/.])\s*(?P<b>[0-3]?\d)"
    r"(?:\s*(?P=s)\s*(?P<y>[12]\d{3}|\d{2}))?(?![\w:/-]|[.,]\d|\s*/\s*\d|-\s*\d|\s+-\d)"
)


# Words (and letters) that show which of the two languages a message is written in.
_SWEDISH_CUES = re.compile(
    r"[åäö]|(?<!\w)(?:kl|klockan|den|på|och|eller|vi|ses|om|vid|till|idag|imorgon|senast)(?!\w)"
)
_ENGLISH_CUES = re.compile(r"(?<!\w)(?:the|at|on|and|or|we|you|see|tomorrow|today|tonight|pm|am)(?!\w)")


# A clock time only the 24-hour clock can show ("18:00", "13.30", "00:15").
_TWENTY_FOUR_HOUR = re.compile(r"(?<![\w:.])(?:1[3-9]|2[0-3]|00)[:.][0-5]\d(?!\d)")


# Words before a pair of numbers that make it a date rather than a fraction or a score.
_DATE_WORDS = word_set(
    "the on by until till from after before since den på till från efter före innan sedan tills senast"
)


def build_numeric_date(match: re.Match[str], words: Words) -> Built:
    """``2/15``, ``31/10/1974``, ``25-4``: month first in English, day first in Swedish.

    A 24-hour clock time in the message puts day-first in front whatever the language, since the
    month-first order goes with the 12-hour clock: "3/12 18:00" is 3 December. Otherwise the
    language the message is evidently written in goes first ("den 3/12 kl 19" is Swedish, so 3
    December), then the languages in the order listed; the first order that gives a real date
    wins, so ``15-02`` is read day-first even by an English-only reader.

    Two-part forms look like fractions, scores and ranges, so they are weak (they need a
    neighbouring time word inside a chat message) unless an article or a preposition of time is
    written before them ("on 3/28", "den 22/4") or they are slashed with the larger number first,
    which a fraction or a rating seldom is ("31/3", "6/1"). Two dates with a spaced dash between
    them are a range ("22/04 - 30/04"), read as its start. Two parts with a dot ("13.4") are a
    decimal unless such a word comes first, and a dotted triple with a two-digit year ("1.1.30")
    is as likely a version number, so it is weak. "24/7" is "always" unless so marked ("den 24/7").
    """
    a, b, sep, year = int(match["a"]), int(match["b"]), match["s"], match["y"]
    marked = match["art"] is not None or previous_word(match.string, match.start()) in _DATE_WORDS
    if year is None and (match["a"], match["b"]) == ("24", "7") and not marked:
        return None
    if year is None and sep == "." and not marked:
        return None
    preferred = ["md" if language == "en" else "dm" for language in _evident(match.string, words.languages)]
    if _TWENTY_FOUR_HOUR.search(match.string):
        preferred.insert(0, "dm")
    for order in dict.fromkeys([*preferred, "md", "dm"]):
        month, day = (a, b) if order == "md" else (b, a)
        if valid_day(month, day):
            strong = not (sep == "." and len(year) == 2) if year else marked or (sep == "/" and a > b)
            return Spec(day=CalendarDate(month, day, year_of(year))), STRONG if strong else WEAK
    return None


def _evident(text: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """*languages* with the one the text shows cues of (and the other does not) moved first."""
    if len(languages) < 2:
        return languages
    swedish, english = bool(_SWEDISH_CUES.search(text)), bool(_ENGLISH_CUES.search(text))
    if swedish == english:
        return languages
    first = "sv" if swedish else "en"
    return (first, *(language for language in languages if language != first))


YEAR_NAMED_MONTH = r"(?<![\w:./-])(?P<y>[12]\d{3})(?P<s>[-/.\s])\s*(?P<mon>{mon})\.?\s*(?P=s)?\s*(?P<d>[0-3]?\d)(?!\w|[.,:]\d)"


def build_year_named_month(match: re.Match[str], words: Words) -> Built:
    """``2020/Sep/23``, ``2026 mars 5``: a year written first, then the month by name and the day."""
    date = named_date(match, words)
    return (Spec(day=date), STRONG) if date else None


YEAR_MONTH = (
    r"(?<![\w:./-])(?:(?P<y>[12]\d{3})[-/](?P<m>[01]?\d)|(?P<m2>[01]?\d)/(?P<y2>[12]\d{3}))(?![\w:/-]|[.,]\d)"
)


def build_year_month(match: re.Match[str], words: Words) -> Built:
    """``2014-10`` or ``2/2013``: a whole month."""
    month = int(match["m"] or match["m2"])
    if not 1 <= month <= 12:
        return None
    year = int(match["y"] or match["y2"])
    return Spec(period=Period("month", month=MonthRef(month, year))), STRONG


HOUR_LETTER = r"(?<![\w:.])(?:(?P<pre>at|@|kl\.?|klockan)\s*)?(?P<h>[01]?\d|2[0-4])h(?P<m>[0-5]\d)?(?!\w)"


def build_hour_letter(match: re.Match[str], words: Words) -> Built:
    """``15h``, ``3h18``, ``16h00``: the French-style 24-hour clock; bare ``2h`` may be a duration."""
    read = clock(int(match["h"]), int(match["m"] or 0), literal=True, precise=match["m"] is not None)
    if read is None:
        return None
    return Spec(clock=read), STRONG if match["pre"] else WEAK


BARE_HOUR = r"(?<![\w:./,@])(?P<h>[01]?\d|2[0-4]|{hourdep})(?:-?ish)?(?![\w:./]|,\d)"


def build_bare_hour(match: re.Match[str], words: Words) -> Built:
    """A lone number is an hour only as detail of a neighbouring day: ``9 tomorrow``, ``sat 9``, ``tonite 8ish``."""
    if not hour_may_follow(match.string, match.end()):
        return None
    read = clock(words.number(match["h"]) or 0)
    return (Spec(clock=read), DEPENDENT) if read else None


# Abbreviations common in chat between time zones; "west", "wet", "eat" and "cat" are left out
# because they are ordinary English words.
ZONES = {
    "utc": 0,
    "gmt": 0,
    "wet": 0,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "ist": 330,
    "jst": 540,
    "aest": 600,
    "aedt": 660,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
}
ZONE = (
    r"(?<!\w)\(?(?P<z>utc|gmt|bst|cet|cest|eet|eest|msk|ist|jst|aest|aedt|est|edt|cst|cdt|mst|mdt|pst|pdt)"
    r"(?:\s?(?P<sign>[+-])(?P<oh>\d{1,2})(?::?(?P<om>[0-5]\d))?(?![\d:]))?\)?(?!\w)"
)


def build_zone(match: re.Match[str], words: Words) -> Built:
    """``CET``, ``UTC+2``, ``(BST)``: only meaningful right after a clock time."""
    offset = ZONES[match["z"]]
    if match["sign"]:
        extra = int(match["oh"]) * 60 + int(match["om"] or 0)
        offset += extra if match["sign"] == "+" else -extra
    if not -14 * 60 <= offset <= 14 * 60:
        return None
    return Spec(zone=offset), DEPENDENT


# Rules that read digits the same way in every language, compiled against the union of the
# vocabularies asked for.
SHARED_RULES = [
    (COLON_TIME, build_colon_time, r"\d"),
    (ISO_DATE, build_iso_date, r"\d"),
    (ISO_DATE_TIME, build_iso_date_time, r"\d"),
    (NUMERIC_DATE, build_numeric_date, r"\d"),
    (YEAR_NAMED_MONTH, build_year_named_month, r"\d"),
    (YEAR_MONTH, build_year_month, r"\d"),
    (HOUR_LETTER, build_hour_letter, r"\d"),
    (BARE_HOUR, build_bare_hour, r"\d|{hourdep}"),
    (ZONE, build_zone, None),
]
