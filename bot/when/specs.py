"""What a piece of a time expression says, before it is pinned to a calendar.

The grammar turns each recognised phrase ("saturday", "kl 19", "tonight") into a :class:`Spec`
holding only what that phrase says. Neighbouring phrases are combined with :func:`combine`, which
refuses combinations that say the same thing twice ("friday tuesday", "18:00 19:00"): such a
pair is two separate times, not one. Specs know nothing about *now*; :mod:`bot.when.calendar_math` does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Clock:
    """A time of day as written: ``8``, ``8pm``, ``20:00``, ``kl 8``, ``halv åtta``."""

    hour: int
    minute: int = 0
    second: int = 0
    meridiem: str | None = None
    literal: bool = False
    precise: bool = False
    end_of_day: bool = False


@dataclass(frozen=True)
class RelativeDay:
    """Today, tomorrow, yesterday and friends: a whole number of days from today."""

    offset: int


@dataclass(frozen=True)
class Weekday:
    """A day of the week and how it is placed relative to today.

    ``mode`` is one of: ``plain`` (the next one after today), ``this`` (today or later),
    ``next_week`` / ``this_week`` / ``last_week`` (inside that Monday-to-Sunday week),
    ``ahead`` (the ``count``-th one after today), ``last`` and ``ago`` (backwards).
    """

    weekday: int
    mode: str = "plain"
    count: int = 1


@dataclass(frozen=True)
class CalendarDate:
    """A month and a day, with the year when it was written."""

    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True)
class MonthRef:
    """A month: by name (``march``, ``mars 2014``) or relative to this one (``next month``).

    ``skip`` counts how many later occurrences to pass over ("March after next").
    """

    month: int | None = None
    year: int | None = None
    offset: int | None = None
    skip: int = 0


@dataclass(frozen=True)
class DayOfMonth:
    """A day number without a month name: ``the 15th``, ``den 3:e``, ``20 of next month``."""

    day: int
    month: MonthRef | None = None


@dataclass(frozen=True)
class NthWeekday:
    """``first tuesday of october``; a negative ``n`` counts from the end of the month."""

    n: int
    weekday: int
    month: MonthRef


@dataclass(frozen=True)
class NthDay:
    """``the third day of october``, ``the 5th last day of may`` (negative counts from the end)."""

    n: int
    month: MonthRef


@dataclass(frozen=True)
class Holiday:
    """A named day whose date the calendar module knows how to compute."""

    name: str
    year: int | None = None
    back: bool = False


@dataclass(frozen=True)
class Shift:
    """A signed amount of some unit: ``in 2 days`` is ``Shift(2, "day")``."""

    amount: float
    unit: str


@dataclass(frozen=True)
class Anchor:
    """Counted from the day that follows: ``3 days after``, ``third tuesday after``, ``closest monday to``."""

    shift: Shift | None = None
    weekday: int | None = None
    n: int = 0


@dataclass(frozen=True)
class Period:
    """A unit of time as a whole, counted from the one *now* is in.

    ``next week`` is ``Period("week", 1)``; ``in march`` carries a :class:`MonthRef`; ``in 2014``
    a year; ``the next 3 hours`` starts at ``Period("hour", 1)``.
    """

    grain: str
    offset: int = 0
    month: MonthRef | None = None
    year: int | None = None


DaySpec = RelativeDay | Weekday | CalendarDate | DayOfMonth | NthWeekday | NthDay | Holiday


@dataclass(frozen=True)
class Spec:
    """Everything one expression has said so far; empty fields are simply not said."""

    day: DaySpec | None = None
    weekday: Weekday | None = None
    clock: Clock | None = None
    part: str | None = None
    part_today: bool = False
    shift: Shift | None = None
    anchor: Anchor | None = None
    period: Period | None = None
    now: bool = False
    zone: int | None = None

    def is_empty(self) -> bool:
        """True for a spec that names no time at all (only a bare number, say)."""
        return self == Spec()


_CONSTRAINABLE = (CalendarDate, DayOfMonth)


def combine(left: Spec, right: Spec) -> Spec | None:
    """Merge two neighbouring specs, or None when they cannot describe one single time."""
    placed = (
        _in_week(left, right) or _in_week(right, left) or _in_month(left, right) or _in_month(right, left)
    )
    if placed is not None:
        return placed
    if left.now or right.now or left.period or right.period:
        return None
    merged = left
    for field in ("clock", "part", "shift", "anchor", "zone"):
        mine, theirs = getattr(merged, field), getattr(right, field)
        if theirs is None:
            continue
        if mine is not None:
            return None
        merged = replace(merged, **{field: theirs})
    if right.part_today:
        merged = replace(merged, part_today=True)
    merged = _combine_days(merged, right)
    if merged is None:
        return None
    if merged.part_today and merged.day is not None and merged.day != RelativeDay(0):
        return None
    return _check_shift(merged)


_WEEK_MODES = {-1: "last_week", 0: "this_week", 1: "next_week"}


def _in_week(week: Spec, day: Spec) -> Spec | None:
    """A weekday beside a week names that day of the week: "next week friday", "nästa vecka fredag"."""
    period, weekday = week.period, day.day
    if period is None or week != Spec(period=period) or period.grain != "week":
        return None
    if not isinstance(weekday, Weekday) or weekday.mode != "plain" or day.period is not None:
        return None
    mode = _WEEK_MODES.get(period.offset)
    return None if mode is None else replace(day, day=Weekday(weekday.weekday, mode))


def _in_month(month: Spec, day: Spec) -> Spec | None:
    """A day of the month beside a month names that day of it: "next month on the 5th"."""
    period, found = month.period, day.day
    if period is None or month != Spec(period=period) or period.month is None:
        return None
    if not isinstance(found, DayOfMonth) or found.month is not None or day.period is not None:
        return None
    return replace(day, day=DayOfMonth(found.day, period.month))


def _combine_days(merged: Spec, right: Spec) -> Spec | None:
    """A weekday next to a calendar date only checks it ("Fri, Jul 18"); two days otherwise clash."""
    day, other = merged.day, right.day
    weekday = merged.weekday or right.weekday
    if merged.weekday and right.weekday:
        return None
    if other is None:
        return replace(merged, weekday=weekday)
    if day is None:
        return replace(merged, day=other, weekday=weekday)
    if isinstance(day, Weekday) and isinstance(other, _CONSTRAINABLE) and weekday is None:
        return replace(merged, day=other, weekday=day)
    if isinstance(other, Weekday) and isinstance(day, _CONSTRAINABLE) and weekday is None:
        return replace(merged, weekday=other)
    return None


def _check_shift(spec: Spec) -> Spec | None:
    """A shift in hours names an instant on its own; only a day-sized one takes a time of day.

    Offsets compose with the day they are said beside: "today in one hour" is in one hour, and
    "imorgon om en vecka" ("a week from tomorrow") counts the week from tomorrow.
    """
    shift = spec.shift
    if shift is None:
        return spec
    if shift.unit in ("second", "minute", "hour"):
        if spec.day == RelativeDay(0) and not (spec.clock or spec.part or spec.weekday):
            return replace(spec, day=None)
        return None if spec.clock or spec.part or spec.day else spec
    if spec.day is not None and spec.anchor is None:
        if shift.amount < 0:
            return None
        day = spec.day
        if isinstance(day, Weekday) and shift.unit in ("month", "year"):
            # A month after a Tuesday is seldom a Tuesday: "two months from today on Tuesday" is
            # the first Tuesday from the day two months on.
            if day.mode not in ("plain", "this") or spec.weekday is not None:
                return None
            return replace(spec, day=RelativeDay(0), weekday=day, shift=None, anchor=Anchor(shift=shift))
        return replace(spec, shift=None, anchor=Anchor(shift=shift))
    return spec


def range_start(start: Spec, end: Spec) -> Spec | None:
    """The start of "A - B", with what only B says filled in: "3-4pm", "9:30 - 11:00 on thursday".

    An end with a date lends it to a start that is only a number ("from 13 to 15 July"); an end
    with a.m./p.m. lends it to an earlier hour ("3-4pm" but "11-1pm" starts at 11 a.m.).
    """
    for side in (start, end):
        if side.now or side.period or side.shift or side.is_empty():
            return None
    filled = start
    if end.zone is not None and filled.zone is None:
        filled = replace(filled, zone=end.zone)
    if filled.part is None and end.part is not None and filled.clock is not None:
        filled = replace(filled, part=end.part, part_today=end.part_today)
    filled = _lend_meridiem(filled, end)
    if filled.day is None and end.day is not None:
        if isinstance(end.day, CalendarDate) and filled.clock and _bare_number(filled):
            day = CalendarDate(end.day.month, filled.clock.hour, end.day.year)
            return replace(filled, clock=None, day=day)
        return replace(filled, day=end.day, weekday=filled.weekday or end.weekday)
    if isinstance(filled.day, DayOfMonth) and filled.day.month is None and isinstance(end.day, CalendarDate):
        return replace(filled, day=CalendarDate(end.day.month, filled.day.day, end.day.year))
    return filled


def _bare_number(spec: Spec) -> bool:
    clock = spec.clock
    assert clock is not None
    return not (clock.minute or clock.meridiem or clock.precise or clock.literal) and 1 <= clock.hour <= 31


def _lend_meridiem(start: Spec, end: Spec) -> Spec:
    mine, theirs = start.clock, end.clock
    if mine is None or theirs is None or mine.meridiem or mine.literal or not theirs.meridiem:
        return start
    if not 1 <= mine.hour <= 12:
        return start
    same_half = mine.hour % 12 <= theirs.hour % 12
    meridiem = theirs.meridiem if same_half else ("am" if theirs.meridiem == "pm" else "pm")
    return replace(start, clock=replace(mine, meridiem=meridiem))


def with_day_of(alternative: Spec, previous: Spec) -> Spec:
    """In "tomorrow 18:00 or 19:00" the bare clock time offered as an alternative keeps the day."""
    if alternative.clock is None or alternative.day or alternative.shift or alternative.part_today:
        return alternative
    if previous.day is None or previous.anchor or previous.zone != alternative.zone:
        return alternative
    return replace(alternative, day=previous.day, weekday=previous.weekday)
