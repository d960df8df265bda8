"""How far ahead a meetup and its poll may reach: a typo like a year of 2999 is refused by name."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import UserError
from bot.domain.proposal import read_closes, read_dates, read_new_time

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
LANGUAGES = ("en", "sv")


def test_a_date_more_than_two_years_ahead_is_refused_and_nothing_else_is_read_as_fine() -> None:
    """The far date is listed with its reason; the whole field is refused."""
    with pytest.raises(UserError) as refused:
        read_dates("2999-01-01 18:00; tomorrow 18:00", now=NOW, languages=LANGUAGES)
    assert "`2999-01-01 18:00`: more than 2 years ahead" in str(refused.value)


def test_a_date_within_two_years_is_read() -> None:
    """Next year's midsummer is a plan, not a typo."""
    (option,) = read_dates("2027-06-25 18:00", now=NOW, languages=LANGUAGES)
    assert option.starts_at == datetime(2027, 6, 25, 18, tzinfo=NOW.tzinfo)


def test_a_poll_may_stay_open_thirty_days_at_most() -> None:
    """``closes`` beyond 30 days is refused naming the option and the range."""
    far_candidate = NOW + timedelta(days=200)
    with pytest.raises(UserError, match=r"`closes`: .* a poll stays open at most 30 days"):
        read_closes(
            "in 31 days",
            now=NOW,
            languages=LANGUAGES,
            default_duration=timedelta(days=2),
            earliest_candidate=far_candidate,
        )
    closes = read_closes(
        "in 29 days",
        now=NOW,
        languages=LANGUAGES,
        default_duration=timedelta(days=2),
        earliest_candidate=far_candidate,
    )
    assert closes.date() == (NOW + timedelta(days=29)).date()


def test_a_move_more_than_two_years_ahead_is_refused() -> None:
    """``/meetup reschedule`` follows the same range as a proposal."""
    with pytest.raises(UserError, match=r"`when`: .* more than 2 years ahead"):
        read_new_time("2999-01-01 18:00", now=NOW, languages=LANGUAGES)
