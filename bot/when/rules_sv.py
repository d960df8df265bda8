"""Swedish recognisers: "kl 19", "halv åtta", "kvart över", "på lördag", "om två dagar" ...

Swedish writes the 24-hour clock, so a number after ``kl``/``klockan`` is taken literally
("kl 8" is 08:00) unless a part of the day says otherwise ("kl 8 ikväll" is 20:00). Spoken
forms ("halv åtta", "kvart i tolv") name a 12-hour clock and are resolved like "at 8".
Phrases read the same way as in English ("midnatt", "ikväll", "första tisdagen i oktober") go
to the builders in :mod:`bot.when.rules_common` (``common.`` in :data:`RULES`).
"""

from __future__ import annotations

import re

from bot.when import rules_common as common
from bot.when.rules import (
    STRONG,
    WEAK,
    Builder,
    Built,
    clock,
    following_word,
    measured,
    named_date,
    reads_as_word,
    spoken_step,
)
from bot.when.specs import DayOfMonth, MonthRef, NthDay, Spec, Weekday
from bot.when.words import Words

_KL = r"(?:(?P<pre>kl\.?|klockan|vid|runt|omkring|ca\.?)\s*)?"

KL = (
    r"(?<!\w)(?:(?P<pre>kl\.?|klockan|@)\s*(?:(?P<h>[01]\d|2[0-3])(?P<m4>[0-5]\d)(?![\d:.])"
    r"|(?P<h2>[01]?\d|2[0-4])(?:[:.](?P<m>[0-5]\d))?(?!\d|[:.]\d)"
    r"|(?P<hw>{hourw})(?!\w))|(?:vid|runt|omkring|ungefär)\s+(?P<hw2>{hourw})(?!\w))"
)


def build_kl(match: re.Match[str], words: Words) -> Built:
    """``kl 19``, ``kl. 19.30``, ``kl 0830``, ``klockan 15``, ``vid tolv``: digits literal, spoken hours
    either half of the day."""
    spoken = match["hw"] or match["hw2"]
    if spoken:
        read = clock(words.number(spoken) or 0)
    elif match["h"]:
        read = clock(int(match["h"]), int(match["m4"]), literal=True, precise=True)
    else:
        read = clock(int(match["h2"]), int(match["m"] or 0), literal=True, precise=match["m"] is not None)
    return (Spec(clock=read), STRONG) if read else None


AT_HOUR = (
    r"(?<!\w)(?P<pre>vid|runt|omkring|ca\.?|cirka|efter|innan|före)\s+"
    r"(?P<h>[01]?\d|2[0-4])(?:[:.](?P<m>[0-5]\d))?(?![\w:/-]|[.,:]\d)"
)


def build_at_hour(match: re.Match[str], words: Words) -> Built:
    """``vid 18``, ``runt 8``, ``efter 19.30``; ``vid 18 grader``, ``efter 18 år`` or ``runt 2 jan`` are not.

    Kept apart from English "at": Swedish writes the minutes after a colon or a dot, never a space
    ("at 3 15") or run together ("at 1030"), and a spoken hour here comes after "kl".
    """
    if measured(match.string, match.end()) or following_word(match.string, match.end()) in words.months:
        return None
    read = clock(int(match["h"]), int(match["m"] or 0), precise=match["m"] is not None)
    if read is None:
        return None
    return Spec(clock=read), STRONG if match["pre"] in ("vid", "runt", "omkring") else WEAK


AROUND_HOUR = r"(?<![\w:.])(?:(?P<pre>vid|runt|omkring|ca\.?)\s+)?(?:(?P<h>[01]?\d|2[0-4])-?tiden|(?P<hw>{hourw})t?iden)(?!\w)"


def build_around_hour(match: re.Match[str], words: Words) -> Built:
    """``vid 19-tiden``, ``vid sjutiden`` ("ettiden" drops a t): around seven."""
    hour = int(match["h"]) if match["h"] else words.number(match["hw"]) or 0
    read = clock(hour, literal=hour > 12)
    return (Spec(clock=read), STRONG) if read else None


