"""Pinning a :class:`~bot.when.specs.Spec` to the calendar, given *now*.

All arithmetic is done on dates and wall-clock times; a result is only made aware at the very end
by :func:`local`, with the zone of *now* applied to the target date. That is what keeps "Nov 3
18:00" at 18:00 when it is read in October across the change from summer time: adding a
``timedelta`` to an aware datetime would drag the summer offset along. Durations measured in
hours or minutes are the exception: those are real elapsed time, so they are added in UTC.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone

from bot.when.holiday_dates import holiday_date
from bot.when.lexicon import PARTS
from bot.when.specs import (
    Anchor,
    CalendarDate,
    Clock,
    DayOfMonth,
    DaySpec,
    Holiday,
    MonthRef,
    NthDay,
    NthWeekday,
    Period,
    RelativeDay,
    Shift,
    Spec,
    Weekday,
)

# How far into the past a date with a matching weekday may still be meant ("Sunday, Feb 10" said
# on Tuesday the 12th is the Sunday that just went, not one years away).
_RECENT = timedelta(days=7)
_PART_ENDS = {"morning": 12, "forenoon": 12, "early": 9, "lunch": 14, "afternoon": 18}


def local(now: datetime, day: date, at: time = time()) -> datetime:
    """The wall-clock time *at* on *day* in *now*'s zone, moved past any gap the clocks jump over."""
    zone = now.tzinfo
    naive = datetime.combine(day, at)
    localize = getattr(zone, "localize", None)
    if localize is not None:
        return zone.normalize(localize(naive))  # type: ignore[union-attr]
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def resolve(spec: Spec, now: datetime) -> tuple[datetime, str] | None:
    """The instant and grain a spec names, or None when the calendar has no such day.

    A written time zone ("8pm CET") is honoured by reading the spec as if *now* were in that
    zone, then expressing the answer in *now*'s own zone.
    """
    if spec.zone is not None and spec.clock is not None:
        there = now.astimezone(timezone(timedelta(minutes=spec.zone)))
        found = resolve(replace(spec, zone=None), there)
        return None if found is None else (found[0].astimezone(now.tzinfo), found[1])
    if spec.now:
        return now, "minute"
    if spec.period is not None:
        return _period(spec.period, now)
    if spec.shift is not None and spec.anchor is None:
        return _shifted(spec, now)
    day = _day(spec, now.date())
    if spec.day is not None and day is None:
        return None
    if spec.anchor is not None and spec.day is None:
        return None
    if spec.clock is not None:
        return _with_clock(spec, day, now)
    if spec.part is not None:
        return _with_part(spec, day, now)
    if day is None:
        return None
    return local(now, day), "day"


