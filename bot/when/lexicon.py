"""The words the time reader knows, in English and Swedish.

Kept apart from the grammar so that adding a spelling (``tmrw``, ``tors``) is a one-line change
that cannot break a regular expression. Every table maps a lower-case spelling to its value;
:func:`alternation` turns a table into a trie-shaped regex alternative that prefers the longest
spelling, so ``"thurs"`` wins over ``"thu"`` and ``"mars"`` over ``"mar"``. :class:`Words` is the
view of the tables a rule reads: one language's, or several merged for the digit rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LANGUAGES = ("en", "sv")

WEEKDAYS_FULL = {
    "en": {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    },
    "sv": {
        "måndag": 0,
        "tisdag": 1,
        "onsdag": 2,
        "torsdag": 3,
        "fredag": 4,
        "lördag": 5,
        "söndag": 6,
    },
}

# Abbreviations are also ordinary words ("sat", "sun", "fri" is Swedish for "free"), so the
# grammar only trusts them next to other time words.
WEEKDAYS_SHORT = {
    "en": {
        "mon": 0,
        "tue": 1,
        "tues": 1,
        "wed": 2,
        "thu": 3,
        "thur": 3,
        "thurs": 3,
        "fri": 4,
        "sat": 5,
        "sun": 6,
    },
    "sv": {"mån": 0, "tis": 1, "ons": 2, "tor": 3, "tors": 3, "fre": 4, "lör": 5, "sön": 6},
}

MONTHS = {
    "en": {
        "january": 1,
        "jan": 1,
        "february": 2,
        "feb": 2,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "may": 5,
        "june": 6,
        "jun": 6,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "october": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
    "sv": {
        "januari": 1,
        "jan": 1,
        "februari": 2,
        "feb": 2,
        "mars": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "maj": 5,
        "juni": 6,
        "jun": 6,
        "juli": 7,
        "jul": 7,
        "augusti": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "oktober": 10,
        "okt": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
}

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_SV_UNITS = {
    "noll": 0,
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "aderton": 18,
    "nitton": 19,
}
_SV_TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50}


def _compose(units: Mapping[str, int], tens: Mapping[str, int], joiners: Iterable[str]) -> dict[str, int]:
    """Spell out 0-59 the way they are written: ``twenty-five``, ``twenty five``, ``tjugofem``."""
    words = dict(units)
    for ten_word, ten in tens.items():
        words[ten_word] = ten
        for unit_word, unit in units.items():
            if 1 <= unit <= 9:
                for joiner in joiners:
                    words[f"{ten_word}{joiner}{unit_word}"] = ten + unit
    return words


CARDINALS = {
    "en": _compose(_EN_UNITS, _EN_TENS, ("-", " ")),
    "sv": _compose(_SV_UNITS, _SV_TENS, ("", " ")),
}

_EN_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_SV_ORDINAL_UNITS = {
    "första": 1,
    "andra": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
    "nionde": 9,
}


def _ordinals(
    units: Mapping[str, int], teens: Mapping[str, int], tens: Mapping[str, int], joiners: Iterable[str]
) -> dict[str, int]:
    """Ordinal day numbers 1-31 (``twenty-first``, ``tjugoförsta``)."""
    words = {**units, **teens}
    for ten_word, ten in tens.items():
        if ten > 30:
            continue
        for unit_word, unit in units.items():
            if ten + unit <= 31:
                for joiner in joiners:
                    words[f"{ten_word}{joiner}{unit_word}"] = ten + unit
    return words


ORDINALS = {
    "en": _ordinals(
        _EN_ORDINAL_UNITS,
        {
            "tenth": 10,
            "eleventh": 11,
            "twelfth": 12,
            "thirteenth": 13,
            "fourteenth": 14,
            "fifteenth": 15,
            "sixteenth": 16,
            "seventeenth": 17,
            "eighteenth": 18,
            "nineteenth": 19,
            "twentieth": 20,
            "thirtieth": 30,
        },
        {"twenty": 20, "thirty": 30},
        ("-", " "),
    ),
    "sv": _ordinals(
        _SV_ORDINAL_UNITS,
        {
            "tionde": 10,
            "elfte": 11,
            "tolfte": 12,
            "trettonde": 13,
            "fjortonde": 14,
            "femtonde": 15,
            "sextonde": 16,
            "sjuttonde": 17,
            "artonde": 18,
            "nittonde": 19,
            "tjugonde": 20,
            "trettionde": 30,
        },
        {"tjugo": 20, "trettio": 30},
        ("",),
    ),
}

# Amounts in "in a couple of hours", "om ett par timmar"; a half is spelled out in the grammar.
QUANTITIES = {
    "en": {"a": 1, "an": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a pair of": 2, "a few": 3},
    "sv": {"ett par": 2, "några": 3},
}

# Unit spellings mapped to (unit, multiplier); "fortnight" is two weeks.
UNITS = {
    "en": {
        "seconds": ("second", 1),
        "second": ("second", 1),
        "secs": ("second", 1),
        "sec": ("second", 1),
        "minutes": ("minute", 1),
        "minute": ("minute", 1),
        "mins": ("minute", 1),
        "min": ("minute", 1),
        "hours": ("hour", 1),
        "hour": ("hour", 1),
        "hrs": ("hour", 1),
        "hr": ("hour", 1),
        "h": ("hour", 1),
        "days": ("day", 1),
        "day": ("day", 1),
        "weeks": ("week", 1),
        "week": ("week", 1),
        "wks": ("week", 1),
        "wk": ("week", 1),
        "fortnights": ("week", 2),
        "fortnight": ("week", 2),
        "months": ("month", 1),
        "month": ("month", 1),
        "years": ("year", 1),
        "year": ("year", 1),
        "yrs": ("year", 1),
        "yr": ("year", 1),
    },
    "sv": {
        "sekunder": ("second", 1),
        "sekund": ("second", 1),
        "minuter": ("minute", 1),
        "minut": ("minute", 1),
        "min": ("minute", 1),
        "halvtimme": ("minute", 30),
        "halvtimma": ("minute", 30),
        "kvart": ("minute", 15),
        "timmar": ("hour", 1),
        "timme": ("hour", 1),
        "tim": ("hour", 1),
        "t": ("hour", 1),
        "h": ("hour", 1),
        "dagar": ("day", 1),
        "dag": ("day", 1),
        "dygn": ("day", 1),
        "veckor": ("week", 1),
        "vecka": ("week", 1),
        "månader": ("month", 1),
        "månad": ("month", 1),
        "år": ("year", 1),
    },
}

# Parts of the day: (start hour, which half of the clock an ambiguous hour belongs to).
PARTS = {
    "morning": (8, "am"),
    "forenoon": (9, "am"),
    "early": (6, "am"),
    "lunch": (12, "pm"),
    "afternoon": (12, "pm"),
    "evening": (18, "pm"),
    "night": (18, "pm"),
    "late": (21, "pm"),
}

# Spellings of the parts of the day, Swedish definite forms included, mapped to the names above.
PART_WORDS = {
    "en": {
        "morning": "morning",
        "mornin": "morning",
        "morn": "morning",
        "afternoon": "afternoon",
        "arvo": "afternoon",
        "evening": "evening",
        "eve": "evening",
        "night": "night",
        "nite": "night",
    },
    "sv": {
        "morgon": "morning",
        "morgonen": "morning",
        "morse": "morning",
        "morgse": "morning",
        "bitti": "early",
        "förmiddag": "forenoon",
        "förmiddagen": "forenoon",
        "eftermiddag": "afternoon",
        "eftermiddagen": "afternoon",
        "kväll": "evening",
        "kvällen": "evening",
        "kväl": "evening",
        "afton": "evening",
        "natt": "night",
        "natten": "night",
    },
}

# Days from today, by their letters alone ("i morgon" is spaced either way).
RELATIVE_DAYS = {
    "en": {
        "today": 0,
        "tomorrow": 1,
        "tomorow": 1,
        "tommorow": 1,
        "tmrw": 1,
        "tmr": 1,
        "yesterday": -1,
        "dayaftertomorrow": 2,
        "thedayaftertomorrow": 2,
        "daybeforeyesterday": -2,
        "thedaybeforeyesterday": -2,
    },
    "sv": {
        "idag": 0,
        "imorgon": 1,
        "imorn": 1,
        "imorrn": 1,
        "igår": -1,
        "övermorgon": 2,
        "iövermorgon": 2,
        "iöverimorgon": 2,
        "förrgår": -2,
        "iförrgår": -2,
    },
}

# How many periods from the current one a word points ("next month", "förra veckan"); any other
# word a pattern allows in that place ("the weekend", "i helgen", "den här månaden") means this one.
OFFSETS = {
    "en": {
        "this": 0,
        "current": 0,
        "next": 1,
        "following": 1,
        "coming": 1,
        "upcoming": 1,
        "last": -1,
        "previous": -1,
        "past": -1,
    },
    "sv": {"denna": 0, "nästa": 1, "kommande": 1, "förra": -1, "senaste": -1},
}

# Holidays by their letters alone ("X-mas day" is "xmasday"), mapped to the names the calendar
# computes. Swedish "nyår" and "midsommar" are the eves, when the celebrating happens.
HOLIDAYS = {
    "en": {
        "christmaseve": "christmas eve",
        "christmas": "christmas",
        "christmasday": "christmas",
        "xmas": "christmas",
        "xmasday": "christmas",
        "boxingday": "boxing day",
        "newyeareve": "new year's eve",
        "newyearseve": "new year's eve",
        "newyear": "new year's day",
        "newyears": "new year's day",
        "newyearday": "new year's day",
        "newyearsday": "new year's day",
        "valentineday": "valentine's day",
        "valentinesday": "valentine's day",
        "halloween": "halloween",
        "eastermon": "easter monday",
        "eastermonday": "easter monday",
        "easter": "easter",
        "eastersunday": "easter",
        "goodfriday": "good friday",
        "midsummereve": "midsummer eve",
        "midsummerseve": "midsummer eve",
        "midsummer": "midsummer",
        "midsummersday": "midsummer",
    },
    "sv": {
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
    },
}


def alternation(words: Iterable[str]) -> str:
    """A non-capturing regex alternative for *words*, shaped as a trie.

    Sharing prefixes ("thu(?:rs(?:day)?)?") keeps matching fast with hundreds of spellings; the
    greedy optional suffixes still prefer the longest spelling. Spaces match any run of blanks.
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
        (r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


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
        quantities, units = table(QUANTITIES), table(UNITS)
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
            holidays=table(HOLIDAYS),
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
