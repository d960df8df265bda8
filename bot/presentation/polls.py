"""The poll message, the announcement and the notices around a poll."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import discord

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
from bot.presentation.common import COLOUR, fit, jump_url, mention, people, plain, when
from bot.presentation.series import is_later_occurrence, occurrence_content, planned_repeat_line, repeats_line


def heading(meetup: Meetup) -> str:
    prefix = f"Meetup #{meetup.number}: "
    return prefix + plain(meetup.title, 256 - len(prefix))


def _option_line(emoji: str, label: str, chosen: Sequence[int]) -> str:
    count = len(chosen)
    tally = f"**{count} vote{'s' if count != 1 else ''}**"
    return f"{emoji} {label}\n└ {tally}{': ' + people(chosen, limit=10) if chosen else ''}"


def venue_label(venue: VenueOption, *, private_address: bool) -> str:
    label = f"**{plain(venue.name, 100)}**"
    if venue.address and not private_address:
        label += f", {plain(venue.address, 200)}"
    if venue.link:
        label += f" <{venue.link}>"
    return label


def poll_embed(
    meetup: Meetup, dates: Sequence[DateOption], venues: Sequence[VenueOption], votes: Sequence[Vote]
) -> discord.Embed:
    lines = []
    if meetup.details:
        lines += [plain(meetup.details, 1000), ""]
    lines.append(f"Proposed by {mention(meetup.organizer_id)}")
    repeats = planned_repeat_line(meetup)
    if repeats:
        lines.append(repeats)
    lines += ["", "**When?** React with the number of every date that suits you:"]
    for option in dates:
        chosen = voters(votes, VoteKind.DATE, option.position)
        lines.append(_option_line(emoji_for(VoteKind.DATE, option.position), when(option.starts_at), chosen))
    if venues:
        lines += ["", "**Where?** React with the letter of every place you'd like:"]
        for venue in venues:
            chosen = voters(votes, VoteKind.VENUE, venue.position)
            label = venue_label(venue, private_address=meetup.private_address)
            lines.append(_option_line(emoji_for(VoteKind.VENUE, venue.position), label, chosen))
    lines.append("")
    match meetup.status:
        case MeetupStatus.POLLING:
            lines.append(f"Voting closes {when(meetup.closes_at)}.")
        case MeetupStatus.CANCELLED:
            reason = f": {plain(meetup.cancel_reason, 300)}" if meetup.cancel_reason else ""
            lines.append(f"**Called off**{reason}")
        case _:
            lines.append("Voting is closed; see the announcement below.")
    return discord.Embed(title=heading(meetup), description=fit("\n".join(lines)), colour=COLOUR)


def poll_content(meetup: Meetup) -> str:
    return (
        f"🗳️ **New meetup poll!** {mention(meetup.organizer_id)} wants to meet up. Vote with reactions below."
    )


BY_VOTE = "by their vote for this date"


def _answered(rsvps: Sequence[Rsvp]) -> str:
    """Those who reacted, then those whose vote answered for them: the ✅ reactions under the
    announcement count only the first group, and a reader can see why the numbers differ."""
    reacted = [r.user_id for r in rsvps if not r.by_vote]
    voted = [r.user_id for r in rsvps if r.by_vote]
    if not voted:
        return people(reacted, limit=40)
    by_vote = f"{BY_VOTE}: {people(voted, limit=max(1, 40 - len(reacted)))}"
    return f"{people(reacted, limit=40)} · {by_vote}" if reacted else by_vote


def attendance_lines(meetup: Meetup, rsvps: Sequence[Rsvp]) -> list[str]:
    going = [r for r in rsvps if r.status is RsvpStatus.GOING]
    maybe = [r.user_id for r in rsvps if r.status is RsvpStatus.MAYBE]
    waiting = [r for r in rsvps if r.status is RsvpStatus.WAITLISTED]
    count = f"{len(going)}/{meetup.capacity}" if meetup.capacity else str(len(going))
    lines = [f"**Going ({count}):** {_answered(going)}"]
    if maybe:
        lines.append(f"**Maybe ({len(maybe)}):** {people(maybe, limit=40)}")
    if waiting:
        lines.append(f"**Waitlist ({len(waiting)}):** {_answered(waiting)}")
    return lines


def announcement_embed(meetup: Meetup, rsvps: Sequence[Rsvp], series: Series | None = None) -> discord.Embed:
    assert meetup.starts_at is not None
    lines = [f"**When:** {when(meetup.starts_at)}"]
    local = local_time_words(meetup)
    if local:
        lines.append(f"*{local}*")
    repeats = repeats_line(meetup, series)
    if repeats:
        lines.append(repeats)
    if meetup.venue_name:
        venue = VenueOption(0, meetup.venue_name, meetup.venue_address, meetup.venue_link)
        lines.append(f"**Where:** {venue_label(venue, private_address=meetup.private_address)}")
    else:
        lines.append("**Where:** still open; the organizer will set it with `/meetup venue`.")
    if meetup.won_by_tie:
        lines.append("*It was a tie: the earliest of the tied dates won.*")
    if meetup.details:
        lines += ["", plain(meetup.details, 1000)]
    lines += ["", *attendance_lines(meetup, rsvps)]
    if meetup.status is MeetupStatus.CANCELLED:
        reason = f": {plain(meetup.cancel_reason, 300)}" if meetup.cancel_reason else ""
        lines += ["", f"**Cancelled**{reason}"]
    else:
        lines += ["", "React ✅ going · ❔ maybe · ❌ can't go · the attached file adds it to your calendar"]
    if meetup.events_hint:
        lines += ["", EVENTS_HINT]
    return discord.Embed(title=heading(meetup), description=fit("\n".join(lines)), colour=COLOUR)


EVENTS_HINT = (
    "ℹ️ This server has scheduled events turned on, but the bot lacks the **Create Events** permission: "
    "give its role that permission (Server Settings → Roles) and meetups will appear under Events too."
)


def local_time_words(meetup: Meetup) -> str | None:
    """The start in the meetup's own zone, in words: Discord timestamps show each reader's zone,
    and someone travelling to the meetup wants the time on the clocks there."""
    if meetup.starts_at is None or not meetup.timezone:
        return None
    local = meetup.starts_at.astimezone(ZoneInfo(meetup.timezone))
    city = meetup.timezone.rsplit("/", 1)[-1].replace("_", " ")
    return f"Local time: {local:%A} {local.day} {local:%B %Y}, {local:%H:%M} ({city} time)"


def announcement_content(meetup: Meetup, series: Series | None = None) -> str:
    if is_later_occurrence(meetup, series):
        return occurrence_content(meetup)
    return f"📣 **It's on!** Meetup #{meetup.number} is happening."


def called_off_text(meetup: Meetup, reason: str) -> str:
    return f"😕 Meetup #{meetup.number}, **{plain(meetup.title, 200)}**, is called off: {reason}."


def cancelled_text(meetup: Meetup, reason: str | None, by_user_id: int) -> str:
    why = f" Reason: {plain(reason, 300)}" if reason else ""
    return f"🚫 Meetup #{meetup.number}, **{plain(meetup.title, 200)}**, was cancelled by {mention(by_user_id)}.{why}"


def invitation_text(meetup: Meetup, poll_url: str) -> str:
    return (
        f"👋 {mention(meetup.organizer_id)} invited you to vote on a meetup: **{plain(meetup.title, 200)}**.\n"
        f"Pick every date that suits you on the poll: {poll_url}\n"
        f"Voting closes {when(meetup.closes_at)}."
    )


def moved_text(meetup: Meetup, by_user_id: int) -> str:
    assert meetup.starts_at is not None
    return (
        f"🕑 Meetup #{meetup.number}, **{plain(meetup.title, 200)}**, moved to {when(meetup.starts_at)} "
        f"(by {mention(by_user_id)}). Everyone going has been told."
    )


def venue_set_text(meetup: Meetup, by_user_id: int) -> str:
    assert meetup.venue_name is not None
    venue = VenueOption(0, meetup.venue_name, meetup.venue_address, meetup.venue_link)
    return (
        f"📍 Meetup #{meetup.number}, **{plain(meetup.title, 200)}**, will be at "
        f"{venue_label(venue, private_address=meetup.private_address)} (set by {mention(by_user_id)})."
    )


def proposal_reply(meetup: Meetup) -> str:
    """The private answer to whoever proposed, with a link to the poll (or why it is not there yet)."""
    if meetup.poll_message_id is None:
        return (
            f"Meetup #{meetup.number} is saved, but Discord has not taken the poll message yet; "
            "it will appear in the channel as soon as Discord accepts it."
        )
    return f"Poll for meetup #{meetup.number} posted: {jump_url(meetup.guild_id, meetup.channel_id, meetup.poll_message_id)}"


def closed_reply(meetup: Meetup, not_shown: str | None, *, poll_gone: bool) -> str:
    """The closer's private answer: what happened, and plainly what did not and what to do."""
    lines = [f"Voting on meetup #{meetup.number} is closed ({meetup.status.value})."]
    if poll_gone:
        lines.append(
            "The poll message was deleted, so the votes the bot had seen before were counted"
            " and the outcome does not reply to the poll."
        )
    if not_shown is not None:
        lines.append(_not_posted(meetup, not_shown))
    return "\n".join(lines)


