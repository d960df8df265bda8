"""Who may do what, decided in one place for every command.

The organizer owns their meetup; members with Manage Events moderate every meetup (and may
replace the server's calendar link); server settings need Manage Server and channel watching
needs Manage Channels. Cogs describe the
member as an :class:`Actor` and ask here; nothing else decides.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.errors import NotAllowed
from bot.domain.messages import marked
from bot.domain.model import Meetup


@dataclass(frozen=True)
class Actor:
    user_id: int
    manage_events: bool = False
    manage_guild: bool = False
    manage_channels: bool = False


class Action(StrEnum):
    CLOSE = "close the poll of"
    CANCEL = "cancel"
    SET_VENUE = "set the venue of"
    RESCHEDULE = "move"
    REPEAT = "repeat"
    CHANGE_SETTINGS = "change the settings"
    WATCH_CHANNEL = "watch this channel"
    RESET_CALENDAR = "reset the calendar link"


ORGANIZER_ONLY = {
    Action.CLOSE: marked(
        "Only the organizer (<@{organizer}>) or members with the Manage Events permission can close"
        " meetup #{number}."
    ),
    Action.CANCEL: marked(
        "Only the organizer (<@{organizer}>) or members with the Manage Events permission can cancel"
        " meetup #{number}."
    ),
    Action.SET_VENUE: marked(
        "Only the organizer (<@{organizer}>) or members with the Manage Events permission can set the"
        " venue of meetup #{number}."
    ),
    Action.RESCHEDULE: marked(
        "Only the organizer (<@{organizer}>) or members with the Manage Events permission can move"
        " meetup #{number}."
    ),
}
"""One whole sentence per action, so each language words it its own way."""


def authorize(
    action: Action, actor: Actor, meetup: Meetup | None = None, *, attendees: Collection[int] = ()
) -> None:
    """Raise :class:`NotAllowed` with the rule, unless ``actor`` may do ``action``."""
    match action:
        case Action.CLOSE | Action.CANCEL | Action.SET_VENUE | Action.RESCHEDULE:
            assert meetup is not None
            if actor.user_id == meetup.organizer_id or actor.manage_events:
                return
            raise NotAllowed(ORGANIZER_ONLY[action], organizer=meetup.organizer_id, number=meetup.number)
        case Action.REPEAT:
            assert meetup is not None
            if actor.user_id == meetup.organizer_id or actor.user_id in attendees or actor.manage_events:
                return
            raise NotAllowed(
                "Only people who were going to meetup #{number}, its organizer, or members with the "
                "Manage Events permission can repeat it.",
                number=meetup.number,
            )
        case Action.CHANGE_SETTINGS:
            if actor.manage_guild:
                return
            raise NotAllowed("Only members with the Manage Server permission can change the bot's settings.")
        case Action.WATCH_CHANNEL:
            if actor.manage_channels:
                return
            raise NotAllowed("Only members with the Manage Channels permission can turn watching on or off.")
        case Action.RESET_CALENDAR:
            if actor.manage_events:
                return
            raise NotAllowed(
                "Only members with the Manage Events permission can reset the server's calendar link;"
                " `/meetup calendar` without `reset` gives you the current one."
            )
