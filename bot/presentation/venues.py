"""The server's memory of places, as a list and as autocomplete choices."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.venues import RememberedVenue
from bot.presentation.common import COLOUR, fit, plain


def _rating(venue: RememberedVenue) -> str:
    if venue.rating is None:
        return "not rated yet"
    return f"★ {venue.rating:.1f} ({venue.ratings} rating{'s' if venue.ratings != 1 else ''})"


def choice_label(venue: RememberedVenue) -> str:
    """An autocomplete choice: the name with what the group thought of it (at most 100 characters)."""
    used = f"used {venue.times_used}×"
    stars = f"★ {venue.rating:.1f}" if venue.rating is not None else "not rated"
    suffix = f" · {stars} · {used}"
    return venue.name[: 100 - len(suffix)] + suffix


def venues_embed(venues: Sequence[RememberedVenue]) -> discord.Embed:
    if not venues:
        text = "No places yet. They are remembered once a meetup has a venue (`/meetup venue`)."
    else:
        lines = []
        for venue in venues:
            line = f"**{plain(venue.name, 100)}**"
            if venue.address:
                line += f", {plain(venue.address, 200)}"
            if venue.link:
                line += f" ([map]({venue.link}))"
            lines.append(f"{line}\n└ {_rating(venue)} · used {venue.times_used}×")
        text = "\n".join(lines)
    return discord.Embed(title="Places we have met", description=fit(text), colour=COLOUR)
