"""Hypothesis strategies that write a random future time the way people write it, with the answer.

Each example is a moment *now* and a :class:`Case`: a text in English or Swedish naming a time
after *now*, and the instant it names, at the grain it names it. The grammar here is written
from how the two languages write dates and times (word order, 12- or 24-hour clock, "half past
six" against "halv sju", day-first or month-first numbers), and from the reading conventions
documented in ``bot/when/__init__.py``; it knows nothing of the reader's own tables. Number
words, month and weekday names are spelled out here again for that reason, and the holidays
are computed here by their own rules (Easter by the Gregorian computus), not by the package
the reader uses.

Surface forms: numeric and named dates, ordinals in words and digits, glued forms ("15SEP"),
weekday with a time, relative days and offsets, clock words, and holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

STOCKHOLM = ZoneInfo("Europe/Stockholm")

EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SV_WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
EN_MONTHS_SHORT = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SV_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty"}
SV_ONES = [
    "noll",
    "en",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
    "tretton",
    "fjorton",
    "femton",
    "sexton",
    "sjutton",
    "arton",
    "nitton",
]
SV_TENS = {2: "tjugo", 3: "trettio", 4: "fyrtio", 5: "femtio"}
EN_ORDINAL_ONES = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
SV_ORDINAL_ONES = [
    "nollte",
    "första",
    "andra",
    "tredje",
    "fjärde",
    "femte",
    "sjätte",
    "sjunde",
    "åttonde",
    "nionde",
    "tionde",
    "elfte",
    "tolfte",
    "trettonde",
    "fjortonde",
    "femtonde",
    "sextonde",
    "sjuttonde",
    "artonde",
    "nittonde",
]


@dataclass(frozen=True)
class Case:
    """A text, its language, and the instant it names compared at *grain* ("day" or "minute").

    ``chat`` is False for texts the documented conventions only read in chat beside another time
    word: a bare "1/12" (maybe a fraction) and a lone "the third".
    """

    text: str
    lang: str
    expected: datetime
    grain: str
    form: str
    chat: bool = True


def en_number(n: int) -> str:
    """0-59 in English words: "twenty-five"."""
    if n < 20:
        return EN_ONES[n]
    tens, ones = divmod(n, 10)
    return EN_TENS[tens] + (f"-{EN_ONES[ones]}" if ones else "")


def sv_number(n: int) -> str:
    """0-59 in Swedish words, written as one: "tjugofem"."""
    if n < 20:
        return SV_ONES[n]
    tens, ones = divmod(n, 10)
    return SV_TENS[tens] + (SV_ONES[ones] if ones else "")


def en_ordinal(n: int) -> str:
    """1-31 as an English ordinal word: "twenty-first"."""
    if n < 20:
        return EN_ORDINAL_ONES[n]
    tens, ones = divmod(n, 10)
    if not ones:
        return {2: "twentieth", 3: "thirtieth"}[tens]
    return f"{EN_TENS[tens]}-{EN_ORDINAL_ONES[ones]}"


def sv_ordinal(n: int) -> str:
    """1-31 as a Swedish ordinal word: "tjugoförsta"."""
    if n < 20:
        return SV_ORDINAL_ONES[n]
    tens, ones = divmod(n, 10)
    if not ones:
        return {2: "tjugonde", 3: "trettionde"}[tens]
    return SV_TENS[tens] + SV_ORDINAL_ONES[ones]


def suffixed(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def easter(year: int) -> date:
    """Western Easter Sunday by the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _midsummer_eve(year: int) -> date:
    start = date(year, 6, 19)
    return start + timedelta(days=(4 - start.weekday()) % 7)


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


