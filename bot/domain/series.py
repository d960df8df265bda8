"""Recurring meetups: reading how often a meetup repeats, and when its occurrences fall.

A series is stored as an RFC 5545 RRULE (``FREQ=WEEKLY;INTERVAL=2;BYDAY=TH``) beside the first
occurrence's start and the server's time zone, because that is what calendars read and what
python-dateutil's ``rrule`` expands; no date arithmetic is written here. Occurrences are
expanded in local wall-clock time and only then placed in the zone, so the Thursday 18:00
game night stays at 18:00 when the clocks change.

Reading ``repeat``
------------------
The value is read as words, not matched against a list of phrases, so the many ways of saying
the same thing in English and Swedish ("weekly", "every week", "once a week", "varje vecka",
"en gång i veckan") all come out alike:

* an interval: "every"/"each"/"varje" (1), "other"/"second"/"annan"/"varannan"/"biweekly" (2),
  or a number of weeks or months ("every 3 weeks", "var tredje vecka");
* a unit: a week or a month in any of their forms, or a weekday ("every Thursday", which is a
  week);
* for a month, which weekday of it: "first" … "fourth", "last" ("första fredagen varje månad").

Words that carry no meaning here ("of", "the", "a", "i", "på") are skipped; any other word makes
the value unreadable, so a typo is refused rather than read as something else. When the value
names a weekday or its place in the month, the meetup's dates must fall on it; otherwise the first
occurrence supplies them ("monthly" from Friday 4 December is "the first Friday of every month").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.domain.errors import UserError
from bot.domain.messages import Message, lazy, marked
from bot.domain.model import NudgeKind, PlannedNudge, Series
from bot.domain.proposal import clip
from bot.when import parse_when
from bot.when.lexicon import WEEKDAYS_FULL

MAX_INTERVAL = 12
SHOWN_OCCURRENCES = 3
"""How many coming occurrences an announcement lists."""

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = (
    marked("Monday"),
    marked("Tuesday"),
    marked("Wednesday"),
    marked("Thursday"),
    marked("Friday"),
    marked("Saturday"),
    marked("Sunday"),
)
_ORDINAL_NAMES = {
    1: marked("first"),
    2: marked("second"),
    3: marked("third"),
    4: marked("fourth"),
    -1: marked("last"),
}

_WEEK = {"week", "weeks", "weekly", "vecka", "veckor", "veckan", "veckovis", "veckorna"}
_MONTH = {"month", "months", "monthly", "månad", "månader", "månaden", "månadsvis", "månaderna"}
_EVERY = {"every", "each", "varje", "var", "per"}
_EVERY_OTHER = {"other", "annan", "varannan"}
_FORTNIGHT = {"biweekly", "bi-weekly", "fortnightly", "fortnight"}
_ORDINALS = {
    "first": 1, "1st": 1, "första": 1,
    "second": 2, "2nd": 2, "andra": 2,
    "third": 3, "3rd": 3, "tredje": 3,
    "fourth": 4, "4th": 4, "fjärde": 4,
    "last": -1, "sista": -1,
}  # fmt: skip
_COUNTS = {"two": 2, "två": 2, "three": 3, "tre": 3, "four": 4, "fyra": 4, "six": 6, "sex": 6}
_FILLER = {"of", "the", "a", "an", "on", "in", "once", "i", "på", "en", "gång", "om", "time", "times"}
_WEEKDAY_ENDINGS = ("", "s", "en", "ar", "arna")
"""English plural ("thursdays"), Swedish definite and plural ("fredagen", "torsdagar")."""


def _weekday(word: str) -> int | None:
    for names in WEEKDAYS_FULL.values():
        for name, day in names.items():
            if any(word == name + ending for ending in _WEEKDAY_ENDINGS):
                return day
    return None


@dataclass(frozen=True)
class RepeatRule:
    """How often, as read from ``repeat``; a weekday or ordinal left open is taken from the first date."""

    monthly: bool
    interval: int = 1
    weekday: int | None = None
    ordinal: int | None = None


def _unreadable(text: str) -> UserError:
    return UserError(
        "`repeat`: `{typed}` is not a repeat I can read. Try `weekly`, `every 2 weeks`, `monthly`, "
        "`every other Thursday`, `first Friday of every month`, `varje vecka`, `varannan vecka` "
        "or `varje månad`.",
        typed=clip(text, 60),
    )


def read_repeat(text: str) -> RepeatRule:
    """The rule ``text`` says; :class:`UserError` naming ``repeat`` when it says none."""
    words = re.findall(r"[\w-]+", text.lower())
    unit: str | None = None
    interval: int | None = None
    weekday: int | None = None
    ordinal: int | None = None
    for word in words:
        day = _weekday(word)
        if word in _WEEK or word in _MONTH:
            unit = "month" if word in _MONTH else "week"
        elif word in _FORTNIGHT:
            unit, interval = "week", 2
        elif day is not None:
            weekday = day
        elif word in _EVERY_OTHER:
            interval = 2
        elif word in _EVERY or word in _FILLER:
            continue
        elif word in _ORDINALS and interval is None and ordinal is None:
            ordinal = _ORDINALS[word]
        elif word.isdecimal() or word in _COUNTS:
            # Python refuses to convert thousands of digits, and a number of more than three
            # significant ones is out of range all the same.
            digits = word.lstrip("0") or "0"
            interval = _COUNTS.get(word) or (int(digits) if len(digits) <= 3 else MAX_INTERVAL + 1)
        else:
            raise _unreadable(text)
    if unit is None and weekday is not None:
        unit = "week"
    if unit is None or not words:
        raise _unreadable(text)
    # "every second Thursday" is an interval; "the second Thursday of the month" is a place in it.
    if ordinal is not None and unit == "week":
        if ordinal < 1:
            raise _unreadable(text)
        interval, ordinal = ordinal, None
    interval = 1 if interval is None else interval
    if not 1 <= interval <= MAX_INTERVAL:
        raise UserError(
            "`repeat` takes an interval of 1 to {most}; `{typed}` is outside that.",
            most=MAX_INTERVAL,
            typed=clip(text, 60),
        )
    return RepeatRule(monthly=unit == "month", interval=interval, weekday=weekday, ordinal=ordinal)


def ordinal_in_month(day_of_month: int) -> int:
    """Which of its weekday in the month a date is: 1 for the first; the fifth is read as the last,
    since not every month has one."""
    nth = (day_of_month - 1) // 7 + 1
    return -1 if nth == 5 else nth


def _falls_on(rule: RepeatRule, local: datetime) -> bool:
    if rule.weekday is not None and local.weekday() != rule.weekday:
        return False
    if rule.ordinal is None:
        return True
    if rule.ordinal == -1:
        return (local + timedelta(days=7)).month != local.month
    return ordinal_in_month(local.day) == rule.ordinal


def check_dates(rule: RepeatRule, starts: Iterable[datetime], zone: str) -> None:
    """Refuse a rule that names a weekday or a place in the month the dates do not fall on."""
    for start in starts:
        local = start.astimezone(ZoneInfo(zone))
        if not _falls_on(rule, local):
            raise UserError(
                "`repeat` says {rule}, but {date} is not; give dates that fall on it, or leave the"
                " weekday out of `repeat`.",
                rule=describe_rule(rule),
                date=f"{local:%Y-%m-%d}",
            )


def bind(rule: RepeatRule, first_start: datetime, zone: str) -> str:
    """The RRULE for a series starting at ``first_start``, with the weekday (and for a month, its
    place in it) taken from that date."""
    local = first_start.astimezone(ZoneInfo(zone))
    day = RRULE_DAYS[local.weekday()]
    parts = [f"FREQ={'MONTHLY' if rule.monthly else 'WEEKLY'}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    ordinal = rule.ordinal if rule.ordinal is not None else ordinal_in_month(local.day)
    parts.append(f"BYDAY={ordinal}{day}" if rule.monthly else f"BYDAY={day}")
    return ";".join(parts)


def rule_of(rrule_text: str) -> RepeatRule:
    """A stored RRULE back as the rule it was made from, for describing it."""
    fields = dict(part.split("=", 1) for part in rrule_text.split(";"))
    found = re.fullmatch(r"(-?\d)?([A-Z]{2})", fields.get("BYDAY", ""))
    return RepeatRule(
        monthly=fields["FREQ"] == "MONTHLY",
        interval=int(fields.get("INTERVAL", "1")),
        weekday=RRULE_DAYS.index(found[2]) if found else None,
        ordinal=int(found[1]) if found and found[1] else None,
    )


def describe_rule(rule: RepeatRule) -> Message:
    """In words, in the reader's language, for announcements and refusals: "every other
    Thursday", "the first Friday of every month"."""
    count = rule.interval
    if rule.weekday is None:
        if rule.monthly:
            return lazy("every month") if count == 1 else lazy("every {count} months", count=count)
        return {1: lazy("every week"), 2: lazy("every other week")}.get(count) or lazy(
            "every {count} weeks", count=count
        )
    day = lazy(_WEEKDAY_NAMES[rule.weekday])
    if rule.monthly and rule.ordinal is None:
        return lazy("every month on {weekday}", weekday=day)
    if rule.monthly:
        ordinal = lazy(_ORDINAL_NAMES[rule.ordinal or 1])
        if count == 1:
            return lazy("the {ordinal} {weekday} of every month", ordinal=ordinal, weekday=day)
        return lazy(
            "the {ordinal} {weekday} of every {count} months", ordinal=ordinal, weekday=day, count=count
        )
    if count == 1:
        return lazy("every {weekday}", weekday=day)
    if count == 2:
        return lazy("every other {weekday}", weekday=day)
    return lazy("every {count} weeks on {weekday}", count=count, weekday=day)


