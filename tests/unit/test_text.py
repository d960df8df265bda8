"""Invisible characters are dropped from what members type, emoji joiners kept."""

import pytest

from bot.domain.text import clean_block, clean_line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  Pizza   night ", "Pizza night"),
        ("\u200b", ""),
        ("\u200e\u2060\ufeff", ""),
        ("\x00\x07", ""),
        ("Fika\u200b time", "Fika time"),
        ("👩\u200d💻 meetup", "👩\u200d💻 meetup"),
        ("line\nbreak", "line break"),
        ("\u202eevil", "evil"),
    ],
)
def test_clean_line(typed: str, expected: str) -> None:
    """A title or name keeps its visible characters only, on one line."""
    assert clean_line(typed) == expected


def test_clean_block_keeps_line_breaks() -> None:
    """Details keep their line breaks but lose control and format characters."""
    assert clean_block("first\u200b line  \r\nsecond\x00 line\n\n") == "first line\nsecond line"