# Holiday names and the rule giving their date in a year.
HOLIDAYS = {
    "en": {
        "christmas eve": lambda year: date(year, 12, 24),
        "christmas day": lambda year: date(year, 12, 25),
        "new year's eve": lambda year: date(year, 12, 31),
        "new year's day": lambda year: date(year, 1, 1),
        "easter sunday": easter,
        "easter monday": lambda year: easter(year) + timedelta(days=1),
        "good friday": lambda year: easter(year) - timedelta(days=2),
        "thanksgiving": _thanksgiving,
        "halloween": lambda year: date(year, 10, 31),
    },
    "sv": {
        "julafton": lambda year: date(year, 12, 24),
        "juldagen": lambda year: date(year, 12, 25),
        "nyårsafton": lambda year: date(year, 12, 31),
        "nyårsdagen": lambda year: date(year, 1, 1),
        "trettondagen": lambda year: date(year, 1, 6),
        "påskdagen": easter,
        "annandag påsk": lambda year: easter(year) + timedelta(days=1),
        "långfredagen": lambda year: easter(year) - timedelta(days=2),
        "midsommarafton": _midsummer_eve,
        "nationaldagen": lambda year: date(year, 6, 6),
    },
}

# Any minute of any day in three years, in Stockholm, summer and winter time alike.
NOWS = st.builds(
    lambda day, hour, minute: datetime.combine(
        date(2026, 1, 1) + timedelta(days=day), time(hour, minute), STOCKHOLM
    ),
    st.integers(0, 3 * 365),
    st.integers(0, 23),
    st.integers(0, 59),
)


def _wall(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), STOCKHOLM)


def _clock_en(draw: st.DrawFn, hour: int, minute: int) -> str:
    """A clock time on a named day in English; the hour is 24-hour, the text may be 12-hour."""
    half = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    forms = [
        f"at {hour:02d}:{minute:02d}",
        f"at {twelve}:{minute:02d}{half}",
        f"{twelve}:{minute:02d} {half}",
    ]
    if minute == 0:
        forms += [f"at {twelve}{half}", f"{twelve} {half}", f"at {twelve} o'clock in the {_part_en(hour)}"]
    if minute == 30:
        forms.append(f"at half past {en_number(twelve)} in the {_part_en(hour)}")
        forms.append(f"half {en_number(twelve)} in the {_part_en(hour)}")
    if minute in (10, 20, 45, 50):
        forms.append(f"at {en_number(twelve)} {en_number(minute)} in the {_part_en(hour)}")
    if minute == 15:
        forms.append(f"at quarter past {en_number(twelve)} in the {_part_en(hour)}")
    if minute == 45 and twelve != 12:
        forms.append(f"at quarter to {en_number(twelve % 12 + 1)} in the {_part_en(hour)}")
    return draw(st.sampled_from(forms))


def _part_en(hour: int) -> str:
    return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"


def _sv_hour(hour: int) -> str:
    """An hour of the 12-hour clock in Swedish words; one o'clock is "ett", not "en"."""
    twelve = hour % 12 or 12
    return "ett" if twelve == 1 else sv_number(twelve)


def _clock_sv(draw: st.DrawFn, hour: int, minute: int) -> str:
    """A clock time on a named day in Swedish: "kl 18:30", "kl. 18.30", "halv sju på kvällen"."""
    forms = [f"kl {hour:02d}:{minute:02d}", f"kl. {hour}.{minute:02d}", f"klockan {hour}:{minute:02d}"]
    if minute == 0:
        forms.append(f"kl {hour}")
    part = (
        "morgonen"
        if hour < 10
        else "förmiddagen"
        if hour < 12
        else "eftermiddagen"
        if hour < 18
        else "kvällen"
    )
    if minute == 30 and 7 <= hour <= 22:
        forms.append(f"halv {_sv_hour(hour + 1)} på {part}")
    if minute == 15 and 7 <= hour <= 22:
        forms.append(f"kvart över {_sv_hour(hour)} på {part}")
    if minute == 45 and 7 <= hour <= 22:
        forms.append(f"kvart i {_sv_hour(hour + 1)} på {part}")
    return draw(st.sampled_from(forms))


