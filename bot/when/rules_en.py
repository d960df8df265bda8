"""English recognisers: clock phrases, days, dates, durations and named periods.

Each pattern is written against the lower-cased text and filled with the English vocabulary
(``{wd}`` weekdays, ``{mon}`` months, ``{card}`` spelled numbers ...) from
:mod:`bot.when.lexicon`. Conventions chosen here are listed in the docstring of :mod:`bot.when`.
A phrase that Swedish words differently but means the same way ("noon", "this evening", "the
first tuesday of october") is read by a builder in :mod:`bot.when.rules_common` (``common.`` in
:data:`RULES`); the builders here read what English says its own way.
"""

from __future__ import annotations

import re

from bot.when import rules_common as common
from bot.when.rules import (
    DEPENDENT,
    MERIDIEM,
    STRONG,
    WEAK,
    Builder,
    Built,
    clock,
    clock_follows,
    following_word,
    hour_may_follow,
    measured,
    meridiem,
    named_date,
    reads_as_verb,
    reads_as_word,
)
from bot.when.specs import CalendarDate, DayOfMonth, MonthRef, Spec, Weekday
from bot.when.words import Words

# Month names that are also verbs ("I may", "they march"); "may" is a modal, which the verb it goes
# with follows ("2 may come").
AMBIGUOUS_MONTH_WORDS = ("may", "march", "mar")
MODAL_MONTH_WORDS = ("may",)
_MONTH_REL = r"(?:the\s+)?(?P<rel>this|next|last|current|previous|following|coming)\s+month"

HOUR_MERIDIEM = (
    r"(?<![\w:.])(?:(?P<pre>at|@|around|about|by)\s*)?"
    r"(?:(?P<hm>(?:1[0-2]|0?[1-9])[0-5]\d)|(?P<h>1[0-2]|0?[1-9]|{hourw})(?:\s+(?P<mw>(?:oh|o|zero)\s+{card}|{card}|[0-5]\d))?)"
    r"(?:\s*o'?clock)?(?:\s*-?ish)?(?:\s*(?P<mer>" + MERIDIEM + r")|(?<=\d)(?P<ap>[ap])(?!\w))"
)


def build_hour_meridiem(match: re.Match[str], words: Words) -> Built:
    """``3pm``, ``3 oclock pm``, ``3ish pm``, ``nine fifty nine a m``, ``6 30 pm``; compact ``3p``, ``330 p.m.``.

    A lone ``a`` or ``p`` counts only written against the digits ("3p", "9a"). Flats, forms and
    school classes are named "4a", so a lone ``a`` only adds to a day or part of the day beside
    it ("9a tomorrow"), and a lone ``p`` (pence, too) needs a time word beside it in chat; after
    "at" both are times ("at 10a").
    """
    mer = meridiem(match["mer"] or match["ap"])
    strength = STRONG if match["pre"] else {"a": DEPENDENT, "p": WEAK}.get(match["ap"], STRONG)
    if match["hm"]:
        digits = match["hm"]
        read = clock(int(digits[:-2]), int(digits[-2:]), meridiem=mer, precise=True)
        return (Spec(clock=read), strength) if read else None
    minute = 0
    if match["mw"]:
        spoken = re.sub(r"^(?:oh|o|zero)\s+", "", match["mw"])
        minute = words.number(spoken) or 0
        if not 1 <= minute <= 59:
            return None
    hour = words.number(match["h"])
    if hour is None:
        return None
    read = clock(hour, minute, meridiem=mer, precise=bool(match["mw"]))
    return (Spec(clock=read), strength) if read else None


AT_HOUR = (
    r"(?<!\w)(?P<pre>at|@|around|about|approximately|approx\.?|by)\s*"
    r"(?:(?P<hm>\d{3,4})|(?P<h>[01]?\d|2[0-4])(?:\s+(?P<m>[0-5]\d))?|(?P<hw>{hourw}))"
    r"(?:\s*(?P<oc>o'?clock))?(?:\s*-?(?:ish|sharp))?(?![\w:/-]|[.,:]\d)"
)