def occurrences(
    rrule_text: str, first_start: datetime, zone: str, *, skipped: Iterable[datetime] = ()
) -> Iterator[datetime]:
    """Every occurrence from the first on, in UTC, leaving out ``skipped`` ones: expanded at the
    first start's wall-clock time in ``zone``, so DST never moves it."""
    tz = ZoneInfo(zone)
    local_first = first_start.astimezone(tz).replace(tzinfo=None)
    left_out = {moment.astimezone(UTC) for moment in skipped}
    expanded = rrulestr(rrule_text, dtstart=local_first)
    assert isinstance(expanded, rrule)
    for local in expanded:
        moment = local.replace(tzinfo=tz).astimezone(UTC)
        if moment not in left_out:
            yield moment


def next_occurrences(
    rrule_text: str,
    first_start: datetime,
    zone: str,
    *,
    after: datetime,
    count: int = SHOWN_OCCURRENCES,
    skipped: Iterable[datetime] = (),
) -> list[datetime]:
    """The next ``count`` occurrences strictly after ``after``."""
    found: list[datetime] = []
    for moment in occurrences(rrule_text, first_start, zone, skipped=skipped):
        if moment > after:
            found.append(moment)
            if len(found) == count:
                break
    return found


def next_message_at(previous_end: datetime, next_start: datetime, lead: timedelta) -> datetime:
    """When the next occurrence's message is posted: when the previous one ends, or ``lead``
    before the next starts, whichever is later, so one message is open for answers at a time."""
    return max(previous_end, next_start - lead)


