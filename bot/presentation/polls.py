"""The poll message, the announcement and the notices around a poll.

Every function takes the :class:`~bot.i18n.Texts` of the language it writes in: the server's for
what is posted in a channel, the member's for a private answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import discord

from bot.domain.messages import Message, marked
from bot.domain.model import (
    DateOption,
    Meetup,
    MeetupStatus,
    Rsvp,
    RsvpStatus,
    Series,
    VenueOption,
    Vote,
    VoteKind,
)
from bot.domain.poll import emoji_for, voters
from bot.i18n import Texts
from bot.presentation.common import COLOUR, STATUS, fit, jump_url, mention, people, plain, web_link, when
from bot.presentation.series import is_later_occurrence, occurrence_content, planned_repeat_line, repeats_line


def heading(meetup: Meetup, texts: Texts) -> str:
    prefix = texts._("Meetup #{number}: ", number=meetup.number)
    return prefix + plain(meetup.title, 256 - len(prefix))


def _option_line(emoji: str, label: str, chosen: Sequence[int], texts: Texts) -> str:
    tally = texts.n_("**{count} vote**", "**{count} votes**", len(chosen))
    listed = f": {people(chosen, texts, limit=10)}" if chosen else ""
    return f"{emoji} {label}\n└ {tally}{listed}"


def venue_label(venue: VenueOption, *, private_address: bool) -> str:
    label = f"**{plain(venue.name, 100)}**"
    if venue.address and not private_address:
        label += f", {plain(venue.address, 200)}"
    if venue.link:
        label += f" {web_link(venue.link)}"
    return label


def poll_embed(
    meetup: Meetup,
    dates: Sequence[DateOption],
    venues: Sequence[VenueOption],
    votes: Sequence[Vote],
    texts: Texts,
) -> discord.Embed:
    lines = []
    if meetup.details:
        lines += [plain(meetup.details, 1000), ""]
    lines.append(texts._("Proposed by {organizer}", organizer=mention(meetup.organizer_id)))
    repeats = planned_repeat_line(meetup, texts)
    if repeats:
        lines.append(repeats)
    lines += ["", texts._("**When?** React with the number of every date that suits you:")]
    for option in dates:
        chosen = voters(votes, VoteKind.DATE, option.position)
        emoji = emoji_for(VoteKind.DATE, option.position)
        lines.append(_option_line(emoji, when(option.starts_at), chosen, texts))
    if venues:
        lines += ["", texts._("**Where?** React with the letter of every place you'd like:")]
        for venue in venues:
            chosen = voters(votes, VoteKind.VENUE, venue.position)
            label = venue_label(venue, private_address=meetup.private_address)
            lines.append(_option_line(emoji_for(VoteKind.VENUE, venue.position), label, chosen, texts))
    lines.append("")
    match meetup.status:
        case MeetupStatus.POLLING:
            lines.append(texts._("Voting closes {when}.", when=when(meetup.closes_at)))
        case MeetupStatus.CANCELLED:
            lines.append(_cancelled(meetup, texts._("**Called off**"), texts))
        case _:
            lines.append(texts._("Voting is closed; see the announcement below."))
    return discord.Embed(title=heading(meetup, texts), description=fit("\n".join(lines)), colour=COLOUR)


def _cancelled(meetup: Meetup, label: str, texts: Texts) -> str:
    if not meetup.cancel_reason:
        return label
    return texts._("{label}: {reason}", label=label, reason=plain(meetup.cancel_reason, 300))


def poll_content(meetup: Meetup, texts: Texts) -> str:
    return texts._(
        "🗳️ **New meetup poll!** {organizer} wants to meet up. Vote with reactions below.",
        organizer=mention(meetup.organizer_id),
    )


def _answered(rsvps: Sequence[Rsvp], texts: Texts) -> str:
    """Those who reacted, then those whose vote answered for them: the ✅ reactions under the
    announcement count only the first group, and a reader can see why the numbers differ."""
    reacted = [r.user_id for r in rsvps if not r.by_vote]
    voted = [r.user_id for r in rsvps if r.by_vote]
    if not voted:
        return people(reacted, texts, limit=40)
    by_vote = texts._(
        "by their vote for this date: {people}", people=people(voted, texts, limit=max(1, 40 - len(reacted)))
    )
    return f"{people(reacted, texts, limit=40)} · {by_vote}" if reacted else by_vote


def attendance_lines(meetup: Meetup, rsvps: Sequence[Rsvp], texts: Texts) -> list[str]:
    going = [r for r in rsvps if r.status is RsvpStatus.GOING]
    maybe = [r.user_id for r in rsvps if r.status is RsvpStatus.MAYBE]
    waiting = [r for r in rsvps if r.status is RsvpStatus.WAITLISTED]
    count = f"{len(going)}/{meetup.capacity}" if meetup.capacity else str(len(going))
    lines = [texts._("**Going ({count}):** {people}", count=count, people=_answered(going, texts))]
    if maybe:
        lines.append(
            texts._("**Maybe ({count}):** {people}", count=len(maybe), people=people(maybe, texts, limit=40))
        )
    if waiting:
        lines.append(
            texts._("**Waitlist ({count}):** {people}", count=len(waiting), people=_answered(waiting, texts))
        )
    return lines


def announcement_embed(
    meetup: Meetup, rsvps: Sequence[Rsvp], texts: Texts, series: Series | None = None
) -> discord.Embed:
    assert meetup.starts_at is not None
    lines = [texts._("**When:** {when}", when=when(meetup.starts_at))]
    local = local_time_words(meetup, texts)
    if local:
        lines.append(f"*{local}*")
    repeats = repeats_line(meetup, series, texts)
    if repeats:
        lines.append(repeats)
    if meetup.venue_name:
        venue = VenueOption(0, meetup.venue_name, meetup.venue_address, meetup.venue_link)
        label = venue_label(venue, private_address=meetup.private_address)
        lines.append(texts._("**Where:** {venue}", venue=label))
    else:
        lines.append(texts._("**Where:** still open; the organizer will set it with `/meetup venue`."))
    if meetup.won_by_tie:
        lines.append(texts._("*It was a tie: the earliest of the tied dates won.*"))
    if meetup.details:
        lines += ["", plain(meetup.details, 1000)]
    lines += ["", *attendance_lines(meetup, rsvps, texts)]
    if meetup.status is MeetupStatus.CANCELLED:
        lines += ["", _cancelled(meetup, texts._("**Cancelled**"), texts)]
    else:
        lines += [
            "",
            texts._("React ✅ going · ❔ maybe · ❌ can't go · the attached file adds it to your calendar"),
        ]
    if meetup.events_hint:
        lines += [
            "",
            texts._(
                "ℹ️ This server has scheduled events turned on, but the bot lacks the **Create Events**"
                " permission: give its role that permission (Server Settings → Roles) and meetups will"
                " appear under Events too."
            ),
        ]
    return discord.Embed(title=heading(meetup, texts), description=fit("\n".join(lines)), colour=COLOUR)


def local_time_words(meetup: Meetup, texts: Texts) -> str | None:
    """The start in the meetup's own zone, in words: Discord timestamps show each reader's zone,
    and someone travelling to the meetup wants the time on the clocks there."""
    if meetup.starts_at is None or not meetup.timezone:
        return None
    local = meetup.starts_at.astimezone(ZoneInfo(meetup.timezone))
    city = meetup.timezone.rsplit("/", 1)[-1].replace("_", " ")
    return texts._(
        "Local time: {date}, {time} ({city} time)",
        date=texts.date(local, "EEEE d MMMM y"),
        time=texts.date(local, "HH:mm"),
        city=city,
    )


def announcement_content(meetup: Meetup, texts: Texts, series: Series | None = None) -> str:
    if is_later_occurrence(meetup, series):
        return occurrence_content(meetup, texts)
    return texts._("📣 **It's on!** Meetup #{number} is happening.", number=meetup.number)


def called_off_text(meetup: Meetup, reason: Message, texts: Texts) -> str:
    return texts._(
        "😕 Meetup #{number}, **{title}**, is called off: {reason}.",
        number=meetup.number,
        title=plain(meetup.title, 200),
        reason=texts.message(reason),
    )


def cancelled_text(meetup: Meetup, reason: str | None, by_user_id: int, texts: Texts) -> str:
    text = texts._(
        "🚫 Meetup #{number}, **{title}**, was cancelled by {by}.",
        number=meetup.number,
        title=plain(meetup.title, 200),
        by=mention(by_user_id),
    )
    if not reason:
        return text
    return text + " " + texts._("Reason: {reason}", reason=plain(reason, 300))


def invitation_text(meetup: Meetup, poll_url: str, texts: Texts) -> str:
    return texts._(
        "👋 {organizer} invited you to vote on a meetup: **{title}**.\n"
        "Pick every date that suits you on the poll: {url}\n"
        "Voting closes {when}.",
        organizer=mention(meetup.organizer_id),
        title=plain(meetup.title, 200),
        url=poll_url,
        when=when(meetup.closes_at),
    )


def moved_text(meetup: Meetup, by_user_id: int, texts: Texts) -> str:
    assert meetup.starts_at is not None
    return texts._(
        "🕑 Meetup #{number}, **{title}**, moved to {when} (by {by}). Everyone going has been told.",
        number=meetup.number,
        title=plain(meetup.title, 200),
        when=when(meetup.starts_at),
        by=mention(by_user_id),
    )


def venue_set_text(meetup: Meetup, by_user_id: int, texts: Texts) -> str:
    assert meetup.venue_name is not None
    venue = VenueOption(0, meetup.venue_name, meetup.venue_address, meetup.venue_link)
    return texts._(
        "📍 Meetup #{number}, **{title}**, will be at {venue} (set by {by}).",
        number=meetup.number,
        title=plain(meetup.title, 200),
        venue=venue_label(venue, private_address=meetup.private_address),
        by=mention(by_user_id),
    )


def proposal_reply(meetup: Meetup, texts: Texts) -> str:
    """The private answer to whoever proposed, with a link to the poll (or why it is not there yet)."""
    if meetup.poll_message_id is None:
        return texts._(
            "Meetup #{number} is saved, but Discord has not taken the poll message yet;"
            " it will appear in the channel as soon as Discord accepts it.",
            number=meetup.number,
        )
    return texts._(
        "Poll for meetup #{number} posted: {url}",
        number=meetup.number,
        url=jump_url(meetup.guild_id, meetup.channel_id, meetup.poll_message_id),
    )


def closed_reply(meetup: Meetup, not_shown: Message | None, texts: Texts, *, poll_gone: bool) -> str:
    """The closer's private answer: what happened, and plainly what did not and what to do."""
    lines = [
        texts._(
            "Voting on meetup #{number} is closed ({state}).",
            number=meetup.number,
            state=texts.message(STATUS[meetup.status]),
        )
    ]
    if poll_gone:
        lines.append(
            texts._(
                "The poll message was deleted, so the votes the bot had seen before were counted"
                " and the outcome does not reply to the poll."
            )
        )
    if not_shown is not None:
        lines.append(_not_posted(meetup, not_shown, texts))
    return "\n".join(lines)


