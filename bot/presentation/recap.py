"""The recap prompt, the offer to meet again, and the summary in /meetup show."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import Meetup
from bot.domain.recap import AGAIN_EMOJI, RecapSummary
from bot.presentation.common import mention, people, plain


def prompt_text(meetup: Meetup, attendees: Sequence[int]) -> str:
    """Posted after the meetup; mentions (and pings) only the people who were going."""
    who = " ".join(mention(user_id) for user_id in attendees) or "Everyone"
    return (
        f"🎉 {who}: how was **{plain(meetup.title, 200)}**?\n"
        "• Rate it with 1️⃣ (meh) to 5️⃣ (great): your rating also tells the organizer you made it.\n"
        "• Share highlights and photos in the thread below.\n"
        f"• React {AGAIN_EMOJI} if you'd like to meet again."
    )


def prompt_more_text(attendees: Sequence[int]) -> str:
    """The prompt's mentions beyond the first message's share, in messages of their own."""
    return (
        "🎉 " + " ".join(mention(user_id) for user_id in attendees) + ": the question above is for you too."
    )


def thread_name(meetup: Meetup) -> str:
    return f"Highlights: {meetup.title}"[:100]


def no_thread_text() -> str:
    return "📸 Share your highlights and photos by replying to the message above."


def again_text(meetup: Meetup) -> str:
    return (
        f"🔁 You'd like to meet again! Anyone who was going can propose the next one with "
        f"`/meetup repeat meetup:{meetup.number} dates:<fri 19:00; sat 18:00>`: same title (numbered), "
        "the same place first, and everyone invited."
    )


def summary_lines(summary: RecapSummary) -> list[str]:
    average = (
        f"★ {summary.average:.1f} from {summary.ratings}" if summary.average is not None else "no ratings"
    )
    confirmed = [user_id for user_id in summary.going if user_id in summary.came]
    lines = [
        f"**Was going ({len(summary.going)}):** {people(list(summary.going), limit=40)}",
        f"**Confirmed they came ({len(confirmed)}):** {people(confirmed, limit=40)}",
        f"**Rating:** {average}",
    ]
    if summary.highlights is not None:
        lines.append(f"**Highlights posted:** {summary.highlights}")
    lines.append(f"**Repeated:** {'yes' if summary.repeated else 'not yet'}")
    return lines
