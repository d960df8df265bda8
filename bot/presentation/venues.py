"""The server's memory of places, as a list and as autocomplete choices."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.venues import RememberedVenue
from bot.i18n import Texts
from bot.presentation.common import COLOUR, fit, plain, web_link


def _rating(venue: RememberedVenue, texts: Texts) -> str:
    if venue.rating is None:
        return texts._("not rated yet")
    return texts.n_(
        "★ {rating} ({count} rating)",
        "★ {rating} ({count} ratings)",
        venue.ratings,
        rating=f"{venue.rating:.1f}",
    )


def choice_label(venue: RememberedVenue, texts: Texts) -> str:
    """An autocomplete choice: the name with what the group thought of it (at most 100 characters)."""
    used = texts._("used {count}×", count=venue.times_used)
    stars = f"★ {venue.rating:.1f}" if venue.rating is not None else texts._("not rated")
    suffix = f" · {stars} · {used}"
    return venue.name[: 100 - len(suffix)] + suffix


def venues_embed(venues: Sequence[RememberedVenue], texts: Texts) -> discord.Embed:
    if not venues:
        text = texts._("No places yet. They are remembered once a meetup has a venue (`/meetup venue`).")
    else:
        lines = []
        for venue in venues:
            line = f"**{plain(venue.name, 100)}**"
            if venue.address:
                line += f", {plain(venue.address, 200)}"
            if venue.link:
                line += f" {web_link(venue.link)}"
            used = texts._("used {count}×", count=venue.times_used)
            lines.append(f"{line}\n└ {_rating(venue, texts)} · {used}")
        text = "\n".join(lines)
    return discord.Embed(title=texts._("Places we have met"), description=fit(text), colour=COLOUR)
