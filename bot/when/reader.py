"""The public reader: :func:`parse_when` and :func:`find_times` (see :mod:`bot.when` for how a text is read)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from bot.when import fallback, rules_en, rules_en_clock, rules_en_spans, rules_sv, rules_sv_spans
from bot.when.calendar_math import resolve
from bot.when.lexicon import LANGUAGES, MONTHS, WEEKDAYS_FULL, WEEKDAYS_SHORT
from bot.when.rules import DEPENDENT, STRONG, Rule, compile_rules
from bot.when.rules_digits import SHARED_RULES
from bot.when.specs import Spec, combine, range_start, with_day_of
from bot.when.words import Words

__all__ = ["Found", "find_times", "parse_when"]


@dataclass(frozen=True)
class Found:
    """A time read from text: its start, how precise it is, and the words it was read from."""

    start: datetime
    grain: str
    text: str


def parse_when(text: str, *, now: datetime, languages: Sequence[str]) -> Found | None:
    """Read *text* as one time expression ("fri 19:00", "på lördag kl 19", "in 2 days").

    None when the text is not a time, or says more than one ("fri or sat").
    """
    _check(now)
    codes = _codes(languages)
    normal, origin = _normalise(text)
    groups = _groups(normal, codes)
    if len(groups) == 1 and groups[0].strongest > DEPENDENT:
        group = groups[0]
        if _FILLER.fullmatch(normal, 0, group.start) and _FILLER.fullmatch(normal, group.end):
            found = _found(group, text, origin, now)
            if found is not None:
                return found
    read = fallback.parse(text, now=now, languages=codes)
    return None if read is None else Found(start=read[0], grain=read[1], text=text)


def find_times(text: str, *, now: datetime, languages: Sequence[str]) -> list[Found]:
    """The times mentioned in a chat message, in order; ordinary words yield none."""
    _check(now)
    codes = _codes(languages)
    found: list[tuple[int, int, Found]] = []
    previous: _Group | None = None
    normal, origin = _normalise(text)
    for group in _groups(normal, codes):
        if group.strongest == STRONG or group.supported:
            if previous is not None and _ALTERNATIVE.fullmatch(normal, previous.end, group.start):
                group = replace(group, spec=with_day_of(group.spec, previous.spec))
            result = _found(group, text, origin, now)
            if result is not None:
                found.append((origin[group.start], origin[group.end], result))
                previous = group
    for start, end, moment, grain in fallback.search(text, now=now, languages=codes):
        inside = [item for item in found if start <= item[0] and item[1] <= end]
        clear = all(end <= item[0] or start >= item[1] for item in found if item not in inside)
        if clear:
            found = [item for item in found if item not in inside]
            found.append((start, end, Found(start=moment, grain=grain, text=text[start:end])))
    return [result for _, _, result in sorted(found, key=lambda item: item[0])]


def _check(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")


def _codes(languages: Sequence[str]) -> tuple[str, ...]:
    """``["sv-SE", "en"]`` -> ``("sv", "en")``; nothing given means the bot's own pair."""
    if isinstance(languages, str):
        languages = [languages]
    codes: list[str] = []
    for language in languages:
        code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
        if code and code not in codes:
            codes.append(code)
    return tuple(codes) or LANGUAGES


@dataclass(frozen=True)
class _Group:
    """Neighbouring pieces read as one expression."""

    start: int
    end: int
    spec: Spec
    strongest: int
    supported: bool


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    spec: Spec
    strength: int


def _found(group: _Group, text: str, origin: Sequence[int], now: datetime) -> Found | None:
    resolved = resolve(group.spec, now)
    if resolved is None:
        return None
    start, grain = resolved
    return Found(start=start, grain=grain, text=text[origin[group.start] : origin[group.end]])


# Unicode characters that lower-case to more than one character would shift every offset after
# them; they are left as they are, since no time word contains them.
_TRANSLATION = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "})