def build_at_hour(match: re.Match[str], words: Words) -> Built:
    """``at 8``, ``at 3 15``, ``at 1030``, ``around 8``; ``at 8 people`` and ``about 2 jan`` are not hours."""
    text, end, pre = match.string, match.end(), match["pre"]
    if measured(text, end) or following_word(text, end) in words.months:
        return None
    if match["hm"]:
        digits = match["hm"]
        # "at 0830" and "at 1715" are the 24-hour clock; "at 1030" may be either half of the day.
        military = len(digits) == 4 and (digits[0] == "0" or 13 <= int(digits[:2]) <= 23)
        read = clock(int(digits[:-2]), int(digits[-2:]), precise=True, literal=military)
        return (Spec(clock=read), STRONG if military else WEAK) if read else None
    if match["hw"]:
        read = clock(words.number(match["hw"]) or 0)
        if read is None or (not match["oc"] and not hour_may_follow(text, end)):
            return None
        return Spec(clock=read), STRONG if match["oc"] else WEAK
    minute = int(match["m"]) if match["m"] else 0
    read = clock(int(match["h"]), minute, precise=match["m"] is not None)
    if read is None:
        return None
    strong = pre in ("at", "@", "around", "about") or match["oc"]
    return Spec(clock=read), STRONG if strong else WEAK


OCLOCK = r"(?<![\w:.])(?P<h>[01]?\d|2[0-4]|{hourw})\s*o'?clock(?!\w)"


def build_oclock(match: re.Match[str], words: Words) -> Built:
    """``8 o'clock``: unmistakably a time even without ``at``."""
    read = clock(words.number(match["h"]) or 0)
    return (Spec(clock=read), STRONG) if read else None


NOON = (
    r"(?<!\w)(?:(?:at|around|by|before|after)\s+)?(?:the\s+)?"
    r"(?:12\s*)?(?P<w>noon|midday|mid\s*-?day|midnight|lunch\s*time|lunch)(?:-?ish)?(?!\w)"
)


TONIGHT = r"(?<!\w)(?:(?P<late>late)\s+)?(?:tonight|tonite|to-night)(?!\w)"


def build_tonight(match: re.Match[str], words: Words) -> Built:
    """Tonight is this evening: an hour after it is read as p.m., 12 as midnight."""
    return Spec(part="late" if match["late"] else "night", part_today=True), STRONG


THIS_PART = r"(?<!\w)this\s+(?P<p>morning|morn|afternoon|evening|eve)(?!\w)"
IN_THE_PART = (
    r"(?<!\w)(?:(?:in|during)\s+(?:the\s+)?(?:(?P<el>early|late)\s+)?(?P<p>morning|afternoon|evening|night)"
    r"|at\s+(?P<night>night)|in\s+the\s+(?P<half>[ap])\.?\s?m\b\.?)(?!\w)"
)
BARE_PART = r"(?<!\w)(?:(?P<el>early|late)\s+)?(?P<p>morning|mornin|afternoon|arvo|evening|night|nite)(?!\w)"
RELATIVE_DAY = (
    r"(?<!\w)(?P<w>(?:the\s+)?day\s+after\s+tomorrow|(?:the\s+)?day\s+before\s+yesterday"
    r"|today|tomorrow|tomorow|tommorow|tmrw|tmr|yesterday)(?:'?s)?(?!\w)"
)
NOW = r"(?<!\w)(?:right\s+now|just\s+now|now|at\s+this\s+time|at\s+the\s+moment)(?!\w)"


WEEKDAY = (
    r"(?<!\w)(?:(?P<mod>this\s+coming|this|next|last|coming|upcoming|on|past|previous|the\s+following)\s+)?"
    r"(?P<wd>{wd}|{wds})(?P<dot>\.)?"
    r"(?:\s+(?P<post>after\s+next"
    r"|(?:of|from)\s+(?:this|next|last|the\s+following|the\s+previous|previous)\s+week"
    r"|(?:this|next|last)\s+week))?(?![\w'])"
)
WEEKS_WEEKDAY = r"(?<!\w)(?P<wk>last|next|this)\s+week'?s\s+(?P<wd>{wd}|{wds})(?!\w)"
_WEEK_MODES = {
    "this": "this_week",
    "next": "next_week",
    "following": "next_week",
    "last": "last_week",
    "previous": "last_week",
}
_MODIFIER_MODES = {"this": "this", "next": "next_week", "last": "last", "past": "last", "previous": "last"}
# Words that make an abbreviation a weekday even alone ("on sat"); "this" does too, except for
# "this sun", which is more often the star.
_STRENGTHENING = ("next", "last", "on", "coming", "upcoming", "following")


