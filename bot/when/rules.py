"""What a rule is, and the helpers every language's rules share.

A rule is a precompiled regular expression over the normalised (lower-cased) text and a builder
that turns a match into a :class:`~bot.when.specs.Spec` and a *strength*:

* ``STRONG`` phrases are times on their own, even inside a chat message ("tomorrow", "18:00");
* ``WEAK`` ones are only trusted when they are the whole text or stand next to another time
  phrase ("sat", "may 3", "2/15", "the 2nd");
* ``DEPENDENT`` ones only add detail to a neighbour ("9" in "9 tomorrow").

A builder may also return None to veto a match that looked right but is not a time. The rules
that read digits alike in every language are in :mod:`bot.when.rules_digits`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.when.specs import CalendarDate, Clock, MonthRef, Period, Spec
from bot.when.words import Words

STRONG, WEAK, DEPENDENT = 2, 1, 0

Built = tuple[Spec, int] | None
Builder = Callable[[re.Match[str], Words], Built]


@dataclass(frozen=True)
class Rule:
    r"""A compiled pattern, the builder that reads its match, and the gate that lets it run.

    The gate is a plain alternative of words (or ``\d``) of which every match of the pattern
    contains at least one ("{mon}" for a rule that needs a month name). Testing it is a fraction
    of the cost of running the pattern, and most messages name one or two kinds of time word, so
    most rules are skipped for most messages. None runs the rule on every text.
    """

    pattern: re.Pattern[str]
    build: Builder
    words: Words
    gate: re.Pattern[str] | None = None


def compile_rules(table: list[tuple[str, Builder, str | None]], words: Words) -> list[Rule]:
    """Fill in ``{wd}``-style fragments, then compile each pattern and gate once for the process.

    Only names of known fragments are replaced, so regex quantifiers like ``\\d{3,4}`` stay as
    written. The table's order is kept: where two rules read the same text equally well, the
    first one wins.
    """

    def fill(found: re.Match[str]) -> str:
        return words.fragments.get(found[1], found[0])

    def compiled(source: str) -> re.Pattern[str]:
        return re.compile(_FRAGMENT.sub(fill, source))

    return [
        Rule(compiled(pattern), build, words, compiled(gate) if gate else None)
        for pattern, build, gate in table
    ]


_FRAGMENT = re.compile(r"\{([a-z_]+)\}")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one blank-separated string, for readable tables."""
    return frozenset(words.split())


# Words that make a number a quantity rather than a time: "at 8 people", "around 20 kr".
_MEASURES = word_set(
    "people persons ppl guys of percent kr sek usd eur euro euros dollars bucks points pts degrees "
    "tables seats players members items pieces pcs times x km m kg miles st stycken personer grader "
    "procent kronor spänn gånger minutes minuter mins hours timmar days dagar weeks veckor years år "
    "months månader more less"
)
# Words that may follow a bare number that is to be read as an hour ("9 tomorrow").
_DAY_WORDS = word_set(
    "today tonight tonite tomorrow tmrw tmr yesterday this in on at the next sharp ish or and to till "
    "until through thru idag ikväll imorgon imorn igår i på nästa prick eller och tills"
)
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+|\d|[%€$£])?")


def following_word(text: str, end: int) -> str:
    """The word (or digit or currency sign) right after *end*, or ``""`` at a punctuation mark."""
    found = _NEXT_WORD.match(text, end)
    return (found.group(1) or "") if found else ""


def measured(text: str, end: int) -> bool:
    """True when the number ending at *end* counts something ("8 people") or runs on ("3 15")."""
    word = following_word(text, end)
    return word in _MEASURES or word.isdigit() or word in ("%", "€", "$", "£")


def hour_may_follow(text: str, end: int) -> bool:
    """A bare number is an hour only at the end of a phrase or before a day or part-of-day word."""
    word = following_word(text, end)
    return word == "" or word in _DAY_WORDS or word.startswith(("morning", "evening", "afternoon", "night"))


# Words after which an abbreviation is a verb, adjective or noun, not a day or month:
# "we sat", "I may", "the sun", "är du fri" (Swedish: "are you free").
_ENGLISH_WORD_AFTER = word_set(
    "i we you he she they it who that which just had have has was were is are am be been not never "
    "the a an my your his her our their this also then still and so"
)
_SWEDISH_WORD_AFTER = word_set("är du ni jag vi han hon de den det inte var vara bli blir blev helt")
_NOT_A_DATE_AFTER = _ENGLISH_WORD_AFTER | _SWEDISH_WORD_AFTER
# Abbreviations that are Swedish adjectives, which a clock time may follow: "är du fri 18:00?".
_SWEDISH_ADJECTIVES = word_set("fri")
# Subjects, after which "sat", "wed", "may" or "march" is the verb ("we sat", "we may 3d print
# it", "they march 3 miles"), even before a clock time ("we sat 18:00-20:00 in the queue").
# "you" is left out: it is as often the object, as in "see you sat 18:00".
_SUBJECTS = word_set("i we he she they it who")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
_WORD = re.compile(r"[^\W\d_]*")


