"""Planning from a conversation: the times, people and places a chat has already mentioned.

People who agree in chat to meet rarely turn it into a plan; these rules read the plan out of
what they wrote, so proposing it is one click. Messages arrive as :class:`ChatMessage`; *now*,
the server's languages and the names of the places it remembers are passed in, and nothing here
reads Discord, the clock or the database.

Readings chosen
---------------
* Each message is read as of when it was written: "tomorrow 18:00" in yesterday's message is
  today 18:00. Only times still ahead of *now* with a time of day become candidates, in the order
  they were mentioned, each once, at most as many as a poll holds.
* A candidate is written back as text the bot reads to the same minute (see :func:`date_text`),
  so the organizer can edit the list and the poll reads exactly what they saw.
* Messages by bots are not the conversation: the bot's own offers and polls, or another bot's
  notices, would otherwise feed their words back in. Participants are the people who wrote and
  the people they mentioned.
* A remembered place counts when its whole name appears as words ("Pelikan" in "at pelikan?",
  not in "pelikanerna"). A place not yet remembered counts when it is written as a name (capital
  first) after "at"/"@"/"på"/"hos"/"vid" and does not read as a time: "at Pressklubben?" does,
  "at Christmas" and "at the bar" do not.
* The title comes from :data:`TITLES`: the activity mentioned most often, the first mentioned
  on a tie, else "Meetup".
* A message suggests meeting when it matches one of :data:`MEETING_PATTERNS`. They ask for a
  proposal's shape ("we should …", "let's …", "ska vi …", "vi borde …", a bare "fika?"), not for a
  word alone, so "we met yesterday", "meet the deadline" and "vi ses!" (goodbye) do not count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.poll import MAX_DATE_OPTIONS, MAX_VENUE_OPTIONS
from bot.domain.proposal import TIMED_GRAINS
from bot.domain.venues import venue_key
from bot.when import Found, find_times, parse_when

CONVERSATION_LENGTH = 20
"""How many messages before the one planned from are read with it."""

DEFAULT_TITLE = "Meetup"
DATE_SEPARATOR = "; "


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    is_bot: bool = False


@dataclass(frozen=True)
class ChatMessage:
    """One message as these rules need it; ``created_at`` is aware."""

    author: Person
    content: str
    created_at: datetime
    mentions: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Candidate:
    start: datetime
    text: str


@dataclass(frozen=True)
class Plan:
    """What a conversation says about a meetup, ready to fill in a proposal."""

    title: str
    candidates: tuple[Candidate, ...]
    venues: tuple[str, ...]
    participants: tuple[Person, ...]

    @property
    def dates(self) -> str:
        """The candidates as a ``dates`` field: ``Sat 05 Dec 2026 18:00; Sun 06 Dec 2026 15:00``."""
        return DATE_SEPARATOR.join(candidate.text for candidate in self.candidates)


def plan_from(
    messages: Sequence[ChatMessage], *, now: datetime, languages: Sequence[str], venues: Iterable[str]
) -> Plan:
    """Gather the plan in ``messages`` (oldest first) as of ``now``, with the server's places."""
    said = [message for message in messages if not message.author.is_bot]
    texts = [message.content for message in said]
    return Plan(
        title=suggest_title(texts),
        candidates=tuple(candidate_times(said, now=now, languages=languages)),
        venues=tuple(named_venues(texts, venues, now=now, languages=languages)),
        participants=tuple(participants(said)),
    )


def candidate_times(
    messages: Iterable[ChatMessage], *, now: datetime, languages: Sequence[str]
) -> list[Candidate]:
    """Times with a time of day still ahead, in the order mentioned, without repeats."""
    found: list[Candidate] = []
    seen: set[datetime] = set()
    for message in messages:
        for reading in _readings(message, now, languages):
            start = reading.start.replace(second=0, microsecond=0)
            instant = _instant(start)
            if reading.grain not in TIMED_GRAINS or instant <= _instant(now) or instant in seen:
                continue
            text = date_text(start, now=now, languages=languages)
            if text is None:
                continue
            seen.add(instant)
            found.append(Candidate(start, text))
            if len(found) == MAX_DATE_OPTIONS:
                return found
    return found


def _instant(moment: datetime) -> datetime:
    """In UTC: aware times in one zone compare by wall clock, so the hour repeated when clocks
    go back would otherwise equal its twin."""
    return moment.astimezone(UTC)


def _readings(message: ChatMessage, now: datetime, languages: Sequence[str]) -> list[Found]:
    written = min(message.created_at, now).astimezone(now.tzinfo)
    return find_times(message.content, now=written, languages=languages)


_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS_SV = ("mån", "tis", "ons", "tors", "fre", "lör", "sön")
_MONTHS_SV = ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec")


def _english(t: datetime) -> str:
    return f"{_DAYS_EN[t.weekday()]} {t.day:02d} {_MONTHS_EN[t.month - 1]} {t.year} {t:%H:%M}"


def _swedish(t: datetime) -> str:
    return f"{_DAYS_SV[t.weekday()]} {t.day} {_MONTHS_SV[t.month - 1]} {t.year} kl {t:%H:%M}"


