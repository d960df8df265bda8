"""Direct messages about a meetup: reminders, waitlist news, drop-outs and changes."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.model import Meetup, RsvpStatus
from bot.presentation.common import COLOUR, fit, mention, plain, when


def _venue_lines(meetup: Meetup, *, show_address: bool) -> list[str]:
    if not meetup.venue_name:
        return ["**Where:** not decided yet"]
    line = f"**Where:** {plain(meetup.venue_name, 100)}"
    if meetup.venue_address and (show_address or not meetup.private_address):
        line += f", {plain(meetup.venue_address, 200)}"
    if meetup.venue_link:
        line += f" ([map]({meetup.venue_link}))"
    return [line]


def names_list(names: Sequence[str], *, limit: int = 30) -> str:
    if not names:
        return "nobody else yet"
    shown = ", ".join(plain(name, 40) for name in names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def reminder_embed(
    meetup: Meetup,
    status: RsvpStatus,
    others_going: Sequence[str],
    announcement_url: str | None,
    *,
    late: bool,
) -> discord.Embed:
    """The reminder DM: when, where, who else is coming (by name, to recognise each other)."""
    assert meetup.starts_at is not None
    going = status is RsvpStatus.GOING
    lines = [f"**When:** {when(meetup.starts_at)}", *_venue_lines(meetup, show_address=going)]
    lines.append(f"**Also going:** {names_list(others_going)}")
    if status is RsvpStatus.MAYBE:
        lines += ["", "You answered *maybe*: react ✅ or ❌ on the announcement so the others know."]
    if late:
        lines += ["", "*This reminder is late: the bot was offline when it was due.*"]
    if announcement_url:
        lines += ["", f"[Open the announcement]({announcement_url})"]
    lines += ["", "Turn reminders off with `/meetup reminders off`."]
    title = plain(f"Reminder: {meetup.title}", 256)
    return discord.Embed(title=title, description=fit("\n".join(lines)), colour=COLOUR)


def reminder_content(meetup: Meetup, status: RsvpStatus) -> str:
    assert meetup.starts_at is not None
    maybe = " (you said maybe)" if status is RsvpStatus.MAYBE else ""
    return f"⏰ **{plain(meetup.title, 200)}** is coming up {when(meetup.starts_at)}{maybe}."


def fallback_text(meetup: Meetup, user_ids: Sequence[int], announcement_url: str | None) -> str:
    """For members whose DMs are closed: the reminder in the channel, mentioning only them.

    Callers pass at most :data:`MENTIONS_PER_MESSAGE` members and send one message per batch.
    """
    assert meetup.starts_at is not None
    who = " ".join(mention(user_id) for user_id in user_ids)
    where = f" at {plain(meetup.venue_name, 100)}" if meetup.venue_name else ""
    link = f" {announcement_url}" if announcement_url else ""
    return (
        f"⏰ {who}: reminder, **{plain(meetup.title, 200)}** is {when(meetup.starts_at)}{where}.{link}\n"
        "(Your DMs are closed to the bot, so it reminds you here.)"
    )


def waitlisted_text(meetup: Meetup, place: int) -> str:
    return (
        f"⏳ **{plain(meetup.title, 200)}** is full, so you're on the waitlist (number {place}). "
        "You'll get a message here if a place opens up."
    )


def promoted_text(meetup: Meetup, announcement_url: str | None) -> str:
    assert meetup.starts_at is not None
    link = f"\n{announcement_url}" if announcement_url else ""
    return f"🎉 A place opened up: you're now going to **{plain(meetup.title, 200)}**, {when(meetup.starts_at)}.{link}"


def drop_out_text(meetup: Meetup, name: str, user_id: int) -> str:
    assert meetup.starts_at is not None
    return (
        f"⚠️ {plain(name, 60)} ({mention(user_id)}) can no longer come to **{plain(meetup.title, 200)}** "
        f"({when(meetup.starts_at)})."
    )


def poll_nudge_text(meetup: Meetup, poll_url: str) -> str:
    return (
        f"🗳️ Voting on **{plain(meetup.title, 200)}** closes {when(meetup.closes_at)} and you haven't voted yet. "
        f"Pick every date that suits you: {poll_url}"
    )


def change_text(meetup: Meetup, change: str, *, show_address: bool) -> str:
    lines = [f"📝 **{plain(meetup.title, 200)}** has changed: {change}"]
    if meetup.starts_at is not None and meetup.status.value == "scheduled":
        lines.append(f"**When:** {when(meetup.starts_at)}")
        lines += _venue_lines(meetup, show_address=show_address)
    return "\n".join(lines)


def private_address_text(meetup: Meetup) -> str:
    """The address of a private venue, only ever sent by DM to someone going."""
    assert meetup.venue_name is not None
    when_line = f" on {when(meetup.starts_at)}" if meetup.starts_at else ""
    return (
        f"📍 You're going to **{plain(meetup.title, 200)}**{when_line}. The address is private, so it is only "
        f"sent to people going:\n**{plain(meetup.venue_name, 100)}**, {plain(meetup.venue_address or '', 200)}"
    )