def following(series: Series, after: datetime) -> datetime | None:
    """The series' first occurrence after ``after`` that is not skipped; None once it has none."""
    upcoming = next_occurrences(
        series.rule, series.first_start, series.timezone, after=after, count=1, skipped=series.skipped
    )
    return upcoming[0] if upcoming else None


def next_occurrence_nudge(
    series: Series, *, after: datetime, previous_end: datetime, lead: timedelta
) -> PlannedNudge | None:
    """The nudge that posts the occurrence following ``after``; its key names that occurrence, so
    it is planned once however often this runs."""
    upcoming = following(series, after)
    if upcoming is None:
        return None
    return PlannedNudge(
        NudgeKind.NEXT_OCCURRENCE,
        next_message_at(previous_end, upcoming, lead),
        key=f"@{int(upcoming.timestamp())}",
    )


def unbound_rule(rule: RepeatRule) -> str:
    """``rule`` as an RRULE whose weekday (and place in the month) may still be open, kept with a
    proposal until the poll picks the first date (:func:`bind`)."""
    parts = [f"FREQ={'MONTHLY' if rule.monthly else 'WEEKLY'}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    if rule.weekday is not None:
        ordinal = "" if rule.ordinal is None else str(rule.ordinal)
        parts.append(f"BYDAY={ordinal}{RRULE_DAYS[rule.weekday]}")
    return ";".join(parts)


USUAL_REPEATS = ("weekly", "every 2 weeks", "monthly", "varje vecka", "varannan vecka", "varje månad")


def repeat_suggestions(typed: str) -> list[tuple[Message | str, str]]:
    """(shown, value) pairs for autocomplete: how the typed value reads (a message for the
    reader's language), then the usual values that contain it, shown as they are typed."""
    shown = typed.strip()
    suggestions: list[tuple[Message | str, str]] = []
    if shown:
        try:
            suggestions.append(
                (lazy("✓ {typed} → {rule}", typed=shown, rule=describe_rule(read_repeat(typed))), shown)
            )
        except UserError:
            suggestions.append((lazy("✗ {typed}: not a repeat I can read", typed=shown), shown))
    wanted = shown.casefold()
    suggestions += [(value, value) for value in USUAL_REPEATS if wanted in value and value != wanted]
    return suggestions[:25]


def pick_occurrence(
    upcoming: Iterable[datetime], typed: str, *, zone: str, now: datetime, languages: Iterable[str]
) -> datetime | None:
    """The coming occurrence ``typed`` names: the value an autocomplete choice carries (its
    ISO time), or a date as members write one ("17 dec", "nästa torsdag"), matched by its day in
    the series' zone. None when it names none of them."""
    coming = list(upcoming)
    try:
        exact = datetime.fromisoformat(typed.strip())
    except ValueError:
        exact = None
    if exact is not None and exact.tzinfo is not None:
        return next((moment for moment in coming if moment == exact), None)
    tz = ZoneInfo(zone)
    reading = parse_when(typed, now=now.astimezone(tz), languages=tuple(languages))
    if reading is None:
        return None
    day = reading.start.astimezone(tz).date()
    return next((moment for moment in coming if moment.astimezone(tz).date() == day), None)