def _iso(t: datetime) -> str:
    return f"{t:%Y-%m-%d %H:%M}"


DATE_FORMS: tuple[Callable[[datetime], str], ...] = (_english, _swedish, _iso)
"""Ways of writing a candidate, tried in order: "Sat 05 Dec 2026 18:00", "lör 5 dec 2026 kl
18:00", "2026-12-05 18:00". Names are spelled out here rather than by ``strftime``, whose names
follow the process's locale."""


def date_text(moment: datetime, *, now: datetime, languages: Sequence[str]) -> str | None:
    """``moment`` in the first form the server's languages read back to the same minute.

    None when no form does: the repeated hour when clocks go back cannot be written unambiguously.
    """
    local = moment.astimezone(now.tzinfo)
    for form in DATE_FORMS:
        text = form(local)
        read = parse_when(text, now=now, languages=languages)
        if read is not None and _instant(read.start) == _instant(moment):
            return text
    return None


def participants(messages: Iterable[ChatMessage]) -> list[Person]:
    """Authors and the people they mention, in the order they appear; bots and whom they
    mention are left out."""
    people: dict[int, Person] = {}
    for message in messages:
        if message.author.is_bot:
            continue
        for person in (message.author, *message.mentions):
            if not person.is_bot and person.id not in people:
                people[person.id] = person
    return list(people.values())


PLACE_AFTER = re.compile(
    r"(?<!\w)(?:at|@|på|hos|vid)[ \t]+(?P<name>[^\W\d_][\w'’&-]*(?:[ \t]+[^\W\d_][\w'’&-]*){0,2})",
    re.IGNORECASE,
)
"""A name after "at", "@", "på", "hos" or "vid": up to three words, of which the capitalised
ones from the first on are taken ("at Kafé Vega or …" → "Kafé Vega")."""


def named_venues(
    texts: Sequence[str], venues: Iterable[str], *, now: datetime, languages: Sequence[str]
) -> list[str]:
    """Places named in ``texts``, in the order first named, at most a poll's worth: remembered
    ones wherever their whole name appears, and new ones where a capitalised name follows a
    word for "at" and is not a time ("at Christmas", "på fredag")."""
    first: dict[str, tuple[tuple[int, int], str]] = {}
    for name in venues:
        words = name.split()
        if not words or venue_key(name) in first:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
        for index, text in enumerate(texts):
            match = pattern.search(text)
            if match is not None:
                first[venue_key(name)] = ((index, match.start()), name)
                break
    for index, text in enumerate(texts):
        for match in PLACE_AFTER.finditer(text):
            name = _capitalised_start(match["name"])
            if name and venue_key(name) not in first and not find_times(name, now=now, languages=languages):
                first[venue_key(name)] = ((index, match.start("name")), name)
    ordered = sorted(first.values(), key=lambda item: item[0])
    return [name for _, name in ordered[:MAX_VENUE_OPTIONS]]


def _capitalised_start(words: str) -> str:
    """The leading words that start with a capital: how a chat writes a name among plain words."""
    taken = []
    for word in words.split():
        if not word[0].isupper():
            break
        taken.append(word)
    return " ".join(taken)


TITLES: tuple[tuple[str, str], ...] = (
    ("Dinner", r"dinner|supper|middag(?:en)?"),
    ("Lunch", r"lunch(?:en)?|luncha"),
    ("Brunch", r"brunch(?:en)?|breakfast|frukost(?:en)?"),
    ("Fika", r"fika|coffee|kaffe"),
    ("Drinks", r"drinks?|beers?|pints?|pub(?:en)?|öl|bärs|afterwork"),
    ("Pizza", r"pizza"),
    ("Board games", r"board\s*games?|brädspel(?:et)?|sällskapsspel"),
    ("Climbing", r"climbing|bouldering|klättr(?:a|ing)|bouldra"),
    ("Movie night", r"movies?|cinema|bio(?:n)?"),
    ("Hike", r"hik(?:e|ing)|vandr(?:a|ing)"),
)
"""What the conversation may be about, with the English and Swedish words that say so."""

_TITLE_PATTERNS = tuple((title, re.compile(rf"(?<!\w)(?:{words})(?!\w)")) for title, words in TITLES)


def suggest_title(texts: Iterable[str]) -> str:
    """The activity mentioned most (the first mentioned on a tie), else ``Meetup``."""
    counts: dict[str, int] = {}
    for text in texts:
        lowered = _lowered(text)
        hits = sorted(
            (match.start(), title)
            for title, pattern in _TITLE_PATTERNS
            for match in pattern.finditer(lowered)
        )
        for _, title in hits:
            counts[title] = counts.get(title, 0) + 1
    if not counts:
        return DEFAULT_TITLE
    return max(counts, key=lambda title: counts[title])


