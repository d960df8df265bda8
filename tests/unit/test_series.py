"""Recurring meetups: reading ``repeat``, expanding occurrences with dateutil's rrule across DST,
and when the next occurrence's message is posted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import UserError
from bot.domain.series import (
    RepeatRule,
    bind,
    check_dates,
    describe_rule,
    next_message_at,
    next_occurrences,
    occurrences,
    ordinal_in_month,
    read_repeat,
    rule_of,
)

STOCKHOLM = "Europe/Stockholm"
ZONE = ZoneInfo(STOCKHOLM)


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("weekly", RepeatRule(monthly=False)),
        ("every week", RepeatRule(monthly=False)),
        ("Once a week", RepeatRule(monthly=False)),
        ("varje vecka", RepeatRule(monthly=False)),
        ("en gång i veckan", RepeatRule(monthly=False)),
        ("every 2 weeks", RepeatRule(monthly=False, interval=2)),
        ("every two weeks", RepeatRule(monthly=False, interval=2)),
        ("every other week", RepeatRule(monthly=False, interval=2)),
        ("biweekly", RepeatRule(monthly=False, interval=2)),
        ("fortnightly", RepeatRule(monthly=False, interval=2)),
        ("varannan vecka", RepeatRule(monthly=False, interval=2)),
        ("var annan vecka", RepeatRule(monthly=False, interval=2)),
        ("var tredje vecka", RepeatRule(monthly=False, interval=3)),
        ("every 0012 weeks", RepeatRule(monthly=False, interval=12)),
        ("every second week", RepeatRule(monthly=False, interval=2)),
        ("monthly", RepeatRule(monthly=True)),
        ("varje månad", RepeatRule(monthly=True)),
        ("månadsvis", RepeatRule(monthly=True)),
        ("every 3 months", RepeatRule(monthly=True, interval=3)),
        ("every Thursday", RepeatRule(monthly=False, weekday=3)),
        ("thursdays", RepeatRule(monthly=False, weekday=3)),
        ("every other Thursday", RepeatRule(monthly=False, interval=2, weekday=3)),
        ("varannan torsdag", RepeatRule(monthly=False, interval=2, weekday=3)),
        ("torsdagar", RepeatRule(monthly=False, weekday=3)),
        ("first Friday of every month", RepeatRule(monthly=True, weekday=4, ordinal=1)),
        ("första fredagen varje månad", RepeatRule(monthly=True, weekday=4, ordinal=1)),
        ("the last Sunday of the month", RepeatRule(monthly=True, weekday=6, ordinal=-1)),
        ("sista söndagen i månaden", RepeatRule(monthly=True, weekday=6, ordinal=-1)),
        ("monthly on the second Tuesday", RepeatRule(monthly=True, weekday=1, ordinal=2)),
    ],
)
def test_repeat_is_read_from_words_in_both_languages(text: str, rule: RepeatRule) -> None:
    assert read_repeat(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "",
        "sometimes",
        "weekley",
        "every",
        "every blue moon",
        "last week",
        "daily",
        "every 13 weeks",
        "0 weeks",
        "every " + "9" * 5000 + " weeks",
        "1" + "0" * 4 + "2 weeks",
        "every ³ weeks",
        "<@1907890>³£<ñ",
    ],
)
def test_an_unreadable_repeat_is_refused_naming_the_option(text: str) -> None:
    with pytest.raises(UserError, match="`repeat`"):
        read_repeat(text)


def test_a_rule_takes_its_weekday_and_place_in_the_month_from_the_first_date() -> None:
    friday = local(2026, 12, 4, 18)
    assert bind(read_repeat("weekly"), friday, STOCKHOLM) == "FREQ=WEEKLY;BYDAY=FR"
    assert bind(read_repeat("every 2 weeks"), friday, STOCKHOLM) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    assert bind(read_repeat("monthly"), friday, STOCKHOLM) == "FREQ=MONTHLY;BYDAY=1FR"
    assert bind(read_repeat("monthly"), local(2026, 12, 29, 18), STOCKHOLM) == "FREQ=MONTHLY;BYDAY=-1TU"
    assert [ordinal_in_month(day) for day in (1, 7, 8, 21, 22, 28, 29, 31)] == [1, 1, 2, 3, 4, 4, -1, -1]


def test_dates_that_do_not_fall_on_the_named_weekday_are_refused() -> None:
    check_dates(read_repeat("every Friday"), [local(2026, 12, 4, 18), local(2026, 12, 11, 18)], STOCKHOLM)
    with pytest.raises(UserError, match="every Friday"):
        check_dates(read_repeat("every Friday"), [local(2026, 12, 5, 18)], STOCKHOLM)
    check_dates(read_repeat("last Friday of the month"), [local(2026, 12, 25, 18)], STOCKHOLM)
    with pytest.raises(UserError, match="last Friday"):
        check_dates(read_repeat("last Friday of the month"), [local(2026, 12, 18, 18)], STOCKHOLM)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TH", "every Thursday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "every other Thursday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", "every 3 weeks on Monday"),
        ("FREQ=MONTHLY;BYDAY=1FR", "the first Friday of every month"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1SU", "the last Sunday of every 2 months"),
    ],
)
def test_a_stored_rule_is_described_in_words(rule: str, words: str) -> None:
    assert str(describe_rule(rule_of(rule))) == words


def test_weekly_and_biweekly_occurrences_keep_the_local_time_across_dst() -> None:
    first = local(2027, 3, 18, 18)
    weekly = next_occurrences("FREQ=WEEKLY;BYDAY=TH", first, STOCKHOLM, after=first, count=3)
    assert [m.astimezone(ZONE) for m in weekly] == [
        local(2027, 3, 25, 18),
        local(2027, 4, 1, 18),
        local(2027, 4, 8, 18),
    ]
    assert [m.astimezone(UTC).hour for m in weekly] == [17, 16, 16], "the clocks went forward on 28 March"
    biweekly = next_occurrences("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", first, STOCKHOLM, after=first, count=2)
    assert [m.astimezone(ZONE) for m in biweekly] == [local(2027, 4, 1, 18), local(2027, 4, 15, 18)]


def test_monthly_occurrences_fall_on_the_same_weekday_of_the_month_across_dst() -> None:
    first = local(2027, 2, 5, 18)
    monthly = next_occurrences("FREQ=MONTHLY;BYDAY=1FR", first, STOCKHOLM, after=first, count=3)
    assert [m.astimezone(ZONE) for m in monthly] == [
        local(2027, 3, 5, 18),
        local(2027, 4, 2, 18),
        local(2027, 5, 7, 18),
    ]
    assert {m.astimezone(ZONE).hour for m in monthly} == {18}
    assert [m.astimezone(UTC).hour for m in monthly] == [17, 16, 16]


def test_skipped_occurrences_are_left_out_and_the_first_is_the_first_date() -> None:
    first = local(2026, 12, 3, 19)
    skipped = [local(2026, 12, 10, 19)]
    found = list(
        zip(range(3), occurrences("FREQ=WEEKLY;BYDAY=TH", first, STOCKHOLM, skipped=skipped), strict=False)
    )
    assert [m.astimezone(ZONE) for _, m in found] == [
        local(2026, 12, 3, 19),
        local(2026, 12, 17, 19),
        local(2026, 12, 24, 19),
    ]


def test_the_next_message_comes_when_the_previous_ends_or_the_lead_before_the_next_whichever_is_later() -> (
    None
):
    ends = datetime(2026, 12, 3, 22, tzinfo=UTC)
    week_later = datetime(2026, 12, 10, 19, tzinfo=UTC)
    assert next_message_at(ends, week_later, timedelta(days=6)) == datetime(2026, 12, 4, 19, tzinfo=UTC)
    assert next_message_at(ends, week_later, timedelta(days=7)) == ends
    month_later = datetime(2027, 1, 7, 19, tzinfo=UTC)
    assert next_message_at(ends, month_later, timedelta(days=6)) == datetime(2027, 1, 1, 19, tzinfo=UTC)
