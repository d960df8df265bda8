"""Hypothesis strategies for text a hostile or careless member types into the bot.

Everything here is something a Discord client lets a person send: mention markup for real
members and roles (so a ping would really notify someone), markdown, SQL-looking text,
invisible and right-to-left characters, control characters, emoji, and very long strings.
Date-like fragments are mixed in so that some examples get past the parsers and reach the
code that stores and displays text, instead of all stopping at the first "can't read that".
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

LONG = 6000
"""Longer than any field the bot accepts: Discord's own option limits cut it, a crafted form may not."""

HAND_PICKED: tuple[str, ...] = (
    "@everyone",
    "@here",
    "@everyone look @here",
    "'); DROP TABLE meetups;--",
    "Robert'); DELETE FROM votes WHERE 1=1;--",
    '" OR 1=1 --',
    "%_\\%",
    "**bold** __under__ ~~strike~~ ||spoiler||",
    "`code` ``` block ```",
    "> quote\n>>> the rest",
    "# Heading\n- item",
    "[Free pizza](https://evil.example/)",
    "https://maps.example/)[Free pizza](https://evil.example/",
    "<https://evil.example>",
    "\u200b",
    "\u200b\u200e\u2060\ufeff",
    "\u202eevil\u202c",
    "\u0000",
    "a\u0000b",
    "\x1b[31mred\x1b[0m\x07\x08",
    "\r\n\r\n",
    "line one\nline two",
    "\t",
    "🎉👨‍👩‍👧‍👦🏳️‍🌈",
    "Z̴̧̛a̸l̷g̶o̵",
    "%s %d {0} {title} ${x}",
    "\\",
    "<t:0:F>",
    "<#1>",
    "<:emoji:1>",
    "; ; ;",
    ";|;|;",
    " | ",
    "fri 19:00",
    "Dec 12 18:00; Dec 13 18:00",
    "på lördag kl 19",
    "tomorrow 18:00",
    "in 2 days",
    "https://maps.example/place",
    "9" * 40 + "d",
    "1" * 5000 + "s",
    "<@1>",
    "<@!>",
    "<@" + "9" * 25 + ">",
    "<@18446744073709551615>",
    "[\\[x](https://evil.example)](https://evil.example)",
)
"""Strings worth trying every time, whatever hypothesis draws besides."""

FRAGMENTS: tuple[str, ...] = (
    "**",
    "__",
    "`",
    "```",
    "> ",
    "||",
    "~~",
    "# ",
    "[x](https://evil.example)",
    "\\",
    ";",
    "|",
    "\n",
    "\r",
    "\u0000",
    "\u0007",
    "\u001b",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "🎉",
    "👍🏽",
    "🇸🇪",
    "'",
    '"',
    "--",
    "/*",
    "%",
    "_",
    "DROP TABLE meetups",
    "https://",
    "sat 18:00",
    "Dec 12 18:00",
    "kl 19",
    "we should meet up ",
    "ska vi ses ",
)


SEPARATORS = (";", "; ", "|", " | ", "\n", ",")
"""What splits the bot's list fields, and what people type instead."""


def mentions(user_ids: Sequence[int], role_ids: Sequence[int]) -> st.SearchStrategy[str]:
    """Mention markup that would notify real members and roles, were it ever allowed to."""
    return st.one_of(
        st.sampled_from(["@everyone", "@here"]),
        st.sampled_from(user_ids).map(lambda user_id: f"<@{user_id}>"),
        st.sampled_from(user_ids).map(lambda user_id: f"<@!{user_id}>"),
        st.sampled_from(role_ids).map(lambda role_id: f"<@&{role_id}>"),
    )


def out_of_range() -> st.SearchStrategy[str]:
    """Numbers and mention-shaped ids of any length: durations of many digits, ids too short for a
    snowflake or too long for 64 bits, masked links around them."""
    digits = st.integers(min_value=1, max_value=60).flatmap(lambda n: st.from_regex(rf"\A[0-9]{{{n}}}\Z"))
    return st.one_of(
        st.builds(lambda number, unit: number + unit, digits, st.sampled_from(["d", "h", "m", "s", ""])),
        st.builds(lambda number, bang: f"<@{bang}{number}>", digits, st.sampled_from(["", "!", "&"])),
        st.builds(lambda number: f"[{number}](https://evil.example/{number})", digits),
    )


def hostile_text(user_ids: Sequence[int], role_ids: Sequence[int]) -> st.SearchStrategy[str]:
    """Non-empty text made of the pieces above and arbitrary characters, short or 6,000 long."""
    fragment = st.one_of(
        mentions(user_ids, role_ids),
        st.sampled_from(FRAGMENTS),
        out_of_range(),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=12),
    )
    short = st.lists(fragment, min_size=1, max_size=8).map("".join)
    long = st.lists(fragment, min_size=1, max_size=4).map(lambda parts: ("".join(parts) * LONG)[:LONG])
    separated = st.builds(
        lambda part, count, separator: separator.join([part] * count)[:LONG],
        fragment,
        st.integers(min_value=2, max_value=600),
        st.sampled_from(SEPARATORS),
    )
    return st.one_of(st.sampled_from(HAND_PICKED), short, long, separated)


def as_discord_sends(value: str, max_length: int) -> str:
    """What a Discord client sends for ``value`` in an option limited to ``max_length`` characters."""
    return value[:max_length] or "x"