_MEET = (
    r"(?:meet(?:\s*-?\s*up)?(?!\s+(?:the\s+|a\s+|our\s+|my\s+|your\s+|their\s+)?(?:deadlines?|requirements?"
    r"|expectations?|goals?|targets?|criteria|standards?|demands?|needs?|quota|budget)\b)"
    r"|get\s+together|hang\s+out|see\s+each\s+other)"
)
_TREAT = r"(?:dinner|lunch|brunch|breakfast|coffee|fika|drinks?|beers?|pints?|food|bite|pizza)"
_DO = (
    rf"(?:{_MEET}|(?:grab|get|have|go\s+(?:out\s+)?for)\s+(?:some\s+|a\s+|an\s+)?{_TREAT}"
    r"|(?:do|have|plan|organi[sz]e)\s+an?\s+(?:meetup|meet-up|get-together)"
    r"|go\s+(?:climbing|bouldering|bowling|hiking|out))"
)
_SV_DO = (
    r"(?:ses|träffas|hänga|käka|äta|fika|luncha|ta\s+(?:en|ett|lite|några)\s+\w+|gå\s+ut"
    r"|hitta\s+på\s+(?:något|nåt))"
)
_SV_SOFT = r"(?:(?:väl|verkligen|ju|nog|alla|snart|också|gärna)\s+)?"
_SV_NOT = r"(?:inte\s+)?"
_SV_TREAT = r"(?:fika|lunch|middag|frukost|brunch|öl|bärs|afterwork|käk|pizza)"
_ANY_TREAT = rf"(?:{_TREAT}|{_SV_TREAT}|meet\s*-?\s*up|träff)"

MEETING_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "we should meet up / y'all should grab lunch",
        rf"\b(?:we|y'?all|you\s+guys)\s+(?:should|could|must|gotta|have\s+to|need\s+to|ought\s+to)\s+"
        rf"(?:\w+ly\s+|all\s+|finally\s+)?{_DO}",
    ),
    ("let's meet / let's grab dinner", rf"\blet(?:'?s|\s+us)\s+(?:all\s+|finally\s+)?{_DO}"),
    (
        "should we get together? / shall we meet",
        rf"\b(?:should|shall|can|could)\s+we\s+(?:all\s+|finally\s+)?{_DO}",
    ),
    (
        "anyone up for drinks?",
        rf"\b(?:anyone|anybody|who'?s|who\s+is)\s+(?:up|down|keen)\s+for\s+(?:some\s+|a\s+)?{_ANY_TREAT}",
    ),
    ("anyone want to grab lunch?", rf"\b(?:anyone|anybody|who)\s+(?:wants?|wanna)\s+(?:to\s+)?{_DO}"),
    (
        "how about dinner? / what about we meet",
        rf"\b(?:how|what)\s+about\s+(?:we\s+)?(?:{_DO}|{_TREAT}|meeting|getting\s+together)",
    ),
    ("ska vi ses? / ska vi käka", rf"\bsk(?:a|all)\s+vi\s+{_SV_NOT}{_SV_SOFT}{_SV_DO}\b"),
    (
        "vi borde ses / vi kan väl fika",
        rf"\bvi\s+(?:borde|bör|måste|kan|skulle\s+kunna)\s+{_SV_SOFT}{_SV_DO}\b",
    ),
    ("låt oss träffas", rf"\blåt\s+oss\s+{_SV_DO}\b"),
    ("vill ni ses på lördag?", rf"\bvill\s+(?:ni|du|någon|nån|folk)\s+{_SV_NOT}{_SV_SOFT}{_SV_DO}\b"),
    (
        "nån som vill fika? / någon sugen på lunch?",
        rf"\b(?:någon|nån|några|nåra)\s+(?:som\s+(?:vill|är\s+sugen\s+på)\s+|sugen\s+på\s+|pepp\s+på\s+)"
        rf"(?:att\s+)?(?:{_SV_DO}|{_SV_TREAT})\b",
    ),
    ("dags att ses igen", rf"\bdags\s+att\s+{_SV_DO}\b"),
    ("ses vi på lördag?", r"\bses\s+vi\b[^.!\n]*\?"),
    (
        "fika? / dinner saturday 18:00?",
        rf"(?:^|[.!?]\s+)\W*{_ANY_TREAT}(?!\w)(?!\s+(?:was|were|is|var|blev|är)\b)[^.!?\n]{{0,40}}\?",
    ),
)
"""The shapes of a suggestion to meet, each with an example, in English and Swedish."""

_MEETING = re.compile("|".join(f"(?:{pattern})" for _, pattern in MEETING_PATTERNS), re.MULTILINE)


def _lowered(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def suggests_meeting(text: str) -> bool:
    """Whether ``text`` proposes meeting (see :data:`MEETING_PATTERNS`)."""
    return _MEETING.search(_lowered(text)) is not None


def offer_wanted(message: ChatMessage, *, now: datetime, languages: Sequence[str]) -> bool:
    """A person suggests meeting and says when: a day or a time that is still ahead.

    A day alone counts here ("we should meet up on saturday"); the organizer adds the hour in
    the form the offer opens.
    """
    if message.author.is_bot or not suggests_meeting(message.content):
        return False
    return any(_ahead(found, now) for found in _readings(message, now, languages))


def _ahead(found: Found, now: datetime) -> bool:
    if found.grain in TIMED_GRAINS:
        return _instant(found.start) > _instant(now)
    return found.start.astimezone(now.tzinfo).date() >= now.date()
