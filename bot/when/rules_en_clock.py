"""English clock times in words: "quarter to seven", "half past six", "half three", "three twenty".

Split from :mod:`bot.when.rules_en` to keep each module short; the conventions are listed in the
docstring of :mod:`bot.when`. Swedish words the same times its own way, in :mod:`bot.when.rules_sv`.
"""

from __future__ import annotations

import re

from bot.when.rules import (
    DEPENDENT,
    MERIDIEM,
    STRONG,
    WEAK,
    Builder,
    Built,
    clock,
    hour_may_follow,
    measured,
    meridiem,
    spoken_step,
)
from bot.when.specs import Spec
from bot.when.words import Words

_TARGET = (
    r"(?:(?P<hd>[01]?\d|2[0-3])|(?P<hw>{hourw})|(?P<noon>noon|midday)|(?P<mid>midnight))"
    r"(?:\s*(?P<mer>" + MERIDIEM + r"))?(?:\s*o'?clock)?(?!\w)"
)
RELATIVE_MINUTES = (
    r"(?<![\w:.])(?:(?P<pre>at|@|around|about|for|from|between)\s+)?"
    r"(?:(?P<q>(?:a\s+)?quarter)|(?P<half>half)|(?P<n>[0-5]?\d|{card})(?:\s+(?P<mins>minutes?|mins?))?)"
    r"\s+(?P<dir>past|after|to|till|til|before|of|from)\s+" + _TARGET
)


def build_relative_minutes(match: re.Match[str], words: Words) -> Built:
    """``half past three``, ``a quarter to 8``, ``20 minutes to 2pm``, ``15 to noon``.

    "N to H" with a bare number is also how ranges are written ("2 to 3pm"), so digits before
    ``to`` need ``minutes`` or a noon/midnight target; before a unit it is a range of counts
    ("two to four people"). Minutes in words count in fives ("ten to four"); "two to three" is
    a range unless "minutes" is said.
    """
    if match["pre"] in ("from", "between") or measured(match.string, match.end()):
        return None
    after = match["dir"] in ("past", "after", "from")
    minutes = 15 if match["q"] else 30 if match["half"] else words.number(match["n"] or "")
    if minutes is None or not 1 <= minutes <= 59 or (match["half"] and not after):
        return None
    if not spoken_step(match["n"], match["mins"], minutes):
        return None
    if match["dir"] == "of" and not match["q"]:
        return None
    digits = match["n"] is not None and match["n"].isdigit()
    fixed = match["noon"] or match["mid"]
    if not after and digits and not (match["mins"] or fixed):
        return None
    mer = meridiem(match["mer"])
    if match["noon"]:
        base, literal = 12, True
    elif match["mid"]:
        base, literal = (0 if after else 24), True
    else:
        hour = int(match["hd"]) if match["hd"] else words.number(match["hw"]) or 0
        if mer:
            base, literal = hour % 12 + (12 if mer == "pm" else 0), True
        else:
            base, literal = hour, hour > 12
    total = base * 60 + (minutes if after else -minutes)
    hour, minute = divmod(total % (24 * 60), 60)
    if not literal and hour == 0:
        hour = 12
    read = clock(hour, minute, literal=literal, precise=True)
    if read is None:
        return None
    weak = digits and not (match["mins"] or mer or fixed)
    return Spec(clock=read), WEAK if weak else STRONG


SPOKEN_CLOCK = (
    r"(?<![\w:.])(?:(?P<pre>at|@|around|about|by)\s+)?(?P<h>{hourw})\s+"
    r"(?:(?P<oh>oh|o)\s+(?P<mo>{card})|(?P<m>{card}))(?!\w)"
)


def build_spoken_clock(match: re.Match[str], words: Words) -> Built:
    """``three twenty``, ``at eight fifteen``, ``seven oh five``: an hour and its minutes in words.

    Two numbers in a row are also a count or an amount ("three twenty dollar bills", a bare
    "three twenty"), so the pair must end the phrase or come before a day word, and without "at"
    it only adds to a day or part of the day beside it ("seven thirty tonight").
    """
    minute = words.number(match["mo"] or match["m"])
    low = 1 if match["oh"] else 10
    if minute is None or not low <= minute <= 59 or not hour_may_follow(match.string, match.end()):
        return None
    read = clock(words.number(match["h"]) or 0, minute, precise=True)
    if read is None:
        return None
    return Spec(clock=read), STRONG if match["pre"] else DEPENDENT


HALF_HOUR = r"(?<![\w:.])(?:(?:at|@|around|about|by)\s+)?half\s+(?P<h>{hourw}|1[0-2]|[1-9])(?!\w|:\d)"


def build_half_hour(match: re.Match[str], words: Words) -> Built:
    """British ``half three``: half past three (unlike Swedish "halv tre", half *to* three)."""
    if not hour_may_follow(match.string, match.end()):
        return None
    read = clock(words.number(match["h"]) or 0, 30, precise=True)
    return (Spec(clock=read), STRONG) if read else None


# The order counts where two rules read the same words equally well: the first one listed wins.
RULES: list[tuple[str, Builder, str | None]] = [
    (SPOKEN_CLOCK, build_spoken_clock, "{hourw}"),
    (HALF_HOUR, build_half_hour, "half"),
    (RELATIVE_MINUTES, build_relative_minutes, r"(?<!\w)(?:past|after|to|till|til|before|of|from)\s"),
]