def not_announced_text(meetup: Meetup, reason: Message, texts: Texts) -> str:
    """The organizer's DM when their poll closed at its set time but the outcome could not be posted."""
    text = texts._(
        "⚠️ Voting on your meetup #{number}, **{title}**, closed at its set time ({state}).",
        number=meetup.number,
        title=plain(meetup.title, 100),
        state=texts.message(STATUS[meetup.status]),
    )
    return f"{text} {_not_posted(meetup, reason, texts)}"


OUTCOME_NOT_POSTED = marked("⚠️ The outcome was **not** posted in <#{channel}>: {reason}.")
NOTICE_NOT_POSTED = marked("⚠️ The notice was **not** posted in <#{channel}>: {reason}.")


def _not_posted(meetup: Meetup, reason: Message, texts: Texts, template: str = OUTCOME_NOT_POSTED) -> str:
    """What was not posted in the meetup's channel (the outcome, or a notice) and why."""
    return texts._(template, channel=meetup.channel_id, reason=texts.message(reason))


def cancelled_reply(meetup: Meetup, not_shown: Message | None, texts: Texts) -> str:
    """The canceller's private answer; a notice that could not be posted is said plainly."""
    if not_shown is None:
        return texts._("Meetup #{number} is cancelled; everyone has been told.", number=meetup.number)
    told = texts._(
        "Meetup #{number} is cancelled and everyone going or maybe has been told by DM.", number=meetup.number
    )
    return f"{told}\n{_not_posted(meetup, not_shown, texts, NOTICE_NOT_POSTED)}"


def moved_reply(meetup: Meetup, not_shown: Message | None, texts: Texts) -> str:
    """The private answer to a move; a notice that could not be posted is said plainly."""
    text = texts._("Meetup #{number} moved; everyone going has been told by DM.", number=meetup.number)
    if not_shown is None:
        return text
    return f"{text}\n{_not_posted(meetup, not_shown, texts, NOTICE_NOT_POSTED)}"
