"""The recap prompt, the offer to meet again, and the summary in /meetup show."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import Meetup
from bot.domain.recap import AGAIN_EMOJI, RecapSummary
from bot.i18n import Texts
from bot.presentation.common import mention, people, plain


def prompt_text(meetup: Meetup, attendees: Sequence[int], texts: Texts) -> str:
    """Posted after the meetup; mentions (and pings) only the people who were going."""
    who = " ".join(mention(user_id) for user_id in attendees) or texts._("Everyone")
    if meetup.series_id is not None:
        return texts._(
            "🎉 {who}: how was **{title}**?\n"
            "• Rate it with 1️⃣ (meh) to 5️⃣ (great): your rating also tells the organizer you made it.\n"
            "• Share highlights and photos in the thread below.",
            who=who,
            title=plain(meetup.title, 200),
        )
    return texts._(
        "🎉 {who}: how was **{title}**?\n"
        "• Rate it with 1️⃣ (meh) to 5️⃣ (great): your rating also tells the organizer you made it.\n"
        "• Share highlights and photos in the thread below.\n"
        "• React {again} if you'd like to meet again.",
        who=who,
        title=plain(meetup.title, 200),
        again=AGAIN_EMOJI,
    )


def prompt_more_text(attendees: Sequence[int], texts: Texts) -> str:
    """The prompt's mentions beyond the first message's share, in messages of their own."""
    return texts._(
        "🎉 {who}: the question above is for you too.",
        who=" ".join(mention(user_id) for user_id in attendees),
    )


def thread_name(meetup: Meetup, texts: Texts) -> str:
    return texts._("Highlights: {title}", title=meetup.title)[:100]


def no_thread_text(texts: Texts) -> str:
    return texts._("📸 Share your highlights and photos by replying to the message above.")


def again_text(meetup: Meetup, texts: Texts) -> str:
    return texts._(
        "🔁 You'd like to meet again! Anyone who was going can propose the next one with"
        " `/meetup repeat meetup:{number} dates:<fri 19:00; sat 18:00>`: same title (numbered),"
        " the same place first, and everyone invited.",
        number=meetup.number,
    )


def summary_lines(summary: RecapSummary, texts: Texts) -> list[str]:
    average = (
        texts._("★ {average} from {count}", average=f"{summary.average:.1f}", count=summary.ratings)
        if summary.average is not None
        else texts._("no ratings")
    )
    confirmed = [user_id for user_id in summary.going if user_id in summary.came]
    lines = [
        texts._(
            "**Was going ({count}):** {people}",
            count=len(summary.going),
            people=people(list(summary.going), texts, limit=40),
        ),
        texts._(
            "**Confirmed they came ({count}):** {people}",
            count=len(confirmed),
            people=people(confirmed, texts, limit=40),
        ),
        texts._("**Rating:** {average}", average=average),
    ]
    if summary.highlights is not None:
        lines.append(texts._("**Highlights posted:** {count}", count=summary.highlights))
    lines.append(texts._("**Repeated:** yes") if summary.repeated else texts._("**Repeated:** not yet"))
    return lines