def build_weekday(match: re.Match[str], words: Words) -> Built:
    """Weekday names and how they are placed; see the module docstring of ``when`` for "next"."""
    name = match["wd"]
    weekday = words.weekday(name)
    groups = match.groupdict()
    if groups.get("wk"):
        return Spec(day=Weekday(weekday, _WEEK_MODES[groups["wk"]])), STRONG
    modifier = (match["mod"] or "").split()[-1:]
    post = match["post"]
    if post == "after next":
        spec = Weekday(weekday, "ahead", 2)
    elif post:
        spec = Weekday(weekday, _WEEK_MODES[post.split()[-2]])
    else:
        spec = Weekday(weekday, _MODIFIER_MODES.get(modifier[0] if modifier else "", "plain"))
    strong = name in words.weekdays or post or (modifier and modifier[0] in _STRENGTHENING)
    strong = strong or (modifier == ["this"] and name != "sun")
    if not strong and not modifier and reads_as_word(match.string, match.start(), match.end()):
        return None
    return Spec(day=spec), STRONG if strong else WEAK


COUNTED_WEEKDAYS = (
    r"(?<!\w)(?P<n>\d{1,2}|{card})\s+(?P<wd>{wd})s\s+(?:from\s+(?:now|today)|hence|(?P<back>ago)|later)(?!\w)"
)


_DAY = r"(?P<d>[0-3]?\d(?:st|nd|rd|th)?|{ord})"
MONTH_DAY = (
    r"(?<!\w)(?P<mon>{mon})(?:\.?\s*|[-/])(?:the\s+)?" + _DAY + r"(?![\w:]|[.,]\d)"
    r"(?:\s*,?\s*(?P<y>[12]\d{3})(?![\w:]|[.,]\d))?"
)


def build_month_day(match: re.Match[str], words: Words) -> Built:
    """``march 3``, ``Dec 3``, ``february the 15th``, ``April 14, 2015``.

    "may 3" and "march 3" can be a verb and a number ("we may 3D print it", "they march 3
    miles"): after a subject or before a unit they are not dates. Otherwise a clock time right
    after is a date ("may 11 18:00"), and so is a year after any word; another number leaves it
    weak ("march 11 18" is a date as a whole candidate, but needs a time word beside it in chat).
    """
    date = named_date(match, words)
    if date is None:
        return None
    spec = Spec(day=date)
    text, end = match.string, match.end()
    if match["mon"] not in AMBIGUOUS_MONTH_WORDS or date.year is not None:
        return spec, STRONG
    if reads_as_verb(text, match.start()):
        return None
    if clock_follows(text, end):
        return spec, STRONG
    if following_word(text, end).isdigit():
        return spec, WEAK
    if measured(text, end):
        return None
    return spec, STRONG


DAY_MONTH = (
    r"(?<![\w:./])(?:the\s+)?" + _DAY + r"(?P<sep>\s+of\s+|[-/.]|\s+)(?P<mon>{mon})(?:\.(?!\d))?"
    r"(?:(?:\s*,\s*|\s+|[-/])(?P<y>[12]\d{3}|\d{2})(?!\s*" + MERIDIEM + r"))?(?![\w:]|[.,]\d)"
)


def build_day_month(match: re.Match[str], words: Words) -> Built:
    """``the 1st of march``, ``15 of february``, ``31-Oct-74``, ``14th April 15``.

    Two digits after the month are a year unless a.m. or p.m. follows ("14 feb 10 pm").

    A bare number and the modal "may" can be a subject and its verb ("only 2 may attend", "3 may
    be late"): followed by a word that is not a time word, the date is weak, so it is only found
    in chat beside a time ("11 may at 18"). "3rd may", "3 of may" and "12 march is fine" are
    dates whatever follows.
    """
    date = named_date(match, words)
    if date is None:
        return None
    spec = Spec(day=date)
    text, end = match.string, match.end()
    subject_like = match["d"].isdigit() and match["sep"].isspace() and match["y"] is None
    verb_like = following_word(text, end).isalpha() and not hour_may_follow(text, end)
    if match["mon"] in MODAL_MONTH_WORDS and subject_like and verb_like:
        return spec, WEAK
    return spec, STRONG


