"""``/meetup list`` and ``/meetup show``, in the language of the member who asked."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.model import DateOption, Meetup, MeetupStatus, Rsvp, Series, VenueOption, Vote, VoteKind
from bot.domain.poll import emoji_for, voters
from bot.domain.recap import RecapSummary
from bot.i18n import Texts
from bot.presentation.common import COLOUR, STATUS, fit, jump_url, mention, plain, when
from bot.presentation.polls import attendance_lines, heading, venue_label
from bot.presentation.recap import summary_lines
from bot.presentation.series import planned_repeat_line, repeats_line


def _summary(meetup: Meetup, texts: Texts) -> str:
    match meetup.status:
        case MeetupStatus.POLLING:
            return texts._("voting, closes {when}", when=when(meetup.closes_at))
        case MeetupStatus.SCHEDULED:
            assert meetup.starts_at is not None
            return texts._("on {when}", when=when(meetup.starts_at))
        case _:
            return texts.message(STATUS[meetup.status])


def upcoming_embed(meetups: Sequence[Meetup], texts: Texts) -> discord.Embed:
    if not meetups:
        text = texts._("No open or upcoming meetups here. Start one with `/meetup propose`.")
    else:
        lines = []
        for meetup in meetups:
            message_id = meetup.announcement_message_id or meetup.poll_message_id
            title = plain(meetup.title, 100)
            if message_id:
                title = f"[{title}]({jump_url(meetup.guild_id, meetup.channel_id, message_id)})"
            repeats = " 🔁" if meetup.series_id is not None or meetup.repeat_rule is not None else ""
            lines.append(f"**#{meetup.number}** {title}{repeats}: {_summary(meetup, texts)}")
        text = "\n".join(lines)
    return discord.Embed(title=texts._("Meetups"), description=fit(text), colour=COLOUR)


def meetup_embed(
    meetup: Meetup,
    dates: Sequence[DateOption],
    venues: Sequence[VenueOption],
    votes: Sequence[Vote],
    rsvps: Sequence[Rsvp],
    texts: Texts,
    recap: RecapSummary | None = None,
    series: Series | None = None,
) -> discord.Embed:
    lines = [
        texts._("Organizer: {organizer}", organizer=mention(meetup.organizer_id)),
        texts._("Status: {status}", status=_summary(meetup, texts)),
    ]
    repeats = (
        repeats_line(meetup, series, texts) if series is not None else planned_repeat_line(meetup, texts)
    )
    if repeats:
        lines.append(repeats)
    if meetup.cancel_reason:
        lines.append(texts._("Reason: {reason}", reason=plain(meetup.cancel_reason, 300)))
    if meetup.details:
        lines += ["", plain(meetup.details, 1000)]
    if meetup.status is MeetupStatus.POLLING:
        lines += ["", texts._("**Dates**")]
        for option in dates:
            chosen = voters(votes, VoteKind.DATE, option.position)
            lines.append(
                f"{emoji_for(VoteKind.DATE, option.position)} {when(option.starts_at)}: {len(chosen)}"
            )
        for venue in venues:
            chosen = voters(votes, VoteKind.VENUE, venue.position)
            label = venue_label(venue, private_address=meetup.private_address)
            lines.append(f"{emoji_for(VoteKind.VENUE, venue.position)} {label}: {len(chosen)}")
    elif recap is not None:
        if meetup.venue_name:
            lines.append(texts._("Venue: {venue}", venue=plain(meetup.venue_name, 100)))
        lines += ["", texts._("**Recap**"), *summary_lines(recap, texts)]
    else:
        lines += ["", *attendance_lines(meetup, rsvps, texts)]
    if meetup.capacity:
        lines.append(texts._("Capacity: {capacity}", capacity=meetup.capacity))
    if meetup.min_people:
        lines.append(texts._("At least {count} needed", count=meetup.min_people))
    return discord.Embed(title=heading(meetup, texts), description=fit("\n".join(lines)), colour=COLOUR)
