"""How a series shows on its messages: how often it repeats and its next occurrences."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.model import Meetup, Series
from bot.domain.series import SHOWN_OCCURRENCES, describe_rule, next_occurrences, rule_of
from bot.presentation.common import plain, stamp


def repeats_line(meetup: Meetup, series: Series | None) -> str | None:
    """``🔁 Repeats every other Thursday · next: …``, counted from this occurrence, skipped ones
    left out; None for a one-off meetup."""
    if series is None:
        return None
    words = describe_rule(rule_of(series.rule))
    if series.ended:
        return f"🔁 Was repeating {words}; the series has ended."
    after = meetup.occurrence_at or meetup.starts_at or series.first_start
    upcoming = next_occurrences(
        series.rule,
        series.first_start,
        series.timezone,
        after=after,
        count=SHOWN_OCCURRENCES,
        skipped=series.skipped,
    )
    listed = ", ".join(stamp(moment, "f") for moment in upcoming)
    return f"🔁 **Repeats** {words} · next: {listed}" if listed else f"🔁 **Repeats** {words}"


def planned_repeat_line(meetup: Meetup) -> str | None:
    """On the poll: the rule asked for, which starts from the winning date."""
    if meetup.repeat_rule is None:
        return None
    return f"🔁 Repeats {describe_rule(rule_of(meetup.repeat_rule))}, from the winning date on."


def is_later_occurrence(meetup: Meetup, series: Series | None) -> bool:
    return series is not None and meetup.id != series.first_meetup_id


def occurrence_content(meetup: Meetup) -> str:
    return (
        f"🔁 **Next in the series:** Meetup #{meetup.number}, **{plain(meetup.title, 200)}**."
        " React to say whether you're coming."
    )


def occurrence_choice(moment: datetime, zone: str) -> tuple[str, str]:
    """(shown, value) for the ``date`` autocomplete: the local date and time, and the exact
    instant the command reads back."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}", moment.isoformat()


def skipped_reply(meetup: Meetup, occurrence: datetime, *, was_posted: bool) -> str:
    told = " Its message was up, so it is cancelled and those going were told." if was_posted else ""
    return (
        f"Skipped {stamp(occurrence, 'F')} of **{plain(meetup.title, 200)}**: no message or reminder"
        f" goes out for it, and the series goes on.{told}"
    )