RELATIVE_MINUTES = (
    r"(?<![\w:.])" + _KL + r"(?:(?P<q>kvart)|(?P<n>[0-5]?\d|{card})(?:\s+(?P<mins>minuter|min))?)"
    r"\s+(?P<dir>över|i)\s+(?:(?P<half>halv)\s+)?(?P<hr>[01]?\d|2[0-3]|{hourw})(?!\w)"
)
HALF = r"(?<![\w:.])" + _KL + r"halv\s+(?P<hr>[01]?\d|2[0-4]|{hourw})(?!\w)"


def build_relative_minutes(match: re.Match[str], words: Words) -> Built:
    """``kvart över 15``, ``tjugo över 15``, ``kvart i tolv``, ``fem i halv åtta``, ``halv åtta``.

    ``halv åtta`` is half an hour *before* eight, 7:30. Minutes in words count in fives ("fem i
    tre"); before a unit it is a count ("kvart i sex personer" is no time).
    """
    if measured(match.string, match.end()):
        return None
    groups = match.groupdict()
    hour = words.number(match["hr"])
    if hour is None or not 1 <= hour <= 24:
        return None
    base = hour * 60 - (30 if groups.get("half") or "dir" not in groups else 0)
    minutes = 0
    if "dir" in groups:
        minutes = 15 if match["q"] else words.number(match["n"] or "")
        if minutes is None or not 1 <= minutes <= 59 or not spoken_step(match["n"], match["mins"], minutes):
            return None
        minutes = minutes if match["dir"] == "över" else -minutes
    literal = match["hr"].isdigit() and hour > 12
    hour, minute = divmod((base + minutes) % (24 * 60), 60)
    if not literal and hour == 0:
        hour = 12
    read = clock(hour, minute, literal=literal, precise=True)
    if read is None:
        return None
    spoken = "dir" not in groups or match["q"] or not (match["n"] or "").isdigit()
    strong = spoken or match["dir"] == "över" or match["pre"]
    return Spec(clock=read), STRONG if strong else WEAK


NOON = (
    r"(?<!\w)(?:(?:vid|till|på|efter|före|innan)\s+)?"
    r"(?P<w>midnatt|lunch(?:tid)?|mitt\s+på\s+dagen|tolvslaget)(?!\w)"
)


TODAY_PART = r"(?<!\w)(?:i\s*)(?P<p>kväll|kväl|afton|natt|morse|morgse|eftermiddag|förmiddag)(?!\w)"
ON_PART = r"(?<!\w)(?:på|under)\s+(?P<p>morgonen|förmiddagen|middagen|eftermiddagen|kvällen|natten)(?!\w)"
BARE_PART = (
    r"(?<!\w)(?P<p>morgon(?:en)?|förmiddag(?:en)?|eftermiddag(?:en)?|kväll(?:en)?|natt(?:en)?|bitti)(?!\w)"
)
WEEKDAY_PART = (
    r"(?<!\w)(?:(?P<mod>på|nästa|i)\s+)?"
    r"(?P<wd>{wd})s(?P<p>morgon|förmiddag|eftermiddag|kväll|natt)(?:en)?(?!\w)"
)


def build_weekday_part(match: re.Match[str], words: Words) -> Built:
    """``lördagskväll``, ``på fredagseftermiddag``: a weekday and a part of it in one word."""
    mode = "last" if match["mod"] == "i" else "plain"
    spec = Spec(day=Weekday(words.weekday(match["wd"]), mode), part=common.part_of(match, words))
    return spec, STRONG


RELATIVE_DAY = (
    r"(?<!\w)(?P<w>idag|i\s+dag|nästa\s+dag|dagen\s+efter|i\s*morgon|i\s*morn|imorrn|i\s*över\s*i?\s*morgon|övermorgon"
    r"|i\s*går|i\s*förrgår|förrgår)(?!\w)"
)
NOW = r"(?<!\w)(?:just\s+nu|nu)(?!\w)"