def _shifted(spec: Spec, now: datetime) -> tuple[datetime, str] | None:
    """``in 3 hours`` is elapsed time; ``in 2 days`` is the same wall-clock time two dates on."""
    shift = spec.shift
    assert shift is not None
    if shift.unit in ("second", "minute", "hour"):
        seconds = shift.amount * {"second": 1, "minute": 60, "hour": 3600}[shift.unit]
        moved = (now.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(now.tzinfo)
        return moved, "minute"
    day = _shift_date(now.date(), shift)
    if day is None:
        return None
    if spec.clock is not None or spec.part is not None:
        return _with_clock(spec, day, now) if spec.clock else _with_part(spec, day, now)
    wall = now.time().replace(tzinfo=None, fold=0)
    return local(now, day, wall), "day"


def _shift_date(day: date, shift: Shift) -> date | None:
    """Calendar arithmetic; a month later than Jan 31 is the last day of February."""
    amount = shift.amount
    if shift.unit in ("day", "week"):
        days = amount * (7 if shift.unit == "week" else 1)
        return day + timedelta(days=round(days))
    months = round(amount * (12 if shift.unit == "year" else 1))
    return _add_months(day, months)


def _add_months(day: date, months: int) -> date | None:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _day(spec: Spec, today: date) -> date | None:
    if spec.day is None:
        return None
    day = _base_day(spec.day, spec.weekday, today)
    if day is None or spec.anchor is None:
        return day
    day = _apply_anchor(spec.anchor, day)
    if day is not None and spec.weekday is not None and isinstance(spec.day, RelativeDay):
        day += timedelta(days=(spec.weekday.weekday - day.weekday()) % 7)
    return day


def _base_day(day: DaySpec, constraint: Weekday | None, today: date) -> date | None:
    if isinstance(day, RelativeDay):
        return today + timedelta(days=day.offset)
    if isinstance(day, Weekday):
        return _weekday(day, today)
    if isinstance(day, CalendarDate):
        return _calendar_date(day, constraint, today)
    if isinstance(day, DayOfMonth):
        return _day_of_month(day, constraint, today)
    if isinstance(day, NthWeekday | NthDay):
        return _in_month(day, today)
    return _holiday_on_or_after(day, today)


def _weekday(spec: Weekday, today: date) -> date:
    """Weeks run Monday to Sunday, as in Sweden and ISO 8601."""
    ahead = (spec.weekday - today.weekday() - 1) % 7 + 1
    behind = (today.weekday() - spec.weekday - 1) % 7 + 1
    monday = today - timedelta(days=today.weekday())
    offsets = {
        "plain": ahead,
        "this": ahead % 7,
        "ahead": ahead + 7 * (spec.count - 1),
        "last": -behind,
        "ago": -behind - 7 * (spec.count - 1),
    }
    if spec.mode in offsets:
        return today + timedelta(days=offsets[spec.mode])
    week = {"this_week": 0, "next_week": 1, "last_week": -1}[spec.mode]
    return monday + timedelta(days=7 * week + spec.weekday)


def _calendar_date(spec: CalendarDate, constraint: Weekday | None, today: date) -> date | None:
    """An unyeared date is the next one to come, unless a weekday written with it says otherwise."""
    if spec.year is not None:
        return _safe_date(spec.year, spec.month, spec.day)
    if _safe_date(2000, spec.month, spec.day) is None:
        return None
    earliest = today - _RECENT if constraint else today
    for year in range(today.year - 1, today.year + 29):
        candidate = _safe_date(year, spec.month, spec.day)
        if candidate is None or candidate < earliest:
            continue
        if constraint is None or candidate.weekday() == constraint.weekday:
            return candidate
    return None


def _day_of_month(spec: DayOfMonth, constraint: Weekday | None, today: date) -> date | None:
    if spec.month is not None:
        year, month = _month(spec.month, today)
        return _safe_date(year, month, spec.day)
    earliest = today - _RECENT if constraint else today
    for months in range(0, 12 * 28):
        first = _add_months(today.replace(day=1), months)
        candidate = first and _safe_date(first.year, first.month, spec.day)
        if candidate is None or candidate < earliest:
            continue
        if constraint is None or candidate.weekday() == constraint.weekday:
            return candidate
    return None


def _in_month(spec: NthWeekday | NthDay, today: date) -> date | None:
    """A month given by name alone means the next one in which the day is still to come."""
    year, month = _month(spec.month, today)
    found = _nth_in_month(spec, year, month)
    named_only = spec.month.month is not None and spec.month.year is None
    if named_only and (found is None or found < today) and not spec.month.skip:
        found = _nth_in_month(spec, year + 1, month)
    return found


def _nth_in_month(spec: NthWeekday | NthDay, year: int, month: int) -> date | None:
    length = calendar.monthrange(year, month)[1]
    if isinstance(spec, NthDay):
        number = spec.n if spec.n > 0 else length + spec.n + 1
        return _safe_date(year, month, number)
    if spec.n > 0:
        first = date(year, month, 1)
        found = first + timedelta(days=(spec.weekday - first.weekday()) % 7 + 7 * (spec.n - 1))
    else:
        last = date(year, month, length)
        found = last - timedelta(days=(last.weekday() - spec.weekday) % 7 + 7 * (-spec.n - 1))
    return found if found.month == month else None


def _month(ref: MonthRef, today: date) -> tuple[int, int]:
    if ref.offset is not None:
        moved = _add_months(today.replace(day=1), ref.offset) or today
        return moved.year, moved.month
    month = ref.month or today.month
    if ref.year is not None:
        return ref.year, month
    year = today.year if month >= today.month else today.year + 1
    return year + ref.skip, month


def _apply_anchor(anchor: Anchor, base: date) -> date | None:
    if anchor.shift is not None:
        return _shift_date(base, anchor.shift)
    assert anchor.weekday is not None
    if anchor.n == 0:
        ahead = (anchor.weekday - base.weekday()) % 7
        return base + timedelta(days=ahead if ahead <= 3 else ahead - 7)
    if anchor.n > 0:
        first = (anchor.weekday - base.weekday() - 1) % 7 + 1
        return base + timedelta(days=first + 7 * (anchor.n - 1))
    first = (base.weekday() - anchor.weekday - 1) % 7 + 1
    return base - timedelta(days=first + 7 * (-anchor.n - 1))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _with_clock(spec: Spec, day: date | None, now: datetime) -> tuple[datetime, str]:
    """A clock time on its day; without one, its next occurrence. Midnight ends the named day."""
    clock = spec.clock
    assert clock is not None
    grain = "minute" if clock.precise else "hour"
    hours = _hours(clock, spec.part)
    if day is None:
        return _next_occurrence(now, hours, clock), grain
    if clock.end_of_day and hours == [0]:
        day += timedelta(days=1)
    if len(hours) > 1:
        hours = [_pick_hour(clock.hour, day, clock, now)]
    at = time(hours[0], clock.minute, clock.second)
    return local(now, day, at), grain


def _hours(clock: Clock, part: str | None) -> list[int]:
    """The 24-hour readings of a written hour, best first; two when it could be either half."""
    hour = clock.hour
    if clock.meridiem == "am":
        return [hour % 12]
    if clock.meridiem == "pm":
        return [hour % 12 + 12]
    if hour == 0 or hour > 12:
        return [hour % 24]
    if part is not None:
        if hour == 12:
            return [0] if part in ("evening", "night", "late") else [12]
        return [hour] if PARTS[part][1] == "am" else [hour + 12]
    if clock.literal:
        return [hour]
    return [hour % 12, hour % 12 + 12]


def _pick_hour(hour: int, day: date, clock: Clock, now: datetime) -> int:
    """An ambiguous hour on a named day: the first reading still to come today, else 7-11 am, 12-6 pm."""
    if day == now.date():
        floor = now.replace(minute=0, second=0, microsecond=0)
        for candidate in (hour % 12, hour % 12 + 12):
            if local(now, day, time(candidate, clock.minute, clock.second)) >= floor:
                return candidate
    return hour if 7 <= hour <= 12 else hour + 12


def _next_occurrence(now: datetime, hours: list[int], clock: Clock) -> datetime:
    """The first matching wall-clock time from the start of the current hour on.

    Counting from the top of the hour rather than from the minute means that "at 4:23" said at
    4:30 is the 4:23 that just passed, not one half a day later: someone naming a time within the
    hour is talking about that hour.
    """
    floor = now.replace(minute=0, second=0, microsecond=0)
    today = now.date()
    for offset in range(3):
        day = today + timedelta(days=offset)
        for hour in sorted(hours):
            candidate = local(now, day, time(hour, clock.minute, clock.second))
            if candidate >= floor:
                return candidate
    return local(now, today + timedelta(days=1), time(hours[0], clock.minute, clock.second))


def _with_part(spec: Spec, day: date | None, now: datetime) -> tuple[datetime, str]:
    """A part of the day alone starts at its usual hour; without a day, the next one not yet over."""
    part = spec.part
    assert part is not None
    start = time(PARTS[part][0])
    if day is None:
        day = now.date()
        if not spec.part_today and now.hour >= _PART_ENDS.get(part, 24):
            day += timedelta(days=1)
    return local(now, day, start), "hour"


_ELAPSED = {"second": 1, "minute": 60, "hour": 3600}


def _period(period: Period, now: datetime) -> tuple[datetime, str] | None:
    """The start of a unit counted from the one *now* is in ("next week", "the last 2 hours")."""
    today = now.date()
    if period.grain in _ELAPSED:
        size = _ELAPSED[period.grain]
        top = now.replace(microsecond=0)
        if period.grain != "second":
            top = top.replace(second=0, minute=0 if period.grain == "hour" else top.minute)
        moved = top.astimezone(UTC) + timedelta(seconds=size * period.offset)
        return moved.astimezone(now.tzinfo), "hour" if period.grain == "hour" else "minute"
    if period.grain == "day":
        return local(now, today + timedelta(days=period.offset)), "day"
    if period.grain == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7 * period.offset)
        return local(now, monday), "week"
    if period.grain == "month" and period.month is not None:
        year, month = _month(period.month, today)
        return local(now, date(year, month, 1)), "month"
    year = period.year if period.year is not None else today.year + period.offset
    if not 1 <= year <= 9999:
        return None
    return local(now, date(year, 1, 1)), "year"


def _holiday_on_or_after(spec: Holiday, today: date) -> date | None:
    """That year's holiday, the next one to come, or (``back``) the one just past."""
    if spec.year is not None:
        return holiday_date(spec.name, spec.year)
    if spec.back:
        found = holiday_date(spec.name, today.year)
        return found if found is not None and found < today else holiday_date(spec.name, today.year - 1)
    found = holiday_date(spec.name, today.year)
    return found if found is not None and found >= today else holiday_date(spec.name, today.year + 1)
