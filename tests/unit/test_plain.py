"""Member text in the bot's messages: shown as typed, never markup, never past its limit."""

import re
from datetime import UTC, datetime

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.model import Meetup, MeetupStatus, RsvpStatus
from bot.domain.venues import RememberedVenue
from bot.i18n import texts
from bot.presentation.common import plain
from bot.presentation.reminders import reminder_embed
from bot.presentation.venues import venues_embed

MARKUP = "\\*_~|`[]()<>#-+."
UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def shown(escaped: str) -> str:
    """What Discord displays for escaped text: each backslash shows the character after it."""
    return UNESCAPE.sub(r"\1", escaped)


member_text = st.lists(
    st.one_of(
        st.sampled_from([*MARKUP, "\n", "@everyone", "<@123456789012345678>", "https://x.example", "1."]),
        st.characters(),
    ),
    max_size=200,
).map("".join)


@given(text=member_text, limit=st.integers(min_value=2, max_value=400))
def test_fits_its_limit_and_shows_what_was_typed(text: str, limit: int) -> None:
    """The result is within the limit and displays as a prefix of the text (mentions broken)."""
    result = plain(text, limit)
    assert len(result) <= limit
    typed = discord.utils.escape_mentions(text)
    if shown(result) != typed:
        assert result.endswith("…")
        assert typed.startswith(shown(result[:-1]))


@given(text=member_text, limit=st.integers(min_value=2, max_value=400))
def test_never_ends_in_a_lone_backslash(text: str, limit: int) -> None:
    """A cut never leaves an escape open that would swallow the bot's own markup after it."""
    body = plain(text, limit).removesuffix("…")
    trailing = len(body) - len(body.rstrip("\\"))
    assert trailing % 2 == 0


@given(text=member_text)
def test_inside_the_bots_own_link_text_no_other_link_appears(text: str) -> None:
    """Wrapped in ``[...](url)`` as /meetup list does, the text cannot open or close a link."""
    wrapped = f"[{plain(text, 500)}](https://discord.com/channels/1/2/3)"
    unescaped_brackets = re.findall(
        r"(?<!\\)(?:\\\\)*[\[\]()]", wrapped[1 : -len("](https://discord.com/channels/1/2/3)")]
    )
    assert unescaped_brackets == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("[Free pizza](https://evil.example)", "\\[Free pizza\\]\\(https://evil.example\\)"),
        ("# Heading", "\\# Heading"),
        ("-# small print", "\\-# small print"),
        ("> quote", "\\> quote"),
        ("1. first", "1\\. first"),
        ("||spoiler||", "\\|\\|spoiler\\|\\|"),
        ("```block", "\\`\\`\\`block"),
        ("<t:0:F>", "\\<t:0:F>"),
        ("Pizza - 18:00 #2", "Pizza - 18:00 #2"),
        ("@everyone", "@\u200beveryone"),
    ],
)
def test_markup_is_escaped_where_it_would_act(typed: str, expected: str) -> None:
    """Line-start markup only at a line's start; inline markup everywhere; plain words untouched."""
    assert plain(typed, 200) == expected


LINK = "https://maps.example/pressklubben"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_venue_link_is_shown_as_its_address_in_a_reminder_and_the_list_of_places(language: str) -> None:
    """As in the poll: the bare address, whose real host Discord shows, never a masked link."""
    start = datetime(2026, 12, 11, 17, tzinfo=UTC)
    meetup = Meetup(
        id=1,
        guild_id=2,
        number=1,
        channel_id=3,
        organizer_id=4,
        title="Pub night",
        details="",
        status=MeetupStatus.SCHEDULED,
        created_at=start,
        closes_at=start,
        starts_at=start,
        venue_name="Pressklubben",
        venue_link=LINK,
    )
    remembered = RememberedVenue("pressklubben", "Pressklubben", None, LINK, 1, None, 0)
    shown = [
        reminder_embed(meetup, RsvpStatus.GOING, [], None, texts(language), late=False).description,
        venues_embed([remembered], texts(language)).description,
    ]
    for description in shown:
        assert description is not None
        assert f"<{LINK}>" in description
        assert "](" not in description