@st.composite
def named_dates(draw: st.DrawFn, lang: str, now: datetime) -> Case:
    """A date by month name, number or ordinal, maybe with a clock time (a minute after 07:00)."""
    target = now.date() + timedelta(days=draw(st.integers(1, 360)))
    d, m = target.day, target.month
    if lang == "en":
        month = draw(st.sampled_from([EN_MONTHS[m - 1], EN_MONTHS_SHORT[m - 1]]))
        forms = {
            "named": [
                f"{month} {d}",
                f"{d} {month}",
                f"{month} {suffixed(d)}",
                f"the {suffixed(d)} of {month}",
            ],
            "ordinal": [f"the {en_ordinal(d)} of {EN_MONTHS[m - 1]}", f"{EN_MONTHS[m - 1]} {en_ordinal(d)}"],
            "numeric": [f"{m}/{d}", f"{target.year}-{m:02d}-{d:02d}", f"{m}/{d}/{target.year}"],
            "glued": [f"{d}{EN_MONTHS_SHORT[m - 1].upper()}", f"{d}{EN_MONTHS[m - 1]} {target.year}"],
        }
    else:
        month = SV_MONTHS[m - 1]
        forms = {
            "named": [
                f"{d} {month}",
                f"den {d} {month}",
                f"den {d}:e {month}" if d not in (1, 2, 21, 22, 31) else f"den {d}:a {month}",
            ],
            "ordinal": [f"den {sv_ordinal(d)} {month}"],
            "numeric": [f"{d}/{m}", f"den {d}/{m}", f"{target.year}-{m:02d}-{d:02d}"],
            "glued": [f"{d}{month[:3].upper()}", f"{d}{month} {target.year}"],
        }
    form = draw(st.sampled_from(sorted(forms)))
    text = draw(st.sampled_from(forms[form]))
    # A date a day to a year ahead is the next one to come, so the year need not be written.
    # English numeric dates go with the 12-hour clock (with "18:00" they read day-first), so
    # they are left without a time here.
    if (lang == "sv" or form != "numeric") and draw(st.booleans()):
        hour, minute = draw(st.integers(7, 22)), draw(st.sampled_from([0, 15, 30, 45, 10, 20]))
        clock = _clock_en(draw, hour, minute) if lang == "en" else _clock_sv(draw, hour, minute)
        return Case(f"{text} {clock}", lang, _wall(target, hour, minute), "minute", form)
    bare_pair = form == "numeric" and text.count("/") == 1
    return Case(text, lang, _wall(target, 0, 0), "day", form, chat=not bare_pair)


@st.composite
def weekday_times(draw: st.DrawFn, lang: str, now: datetime) -> Case:
    """A weekday (the next one after today) with a clock time."""
    ahead = draw(st.integers(1, 7))
    target = now.date() + timedelta(days=ahead)
    hour, minute = draw(st.integers(7, 22)), draw(st.sampled_from([0, 15, 30, 45, 5, 50]))
    if lang == "en":
        name = EN_WEEKDAYS[target.weekday()]
        # "this friday" said on a Friday is today, so it only names the days still to come.
        this = [f"this {name}"] if ahead < 7 else []
        day = draw(st.sampled_from([name, f"on {name}", name.capitalize(), name[:3], *this]))
        text = f"{day} {_clock_en(draw, hour, minute)}"
    else:
        # Swedish "nästa fredag" is the first Friday after today, like a bare "fredag".
        name = SV_WEEKDAYS[target.weekday()]
        day = draw(st.sampled_from([name, f"på {name}", name.capitalize(), f"nästa {name}", name[:3]]))
        text = f"{day} {_clock_sv(draw, hour, minute)}"
    return Case(text, lang, _wall(target, hour, minute), "minute", "weekday")


