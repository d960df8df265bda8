"""Cleaning what members type: invisible characters are dropped before anything is checked.

Zero-width spaces, direction marks and control characters render as nothing, so a title made of
them would pass an emptiness check yet show as blank. The zero-width joiner stays, because emoji
such as 👩‍💻 are built with it.
"""

from __future__ import annotations

import unicodedata

ZERO_WIDTH_JOINER = "\u200d"


def _visible(char: str, *, keep_newlines: bool) -> bool:
    if char == ZERO_WIDTH_JOINER or (keep_newlines and char == "\n"):
        return True
    return unicodedata.category(char) not in ("Cc", "Cf")


def clean_line(text: str) -> str:
    """One line of text: invisible characters dropped, runs of spaces folded, ends trimmed."""
    return " ".join("".join(c for c in text if _visible(c, keep_newlines=False) or c.isspace()).split())


def clean_block(text: str) -> str:
    """Several lines: invisible characters dropped, line breaks kept, outer blank space trimmed."""
    kept = "".join(c for c in text.replace("\r\n", "\n") if _visible(c, keep_newlines=True) or c == " ")
    return "\n".join(line.rstrip() for line in kept.split("\n")).strip()
