"""Numbers spelled out, in English and Swedish: cardinals 0-59 and ordinal days 1-31.

Composed from units and tens as people write them ("twenty-five", "twenty five", "tjugofem",
"tjugoförsta") rather than listed, so every spelling of a number comes from one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_SV_UNITS = {
    "noll": 0,
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "aderton": 18,
    "nitton": 19,
}
_SV_TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50}


def _compose(units: Mapping[str, int], tens: Mapping[str, int], joiners: Iterable[str]) -> dict[str, int]:
    """Spell out 0-59 the way they are written: ``twenty-five``, ``twenty five``, ``tjugofem``."""
    words = dict(units)
    for ten_word, ten in tens.items():
        words[ten_word] = ten
        for unit_word, unit in units.items():
            if 1 <= unit <= 9:
                for joiner in joiners:
                    words[f"{ten_word}{joiner}{unit_word}"] = ten + unit
    return words


CARDINALS = {
    "en": _compose(_EN_UNITS, _EN_TENS, ("-", " ")),
    "sv": _compose(_SV_UNITS, _SV_TENS, ("", " ")),
}

_EN_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
# "förste" and "andre" are the older masculine forms, still common in dates ("den förste maj").
_SV_ORDINAL_UNITS = {
    "första": 1,
    "förste": 1,
    "andra": 2,
    "andre": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
    "nionde": 9,
}


def _ordinals(
    units: Mapping[str, int], teens: Mapping[str, int], tens: Mapping[str, int], joiners: Iterable[str]
) -> dict[str, int]:
    """Ordinal day numbers 1-31 (``twenty-first``, ``tjugoförsta``)."""
    words = {**units, **teens}
    for ten_word, ten in tens.items():
        if ten > 30:
            continue
        for unit_word, unit in units.items():
            if ten + unit <= 31:
                for joiner in joiners:
                    words[f"{ten_word}{joiner}{unit_word}"] = ten + unit
    return words


ORDINALS = {
    "en": _ordinals(
        _EN_ORDINAL_UNITS,
        {
            "tenth": 10,
            "eleventh": 11,
            "twelfth": 12,
            "thirteenth": 13,
            "fourteenth": 14,
            "fifteenth": 15,
            "sixteenth": 16,
            "seventeenth": 17,
            "eighteenth": 18,
            "nineteenth": 19,
            "twentieth": 20,
            "thirtieth": 30,
        },
        {"twenty": 20, "thirty": 30},
        ("-", " "),
    ),
    "sv": _ordinals(
        _SV_ORDINAL_UNITS,
        {
            "tionde": 10,
            "elfte": 11,
            "tolfte": 12,
            "trettonde": 13,
            "fjortonde": 14,
            "femtonde": 15,
            "sextonde": 16,
            "sjuttonde": 17,
            "artonde": 18,
            "nittonde": 19,
            "tjugonde": 20,
            "trettionde": 30,
        },
        {"tjugo": 20, "trettio": 30},
        ("",),
    ),
}