def previous_word(text: str, start: int) -> str:
    """The word right before *start* (punctuation skipped), or ``""`` at the start of the text."""
    found = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
    return found.group(1) if found else ""


def reads_as_word(text: str, start: int, end: int) -> bool:
    """True when the word before *start* makes the abbreviation up to *end* an ordinary word.

    After a subject it is a verb ("we sat"). After an article, a copula and the like it is a noun
    ("the sun"), unless a clock time is written right after it, as none is after a noun: "see
    you sat 18:00" and "ses vi lör 18:00" are days. A Swedish adjective may be followed by one
    ("är du fri 18:00?": "are you free at 18:00?"), so "fri" after a Swedish word stays one.
    """
    word = previous_word(text, start)
    if word not in _NOT_A_DATE_AFTER:
        return False
    if word in _SUBJECTS:
        return True
    own = _WORD.match(text, start)
    if word in _SWEDISH_WORD_AFTER and own is not None and own.group() in _SWEDISH_ADJECTIVES:
        return True
    return not clock_follows(text, end)


def reads_as_verb(text: str, start: int) -> bool:
    """True when a subject comes right before *start*: "we may ...", "they march ..."."""
    return previous_word(text, start) in _SUBJECTS


def spoken_step(said: str | None, unit: str | None, minutes: int) -> bool:
    """Minutes said in words before or after an hour go in fives ("ten to four", "fem i tre").

    "two to three" and "tre över fyra" are ranges or counts, unless "minutes" is said.
    """
    return said is None or said.isdigit() or unit is not None or minutes % 5 == 0


MERIDIEM = r"(?:[ap]\.?\s?m\.?)(?!\w)"


# A clock time as it is written right after a date or a day: "18:00", "19.30", "6pm", "kl 18".
_CLOCK_AHEAD = re.compile(
    r"[\s,]*(?:(?:kl\.?|klockan)\s*\d|(?:(?:[01]?\d|2[0-3]):|(?:1[3-9]|2[0-3])\.)[0-5]\d(?!\d)"
    r"|(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*" + MERIDIEM + ")"
)


def clock_follows(text: str, end: int) -> bool:
    """True when a written clock time comes right after *end*: "may 11 18:00", "sat 6pm"."""
    return bool(_CLOCK_AHEAD.match(text, end))


def meridiem(text: str | None) -> str | None:
    """``"p.m."`` -> ``"pm"``; a lone ``a``/``p`` (as in ``3:15p``) counts too."""
    if not text:
        return None
    return "am" if text.strip().startswith("a") else "pm"


def clock(hour: int, minute: int = 0, second: int = 0, **flags: object) -> Clock | None:
    """A clock reading, or None for impossible ones; 24:00 is midnight at the end of the day."""
    if hour == 24 and minute == 0:
        return Clock(0, 0, second, literal=True, end_of_day=True, precise=bool(flags.get("precise")))
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if flags.get("meridiem") and not 1 <= hour <= 12:
        flags = {**flags, "meridiem": None}
    return Clock(hour, minute, second, **flags)  # type: ignore[arg-type]


def year_of(text: str | None) -> int | None:
    """Four digits as written; two digits are 2000-2049 or 1950-1999."""
    if not text:
        return None
    value = int(text)
    if len(text) == 2:
        return 2000 + value if value < 50 else 1900 + value
    return value


def valid_day(month: int, day: int) -> bool:
    """Whether the month has such a day in some year (so 29 February passes)."""
    return 1 <= month <= 12 and 1 <= day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def named_date(match: re.Match[str], words: Words) -> CalendarDate | None:
    """The date in a match of a month name (``mon``), a day (``d``) and maybe a year (``y``).

    None for a day the month never has ("february 30th"), so the words are left for other rules.
    """
    month, day = words.months[match["mon"]], words.ordinal(match["d"])
    if day is None or not valid_day(month, day):
        return None
    return CalendarDate(month, day, year_of(match["y"]))


def amount(text: str, words: Words) -> float | None:
    """How much of a unit: ``2``, ``2,5``, ``1/2``, ``a couple of``, ``half an``, ``three-quarters of an``.

    Swedish halves (``en halv``, ``två och en halv``) are read here too: no English amount looks
    like them, so one reader serves both languages.
    """
    text = re.sub(r"\s+", " ", text)
    for half in (" och en halv", " and a half"):
        if text.endswith(half):
            whole = words.number(text.removesuffix(half))
            return None if whole is None else whole + 0.5
    if text in ("en halv", "ett halvt"):
        return 0.5
    if "/" in text:
        top, bottom = (int(part) for part in text.replace(" ", "").split("/"))
        return top / bottom if bottom else None
    if text.startswith("half") or text == "a half":
        return 0.5
    if "quarter" in text:
        return 0.75 if text[0] in "3t" else 0.25
    if text in words.quantities:
        return float(words.quantities[text])
    value = words.number(text)
    if value is not None:
        return float(value)
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def span(unit: str, offset: int) -> Spec:
    """A period *offset* units from the current one; months go through :class:`MonthRef`."""
    if unit == "month":
        return Spec(period=Period("month", month=MonthRef(offset=offset)))
    return Spec(period=Period(unit, offset=offset))
