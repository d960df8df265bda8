"""Direct messages about a meetup: reminders, waitlist news, drop-outs and changes.

Each is written in the language of the member it goes to (their last interaction's, else the
server's); the channel fallback for closed DMs is in the server's.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.messages import Message
from bot.domain.model import Meetup, MeetupStatus, RsvpStatus
from bot.i18n import Texts
from bot.presentation.common import COLOUR, fit, mention, plain, web_link, when


def _venue_lines(meetup: Meetup, texts: Texts, *, show_address: bool) -> list[str]:
    if not meetup.venue_name:
        return [texts._("**Where:** not decided yet")]
    place = plain(meetup.venue_name, 100)
    if meetup.venue_address and (show_address or not meetup.private_address):
        place += f", {plain(meetup.venue_address, 200)}"
    if meetup.venue_link:
        place += f" {web_link(meetup.venue_link)}"
    return [texts._("**Where:** {venue}", venue=place)]


def names_list(names: Sequence[str], texts: Texts, *, limit: int = 30) -> str:
    if not names:
        return texts._("nobody else yet")
    shown = ", ".join(plain(name, 40) for name in names[:limit])
    if len(names) <= limit:
        return shown
    return texts._("{shown} and {count} more", shown=shown, count=len(names) - limit)


def reminder_embed(
    meetup: Meetup,
    status: RsvpStatus,
    others_going: Sequence[str],
    announcement_url: str | None,
    texts: Texts,
    *,
    late: bool,
) -> discord.Embed:
    """The reminder DM: when, where, who else is coming (by name, to recognise each other)."""
    assert meetup.starts_at is not None
    going = status is RsvpStatus.GOING
    lines = [
        texts._("**When:** {when}", when=when(meetup.starts_at)),
        *_venue_lines(meetup, texts, show_address=going),
        texts._("**Also going:** {names}", names=names_list(others_going, texts)),
    ]
    if status is RsvpStatus.MAYBE:
        lines += ["", texts._("You answered *maybe*: react ✅ or ❌ on the announcement so the others know.")]
    if late:
        lines += ["", texts._("*This reminder is late: the bot was offline when it was due.*")]
    if announcement_url:
        lines += ["", texts._("[Open the announcement]({url})", url=announcement_url)]
    lines += ["", texts._("Turn reminders off with `/meetup reminders off`.")]
    title = plain(texts._("Reminder: {title}", title=meetup.title), 256)
    return discord.Embed(title=title, description=fit("\n".join(lines)), colour=COLOUR)


def reminder_content(meetup: Meetup, status: RsvpStatus, texts: Texts) -> str:
    assert meetup.starts_at is not None
    values = {"title": plain(meetup.title, 200), "when": when(meetup.starts_at)}
    if status is RsvpStatus.MAYBE:
        return texts._("⏰ **{title}** is coming up {when} (you said maybe).", **values)
    return texts._("⏰ **{title}** is coming up {when}.", **values)


def fallback_text(meetup: Meetup, user_ids: Sequence[int], announcement_url: str | None, texts: Texts) -> str:
    """For members whose DMs are closed: the reminder in the channel, mentioning only them.

    Callers pass at most :data:`MENTIONS_PER_MESSAGE` members and send one message per batch.
    """
    assert meetup.starts_at is not None
    values = {
        "who": " ".join(mention(user_id) for user_id in user_ids),
        "title": plain(meetup.title, 200),
        "when": when(meetup.starts_at),
    }
    if meetup.venue_name:
        text = texts._(
            "⏰ {who}: reminder, **{title}** is {when} at {venue}.",
            venue=plain(meetup.venue_name, 100),
            **values,
        )
    else:
        text = texts._("⏰ {who}: reminder, **{title}** is {when}.", **values)
    link = f" {announcement_url}" if announcement_url else ""
    return f"{text}{link}\n" + texts._("(Your DMs are closed to the bot, so it reminds you here.)")


def waitlisted_text(meetup: Meetup, place: int, texts: Texts) -> str:
    return texts._(
        "⏳ **{title}** is full, so you're on the waitlist (number {place})."
        " You'll get a message here if a place opens up.",
        title=plain(meetup.title, 200),
        place=place,
    )


def promoted_text(meetup: Meetup, announcement_url: str | None, texts: Texts) -> str:
    assert meetup.starts_at is not None
    link = f"\n{announcement_url}" if announcement_url else ""
    text = texts._(
        "🎉 A place opened up: you're now going to **{title}**, {when}.",
        title=plain(meetup.title, 200),
        when=when(meetup.starts_at),
    )
    return text + link


def drop_out_text(meetup: Meetup, name: str, user_id: int, texts: Texts) -> str:
    assert meetup.starts_at is not None
    return texts._(
        "⚠️ {name} ({mention}) can no longer come to **{title}** ({when}).",
        name=plain(name, 60),
        mention=mention(user_id),
        title=plain(meetup.title, 200),
        when=when(meetup.starts_at),
    )


def poll_nudge_text(meetup: Meetup, poll_url: str, texts: Texts) -> str:
    return texts._(
        "🗳️ Voting on **{title}** closes {when} and you haven't voted yet. Pick every date that suits you: {url}",
        title=plain(meetup.title, 200),
        when=when(meetup.closes_at),
        url=poll_url,
    )


def change_text(meetup: Meetup, change: Message, texts: Texts, *, show_address: bool) -> str:
    lines = [
        texts._(
            "📝 **{title}** has changed: {change}",
            title=plain(meetup.title, 200),
            change=texts.message(change),
        )
    ]
    if meetup.starts_at is not None and meetup.status is MeetupStatus.SCHEDULED:
        lines.append(texts._("**When:** {when}", when=when(meetup.starts_at)))
        lines += _venue_lines(meetup, texts, show_address=show_address)
    return "\n".join(lines)


def private_address_text(meetup: Meetup, texts: Texts) -> str:
    """The address of a private venue, only ever sent by DM to someone going."""
    assert meetup.venue_name is not None
    values = {
        "title": plain(meetup.title, 200),
        "venue": plain(meetup.venue_name, 100),
        "address": plain(meetup.venue_address or "", 200),
    }
    if meetup.starts_at:
        return texts._(
            "📍 You're going to **{title}** on {when}. The address is private, so it is only sent to"
            " people going:\n**{venue}**, {address}",
            when=when(meetup.starts_at),
            **values,
        )
    return texts._(
        "📍 You're going to **{title}**. The address is private, so it is only sent to people going:\n"
        "**{venue}**, {address}",
        **values,
    )