def _normalise(text: str) -> tuple[str, Sequence[int]]:
    """The text as the rules read it, and where each of its characters came from in *text*.

    Lower-cased, with the same length as *text*, except that a blank goes between digits and a
    month or weekday name written against them ("15SEP", "14april", "fri13mar"), so the rules
    read them as the words they are. The second item maps each offset (and the end) back.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    lowered = lowered.translate(_TRANSLATION)
    if not _GLUED.search(lowered):
        return lowered, range(len(lowered) + 1)
    pieces: list[str] = []
    origin: list[int] = []
    kept = 0
    for glued in _GLUED.finditer(lowered):
        at = glued.end() if glued["name"] else glued.start()
        pieces.append(lowered[kept:at])
        origin.extend(range(kept, at))
        pieces.append(" ")
        origin.append(at)
        kept = at
    pieces.append(lowered[kept:])
    origin.extend(range(kept, len(lowered) + 1))
    return "".join(pieces), origin


def _glued_names() -> str:
    """Month and weekday names of every language, longest first, for :data:`_GLUED`."""
    names = {
        name
        for table in (MONTHS, WEEKDAYS_FULL, WEEKDAYS_SHORT)
        for words in table.values()
        for name in words
    }
    return "|".join(sorted(names, key=len, reverse=True))


# Where a blank is missing: between digits and a name after them, or after a name before digits.
_GLUED = re.compile(
    rf"(?<=\d)(?=(?:{_glued_names()})(?![^\W\d_]))|(?<![^\W\d_])(?P<name>{_glued_names()})(?=\d)"
)


# What may stand between two pieces of one expression: "saturday at 18:00", "Fri, Jul 18",
# "on Saturday for 9am", "torsdag från 9", "den 3 dec kl 18". The name of what is planned may
# stand between a day and its time too: "tomorrow's meeting at 6pm", "fredag middag kl 19".
_GLUE = re.compile(
    r"[\s,@(]*(?:(?:at|on|for|from|från|after|efter|the|of|kl\.?|klockan|på|den|vid|around|about"
    r"|dinner|supper|breakfast|brunch|drinks|meeting|meetup|party|game|fika|middag|möte|mötet|fest|festen"
    r"|träff|träffen)(?!\w)[\s,@(]*)*"
)
# What joins the two ends of a range ("19:00-21:00", "9:30 till 11:00", "between 9 and 11").
_RANGE = re.compile(r"\s*(?:-|to|till|til|until|untill|thru|through|tills)\s*")
_BETWEEN_AND = re.compile(r"\s*(?:and|och)\s*")
_BETWEEN = re.compile(r"(?:between|mellan)\s*$")
# What separates alternatives that share a day ("tomorrow 18:00 or 19:00").
_ALTERNATIVE = re.compile(r"[\s,?!/]*(?:(?:or|eller|and|och|alternatively|alternativt)(?!\w)[\s,?!/]*)*")
# What may surround a whole expression without making it something else ("around 8", "kl 17 exakt").
_FILLER = re.compile(
    r"[\s.,!?;:()\"'\[\]-]*(?:(?:at|on|for|from|från|around|about|approximately|approx|roughly|circa|ca"
    r"|cirka|omkring|runt|ungefär|exakt|precis|sharp|ish|the|by|until|till|kl|klockan|vid|på|den|i|after"
    r"|efter|since|between|mellan)(?!\w)"
    r"[\s.,!?;:()\"'\[\]-]*)*"
)
# Text without a digit or a word of two letters cannot hold a time; skip the rules for it.
_CHEAP_REJECT = re.compile(r"\d|[^\W\d_]{2,}")


def _groups(normal: str, codes: tuple[str, ...]) -> list[_Group]:
    """The expressions in the normalised text, neighbours combined, ranges joined."""
    rules = _rules(codes)
    if not rules or not _CHEAP_REJECT.search(normal):
        return []
    groups: list[_Group] = []
    pieces: list[_Atom] = []
    for atom in _best_cover(_atoms(normal, rules)):
        if groups and _GLUE.fullmatch(normal, groups[-1].end, atom.start):
            merged = combine(groups[-1].spec, atom.spec)
            if merged is not None:
                last = groups[-1]
                pieces.append(atom)
                groups[-1] = _Group(
                    last.start,
                    atom.end,
                    merged,
                    max(last.strongest, atom.strength),
                    sum(piece.strength > DEPENDENT for piece in pieces) >= 2,
                )
                continue
        pieces = [atom]
        groups.append(_Group(atom.start, atom.end, atom.spec, atom.strength, False))
    return _join_ranges(groups, normal)


def _join_ranges(groups: list[_Group], normal: str) -> list[_Group]:
    """Read "A - B", "A to B", "between A and B" as A, completed by what B says."""
    joined: list[_Group] = []
    for group in groups:
        if joined and _is_range(normal, joined[-1], group):
            first = joined[-1]
            spec = range_start(first.spec, group.spec)
            if spec is not None:
                supported = (
                    first.supported or group.supported or min(first.strongest, group.strongest) > DEPENDENT
                )
                strongest = max(first.strongest, group.strongest)
                joined[-1] = _Group(first.start, group.end, spec, strongest, supported)
                continue
        joined.append(group)
    return joined


def _is_range(normal: str, first: _Group, second: _Group) -> bool:
    if _RANGE.fullmatch(normal, first.end, second.start):
        return True
    return bool(
        _BETWEEN_AND.fullmatch(normal, first.end, second.start) and _BETWEEN.search(normal, 0, first.start)
    )


# Each language's own rules, read with its own vocabulary only.
_GRAMMARS = {
    "en": rules_en.RULES + rules_en_clock.RULES + rules_en_spans.RULES,
    "sv": rules_sv.RULES + rules_sv_spans.RULES,
}


@lru_cache(maxsize=32)
def _rules(codes: tuple[str, ...]) -> tuple[Rule, ...]:
    """The compiled rules for a set of languages, built once per set.

    The grammars go in the order of :data:`LANGUAGES` whatever order *codes* has, so that where
    two rules read the same text equally well the same one wins for every reader.
    """
    known = tuple(code for code in codes if code in LANGUAGES)
    if not known:
        return ()
    rules = compile_rules(SHARED_RULES, Words.of(known))
    for code in LANGUAGES:
        if code in known:
            rules += compile_rules(_GRAMMARS[code], Words.of((code,)))
    return tuple(rules)


def _atoms(normal: str, rules: tuple[Rule, ...]) -> list[_Atom]:
    atoms = []
    opened: dict[re.Pattern[str], bool] = {}
    for rule in rules:
        gate = rule.gate
        if gate is not None:
            if gate not in opened:
                opened[gate] = gate.search(normal) is not None
            if not opened[gate]:
                continue
        for match in rule.pattern.finditer(normal):
            if match.end() > match.start():
                built = rule.build(match, rule.words)
                if built is not None:
                    atoms.append(_Atom(match.start(), match.end(), built[0], built[1]))
    return atoms


def _best_cover(atoms: list[_Atom]) -> list[_Atom]:
    """The non-overlapping pieces covering the most text, preferring fewer and stronger pieces.

    Plain leftmost-longest would let "on the first" swallow the start of "the first monday of
    march"; weighing whole selections (weighted interval scheduling) avoids that.
    """
    atoms = sorted(atoms, key=lambda atom: (atom.end, atom.start))
    ends = [atom.end for atom in atoms]
    best: list[tuple[tuple[int, int, int], list[_Atom]]] = [((0, 0, 0), [])]
    for index, atom in enumerate(atoms):
        score, chosen = best[bisect_right(ends, atom.start, 0, index)]
        candidate = (score[0] + atom.end - atom.start, score[1] - 1, score[2] + atom.strength)
        best.append(max(best[index], (candidate, [*chosen, atom]), key=lambda option: option[0]))
    return best[-1][1]