IDES = r"(?<!\w)(?:the\s+)?ides\s+of\s+(?P<mon>{mon})(?!\w)"


def build_ides(match: re.Match[str], words: Words) -> Built:
    """The Roman ides: the 15th of March, May, July and October, the 13th otherwise."""
    month = words.months[match["mon"]]
    return Spec(day=CalendarDate(month, 15 if month in (3, 5, 7, 10) else 13)), STRONG


ORDINAL_DAY = (
    r"(?<![\w:./-])(?:(?P<on>on)\s+)?(?:(?P<the>the)\s+)?(?P<d>[0-3]?\d(?:st|nd|rd|th)|{ord}|[0-3]?\d)"
    r"(?:\s+(?:of\s+)?" + _MONTH_REL + r")?(?!\w)"
)


def build_ordinal_day(match: re.Match[str], words: Words) -> Built:
    """``on the 15th``, ``the first``, ``20 of next month``; a lone ``the second`` is weak."""
    day = words.ordinal(match["d"])
    if day is None or not 1 <= day <= 31:
        return None
    if match["rel"]:
        return Spec(day=DayOfMonth(day, MonthRef(offset=words.offset(match["rel"])))), STRONG
    spelled_out = match["d"][0].isalpha()
    if (match["d"].isdigit() or spelled_out) and not match["the"]:
        return None
    return Spec(day=DayOfMonth(day)), STRONG if match["on"] else WEAK


_MONTH_TARGET = (
    r"(?:(?P<mon>{mon})(?:\s+(?P<y>[12]\d{3}))?"
    r"|(?:the\s+)?(?:(?P<rel>this|next|last|current|previous|following|coming)\s+)?month)"
)
NTH_WEEKDAY = (
    r"(?<!\w)(?:the\s+)?(?:(?P<n>{ord}|[1-5](?:st|nd|rd|th))|(?P<last>last))\s+(?P<wd>{wd})\s+(?:of|in)\s+"
    + _MONTH_TARGET
    + r"(?!\w)"
)
NTH_DAY = (
    r"(?<!\w)(?:the\s+)?(?:(?P<n>{ord}|[0-3]?\d(?:st|nd|rd|th))\s+)?(?P<last>last\s+)?day\s+(?:of|in)\s+"
    + _MONTH_TARGET
    + r"(?!\w)"
)


# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder, str | None]] = [
    (HOUR_MERIDIEM, build_hour_meridiem, r"[ap]\.?\s?m(?!\w)|\d[ap](?!\w)"),
    (AT_HOUR, build_at_hour, r"(?<!\w)(?:at|around|about|approx|approximately|by)(?!\w)|@"),
    (OCLOCK, build_oclock, "clock"),
    (NOON, common.build_noon, "noon|mid|lunch"),
    (TONIGHT, build_tonight, "tonight|tonite|to-night"),
    (THIS_PART, common.build_part_today, "this"),
    (IN_THE_PART, common.build_part, r"morning|afternoon|evening|night|[ap]\.?\s?m"),
    (BARE_PART, common.build_bare_part, "morn|afternoon|arvo|evening|night|nite"),
    (RELATIVE_DAY, common.build_relative_day, "day|tom|tmr|yesterday"),
    (NOW, common.build_now, "now|time|moment"),
    (WEEKDAY, build_weekday, "{wd}|{wds}"),
    (WEEKS_WEEKDAY, build_weekday, "{wd}|{wds}"),
    (COUNTED_WEEKDAYS, common.build_counted_weekdays, "{wd}"),
    (MONTH_DAY, build_month_day, "{mon}"),
    (DAY_MONTH, build_day_month, "{mon}"),
    (IDES, build_ides, "ides"),
    (ORDINAL_DAY, build_ordinal_day, r"\d|{ord}"),
    (NTH_WEEKDAY, common.build_nth_weekday, "{wd}"),
    (NTH_DAY, common.build_nth_day, "day"),
]
