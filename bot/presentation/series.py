"""How a series shows on its messages: how often it repeats and its next occurrences."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.model import Meetup, Series
from bot.domain.series import SHOWN_OCCURRENCES, describe_rule, next_occurrences, rule_of
from bot.i18n import Texts
from bot.presentation.common import plain, stamp


def repeats_line(meetup: Meetup, series: Series | None, texts: Texts) -> str | None:
    """``🔁 Repeats every other Thursday · next: …``, counted from this occurrence, skipped ones
    left out; None for a one-off meetup."""
    if series is None:
        return None
    words = texts.message(describe_rule(rule_of(series.rule)))
    if series.ended:
        return texts._("🔁 Was repeating {rule}; the series has ended.", rule=words)
    after = meetup.occurrence_at or meetup.starts_at or series.first_start
    upcoming = next_occurrences(
        series.rule,
        series.first_start,
        series.timezone,
        after=after,
        count=SHOWN_OCCURRENCES,
        skipped=series.skipped,
    )
    if not upcoming:
        return texts._("🔁 **Repeats** {rule}", rule=words)
    listed = ", ".join(stamp(moment, "f") for moment in upcoming)
    return texts._("🔁 **Repeats** {rule} · next: {dates}", rule=words, dates=listed)


def planned_repeat_line(meetup: Meetup, texts: Texts) -> str | None:
    """On the poll: the rule asked for, which starts from the winning date."""
    if meetup.repeat_rule is None:
        return None
    words = texts.message(describe_rule(rule_of(meetup.repeat_rule)))
    return texts._("🔁 Repeats {rule}, from the winning date on.", rule=words)


def is_later_occurrence(meetup: Meetup, series: Series | None) -> bool:
    return series is not None and meetup.id != series.first_meetup_id


def occurrence_content(meetup: Meetup, texts: Texts) -> str:
    return texts._(
        "🔁 **Next in the series:** Meetup #{number}, **{title}**. React to say whether you're coming.",
        number=meetup.number,
        title=plain(meetup.title, 200),
    )


def occurrence_choice(moment: datetime, zone: str, texts: Texts) -> tuple[str, str]:
    """(shown, value) for the ``date`` autocomplete: the local date and time in the member's
    language, and the exact instant the command reads back."""
    return texts.date(moment.astimezone(ZoneInfo(zone)), "EEEE d MMMM y, HH:mm"), moment.isoformat()


def skipped_reply(meetup: Meetup, occurrence: datetime, texts: Texts, *, was_posted: bool) -> str:
    if was_posted:
        return texts._(
            "Skipped {when} of **{title}**: no message or reminder goes out for it, and the series goes on."
            " Its message was up, so it is cancelled and those going were told.",
            when=stamp(occurrence, "F"),
            title=plain(meetup.title, 200),
        )
    return texts._(
        "Skipped {when} of **{title}**: no message or reminder goes out for it, and the series goes on.",
        when=stamp(occurrence, "F"),
        title=plain(meetup.title, 200),
    )