WEEKDAY = (
    r"(?<!\w)(?:(?P<wk>nästa|förra|denna|den\s+här)\s+veckas\s+"
    r"|(?P<mod>på\s+nästa|på\s+förra|på|nästa|förra|i|kommande|denna|den\s+här|till)\s+)?"
    r"(?P<wd>{wd}|{wds})(?P<suf>ens|en|s)?(?P<dot>\.)?"
    r"(?:\s+(?P<post>igen|(?:i\s+|på\s+)?(?:nästa|förra|denna|den\s+här)\s+veckan?|i\s+veckan))?(?!\w)"
)
_STRENGTHENING = ("på", "nästa", "förra", "till")


def build_weekday(match: re.Match[str], words: Words) -> Built:
    """``på lördag``, ``nästa fredag``, ``i lördags``, ``onsdag nästa vecka``, ``nästa veckas fredag``.

    ``nästa fredag`` is the first Friday after today (unlike English "next friday"); ``igen``
    ("again") moves it one week further.
    """
    name, suffix = match["wd"], match["suf"]
    full = name in words.weekdays
    if suffix and not full:
        return None
    modifier = (match["mod"] or "").split()
    last = modifier[-1] if modifier else ""
    post = match["post"] or ""
    weekday = words.weekday(name)
    week = match["wk"]
    if week:
        spec = Weekday(weekday, {"nästa": "next_week", "förra": "last_week"}.get(week, "this_week"))
    elif post == "igen":
        spec = Weekday(weekday, "ahead", 2)
    elif "nästa" in post:
        spec = Weekday(weekday, "next_week")
    elif "förra" in post:
        spec = Weekday(weekday, "last_week")
    elif post:
        spec = Weekday(weekday, "this_week")
    elif last == "förra" or (last == "i" and suffix == "s"):
        spec = Weekday(weekday, "last")
    elif last in ("denna", "här"):
        spec = Weekday(weekday, "this")
    else:
        spec = Weekday(weekday)
    strong = full or post or week or last in _STRENGTHENING
    if not strong and not modifier and reads_as_word(match.string, match.start(), match.end()):
        return None
    return Spec(day=spec), STRONG if strong else WEAK


COUNTED_WEEKDAYS = (
    r"(?<!\w)(?P<n>\d{1,2}|{card})\s+(?P<wd>{wd})ar\s+(?:från\s+(?:nu|idag)|framåt|(?P<back>sedan|sen))(?!\w)"
)


_DAY = r"(?P<d>[0-3]?\d(?::a|:e)?|{ord})"
DAY_MONTH = (
    r"(?<![\w:./])(?:den\s+)?" + _DAY + r"(?:[-/.]|\s+)(?P<mon>{mon})(?:\.(?!\d))?"
    r"(?:(?:\s*,\s*|\s+|[-/])(?P<y>[12]\d{3}|\d{2}))?(?![\w:]|[.,]\d)"
)
MONTH_DAY = (
    r"(?<!\w)(?P<mon>{mon})\.?\s*(?:den\s+)?" + _DAY + r"(?![\w:]|[.,]\d)"
    r"(?:\s*,?\s*(?P<y>[12]\d{3})(?![\w:]|[.,]\d))?"
)


def build_date(match: re.Match[str], words: Words) -> Built:
    """``den 3:e mars``, ``3 mars 2015``, ``tredje mars``, ``februari 15``, ``Jul 18``.

    Always strong: unlike English "may" and "march", no Swedish month name is also a verb.
    """
    date = named_date(match, words)
    return (Spec(day=date), STRONG) if date else None