def not_announced_text(meetup: Meetup, reason: str) -> str:
    """The organizer's DM when their poll closed at its set time but the outcome could not be posted."""
    return (
        f"⚠️ Voting on your meetup #{meetup.number}, **{plain(meetup.title, 100)}**, closed at its set time"
        f" ({meetup.status.value}). {_not_posted(meetup, reason)}"
    )


def _not_posted(meetup: Meetup, reason: str) -> str:
    return f"⚠️ The outcome was **not** posted in <#{meetup.channel_id}>: {reason}."


def cancelled_reply(meetup: Meetup, not_shown: str | None) -> str:
    """The canceller's private answer; a notice that could not be posted is said plainly."""
    text = f"Meetup #{meetup.number} is cancelled; everyone has been told."
    if not_shown is None:
        return text
    return (
        f"Meetup #{meetup.number} is cancelled and everyone going or maybe has been told by DM.\n"
        f"⚠️ The notice was **not** posted in <#{meetup.channel_id}>: {not_shown}."
    )


def moved_reply(meetup: Meetup, not_shown: str | None) -> str:
    """The private answer to a move; a notice that could not be posted is said plainly."""
    text = f"Meetup #{meetup.number} moved; everyone going has been told by DM."
    if not_shown is None:
        return text
    return f"{text}\n⚠️ The notice was **not** posted in <#{meetup.channel_id}>: {not_shown}."