@st.composite
def relatives(draw: st.DrawFn, lang: str, now: datetime) -> Case:
    """Offsets from now, in digits or words: "in 3 days", "om två timmar", "tomorrow at 18:00"."""
    kind = draw(st.sampled_from(["days", "weeks", "hours", "minutes", "tomorrow", "after", "month day"]))
    if kind == "month day":
        return draw(_day_of_month(lang, now))
    n = draw(st.integers(2, 12 if kind != "minutes" else 59))
    said = str(n) if draw(st.booleans()) else (en_number(n) if lang == "en" else sv_number(n))
    if kind in ("hours", "minutes"):
        seconds = n * (3600 if kind == "hours" else 60)
        moved = (now.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(STOCKHOLM)
        unit = {
            "en": {"hours": "hours", "minutes": "minutes"},
            "sv": {"hours": "timmar", "minutes": "minuter"},
        }
        text = f"in {said} {unit['en'][kind]}" if lang == "en" else f"om {said} {unit['sv'][kind]}"
        return Case(text, lang, moved, "minute", "relative")
    if kind in ("days", "weeks"):
        days = n * (7 if kind == "weeks" else 1)
        unit = (
            ("days" if kind == "days" else "weeks")
            if lang == "en"
            else ("dagar" if kind == "days" else "veckor")
        )
        text = draw(
            st.sampled_from(
                [f"in {said} {unit}", f"{said} {unit} from now"] if lang == "en" else [f"om {said} {unit}"]
            )
        )
        return Case(text, lang, _wall(now.date() + timedelta(days=days), 0, 0), "day", "relative")
    offset = 1 if kind == "tomorrow" else 2
    hour, minute = draw(st.integers(7, 22)), draw(st.sampled_from([0, 15, 30, 45, 25]))
    if lang == "en":
        day = "tomorrow" if offset == 1 else "the day after tomorrow"
        text = f"{day} {_clock_en(draw, hour, minute)}"
    else:
        day = "imorgon" if offset == 1 else "i övermorgon"
        text = f"{day} {_clock_sv(draw, hour, minute)}"
    return Case(text, lang, _wall(now.date() + timedelta(days=offset), hour, minute), "minute", "relative")


@st.composite
def _day_of_month(draw: st.DrawFn, lang: str, now: datetime) -> Case:
    """A day of the month alone ("on the 21st", "den 21:a"): the next such day to come."""
    day = draw(st.integers(1, 28))
    found = now.date().replace(day=day)
    if found < now.date():
        found = (found.replace(day=1) + timedelta(days=32)).replace(day=day)
    if lang == "en":
        text = draw(st.sampled_from([f"on the {suffixed(day)}", f"the {en_ordinal(day)}"]))
    else:
        text = draw(
            st.sampled_from(
                [f"den {day}:{'a' if day % 10 in (1, 2) and day not in (11, 12) else 'e'}", f"på den {day}"]
            )
        )
    return Case(text, lang, _wall(found, 0, 0), "day", "ordinal", chat=not text.startswith("the "))


@st.composite
def holidays(draw: st.DrawFn, lang: str, now: datetime) -> Case:
    """A holiday by name: the next one to come, today included."""
    name = draw(st.sampled_from(sorted(HOLIDAYS[lang])))
    rule = HOLIDAYS[lang][name]
    found = rule(now.year)
    if found < now.date():
        found = rule(now.year + 1)
    prefix = draw(st.sampled_from(["", "on "] if lang == "en" else ["", "på "]))
    return Case(prefix + name, lang, _wall(found, 0, 0), "day", "holiday")


@st.composite
def cases(draw: st.DrawFn, lang: str) -> tuple[datetime, Case]:
    """A moment and a time after it, written in *lang* in one of the surface forms above."""
    now = draw(NOWS)
    maker = draw(st.sampled_from([named_dates, weekday_times, relatives, holidays]))
    return now, draw(maker(lang, now))


def right(case: Case, found_start: datetime | None) -> bool:
    """Whether the reader's start is the case's instant at its grain."""
    if found_start is None:
        return False
    got = found_start.astimezone(STOCKHOLM)
    if case.grain == "day":
        return got.date() == case.expected.date()
    return got.replace(second=0, microsecond=0) == case.expected
