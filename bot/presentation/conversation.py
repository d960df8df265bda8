"""The offer to plan, the "Plan a meetup" form, and the custom ids that carry a conversation.

The form and the button hold no state in the bot: their custom ids name the channel and the
message the conversation ends at, so either is understood after a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import discord

from bot.domain.conversation import DATE_SEPARATOR, Person, Plan
from bot.i18n import Texts
from bot.presentation.common import plain

MAX_TITLE = 100
MAX_FIELD = 1000
FORM_ID_PATTERN = re.compile(r"meetup:plan:(?P<channel>\d{1,20}):(?P<message>\d{1,20})")
OFFER_ID_TEMPLATE = r"meetup:offer:(?P<channel>\d{1,20}):(?P<message>\d{1,20})"


def offer_text(texts: Texts) -> str:
    return texts._(
        "💡 Sounds like a plan. **Plan it** opens a meetup poll filled in with the times and places"
        " mentioned here; check it before it is posted."
    )


def offer_label(texts: Texts) -> str:
    return texts._("Plan it")


def form_id(channel_id: int, message_id: int) -> str:
    return f"meetup:plan:{channel_id}:{message_id}"


def offer_id(channel_id: int, message_id: int) -> str:
    return f"meetup:offer:{channel_id}:{message_id}"


def plan_form(
    plan: Plan, texts: Texts, *, channel_id: int, message_id: int, channel_name: str | None
) -> discord.ui.Modal:
    """The form, prefilled; the organizer edits it and submitting proposes the meetup.

    The modal is stopped before it is sent, so discord.py does not keep it in memory waiting for
    a submission that may never come (closing a modal tells the bot nothing): submissions are
    recognised by :data:`FORM_ID_PATTERN` instead, the same way before and after a restart.
    """
    form = discord.ui.Modal(title=texts._("Plan a meetup"), custom_id=form_id(channel_id, message_id))
    title_example = texts._("Pizza after the course")
    form.add_item(_field(texts._("Title"), "title", plan.title, MAX_TITLE, placeholder=title_example))
    dates_example = texts._("fri 19:00; sat 18:00")
    form.add_item(
        _field(texts._("Dates, separated by ;"), "dates", plan.dates, MAX_FIELD, placeholder=dates_example)
    )
    venues = _joined(plan.venues, MAX_FIELD)
    form.add_item(
        _field(
            texts._("Venues, separated by ;"),
            "venues",
            venues,
            MAX_FIELD,
            required=False,
            placeholder="Pressklubben",
        )
    )
    details = details_text(channel_name, plan.participants, texts)
    form.add_item(_field(texts._("Details"), "details", details, MAX_FIELD, required=False))
    form.add_item(
        _field(
            texts._("Repeat (optional)"),
            "repeat",
            "",
            MAX_REPEAT,
            required=False,
            placeholder=texts._("weekly, every 2 weeks…"),
        )
    )
    form.stop()
    return form


MAX_REPEAT = 100
"""The same length as ``/meetup propose``'s ``repeat`` option."""


def _field(
    label: str,
    custom_id: str,
    value: str,
    max_length: int,
    *,
    required: bool = True,
    placeholder: str | None = None,
) -> discord.ui.Label:
    style = discord.TextStyle.short if max_length <= MAX_TITLE else discord.TextStyle.paragraph
    text_input: discord.ui.TextInput = discord.ui.TextInput(
        custom_id=custom_id,
        style=style,
        default=value[:max_length] or None,
        required=required,
        max_length=max_length,
        placeholder=placeholder,
    )
    return discord.ui.Label(text=label, component=text_input)


def _joined(parts: Iterable[str], limit: int) -> str:
    """Parts joined by ``; ``, as many whole ones as fit in ``limit``: ten long place names may
    not fit, and a name cut short would be a different place."""
    text = ""
    for part in parts:
        longer = f"{text}{DATE_SEPARATOR}{part}" if text else part
        if len(longer) > limit:
            break
        text = longer
    return text


def details_text(channel_name: str | None, people: Sequence[Person], texts: Texts) -> str:
    """Where the plan came from and who took part, in plain names (a poll never pings); names
    that would not fit the field are counted instead."""
    names = [person.name for person in people]
    shown = len(names)
    while True:
        hidden = len(names) - shown
        listed = names[:shown] + ([texts._("{count} more", count=hidden)] if hidden else [])
        text = _planned_from(channel_name, _and(listed, texts) if listed else None, texts)
        if len(text) <= MAX_FIELD or shown == 0:
            return text
        shown -= 1


def _planned_from(channel_name: str | None, people: str | None, texts: Texts) -> str:
    if channel_name and people:
        return texts._(
            "Planned from the conversation in #{channel} with {people}.", channel=channel_name, people=people
        )
    if channel_name:
        return texts._("Planned from the conversation in #{channel}.", channel=channel_name)
    if people:
        return texts._("Planned from a conversation with {people}.", people=people)
    return texts._("Planned from a conversation.")


def _and(items: Sequence[str], texts: Texts) -> str:
    if len(items) == 1:
        return items[0]
    return texts._("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])


def read_form(components: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The submitted values by field custom id, from a modal submission's component tree."""
    values: dict[str, str] = {}
    for component in components:
        if component.get("type") == 1:
            values.update(read_form(component.get("components") or []))
        elif component.get("type") == 18:
            values.update(read_form([component.get("component") or {}]))
        elif isinstance(component.get("custom_id"), str):
            values[component["custom_id"]] = str(component.get("value") or "")
    return values


def watch_text(on: bool, before: bool, channel_name: str, texts: Texts) -> str:
    channel = f"#{plain(channel_name, 100)}"
    if on and before:
        return texts._("I'm already watching {channel}.", channel=channel)
    if on:
        return texts._(
            "I'm watching {channel} now: when someone suggests meeting up and says when, I'll offer"
            " to plan it (at most once an hour). `/meetup watch off` stops it.",
            channel=channel,
        )
    if before:
        return texts._("I've stopped watching {channel}.", channel=channel)
    return texts._("I wasn't watching {channel}.", channel=channel)