ORDINAL_DAY = (
    r"(?:(?<!\w)(?:(?P<pa>på|till|från|efter|före|innan)\s+)?den\s+(?P<d>[0-3]?\d(?::a|:e)?|{ord})(?!\w|:\d)"
    r"|(?<![\w:./-])(?P<d2>[0-3]?\d:[ae])(?!\w))(?:\s+(?P<rel>denna|nästa|förra|kommande)\s+månad(?:en)?(?!\w))?"
)


def build_ordinal_day(match: re.Match[str], words: Words) -> Built:
    """``den 15:e``, ``på den 15``, ``den 20:e nästa månad``; a bare ``den 15`` or ``den första`` is weak."""
    written = match["d"] or match["d2"]
    day = words.ordinal(written)
    if day is None or not 1 <= day <= 31:
        return None
    if match["rel"]:
        return Spec(day=DayOfMonth(day, MonthRef(offset=words.offset(match["rel"])))), STRONG
    strong = match["pa"] or (match["d"] and ":" in written)
    return Spec(day=DayOfMonth(day)), STRONG if strong else WEAK


_MONTH_TARGET = (
    r"(?:(?P<mon>{mon})(?:\s+(?P<y>[12]\d{3}))?"
    r"|(?:(?P<rel>denna|nästa|förra|den\s+här)\s+)?månad(?:en)?)"
)
NTH_WEEKDAY = (
    r"(?<!\w)(?:den\s+)?(?:(?P<n>{ord}|[1-5]:[ae])|(?P<last>sista))\s+(?P<wd>{wd})(?:en)?\s+i\s+"
    + _MONTH_TARGET
    + r"(?!\w)"
)
NTH_DAY = (
    r"(?<!\w)(?:den\s+)?(?:(?P<n>{ord}|[0-3]?\d:[ae])\s+)?(?P<last>sista\s+)?dagen\s+i\s+"
    + _MONTH_TARGET
    + r"(?!\w)"
)


LAST_OF_MONTH = r"(?<!\w)den\s+sista\s+(?P<mon>{fullmon})(?:\s+(?P<y>[12]\d{3}))?(?!\w)"


def build_last_of_month(match: re.Match[str], words: Words) -> Built:
    """``den sista mars``: the last day of the month, as a date is written ("den 31 mars")."""
    month = MonthRef(words.months[match["mon"]], int(match["y"]) if match["y"] else None)
    return Spec(day=NthDay(-1, month)), STRONG


# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder, str | None]] = [
    (KL, build_kl, "kl|@|vid|runt|omkring|ungefär"),
    (AT_HOUR, build_at_hour, r"\d"),
    (AROUND_HOUR, build_around_hour, "tiden"),
    (RELATIVE_MINUTES, build_relative_minutes, r"(?<!\w)(?:över|i)\s"),
    (HALF, build_relative_minutes, "halv"),
    (NOON, common.build_noon, "midnatt|lunch|mitt|tolvslaget"),
    (TODAY_PART, common.build_part_today, "kväl|afton|natt|mors|morgs|middag"),
    (ON_PART, common.build_part, "morgonen|middagen|kvällen|natten"),
    (BARE_PART, common.build_bare_part, "morgon|middag|kväll|natt|bitti"),
    (WEEKDAY_PART, build_weekday_part, "{wd}"),
    (RELATIVE_DAY, common.build_relative_day, "dag|mor|går"),
    (NOW, common.build_now, "nu"),
    (WEEKDAY, build_weekday, "{wd}|{wds}"),
    (COUNTED_WEEKDAYS, common.build_counted_weekdays, "{wd}"),
    (DAY_MONTH, build_date, "{mon}"),
    (MONTH_DAY, build_date, "{mon}"),
    (ORDINAL_DAY, build_ordinal_day, "den|:"),
    (NTH_WEEKDAY, common.build_nth_weekday, "{wd}"),
    (LAST_OF_MONTH, build_last_of_month, "sista"),
    (NTH_DAY, common.build_nth_day, "dagen"),
]
