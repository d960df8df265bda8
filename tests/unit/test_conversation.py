"""Planning from a conversation: times, suggestions to meet, titles, places, people, the form."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.conversation import (
    ChatMessage,
    Person,
    Plan,
    candidate_times,
    date_text,
    named_venues,
    offer_wanted,
    participants,
    plan_from,
    suggest_title,
    suggests_meeting,
)
from bot.i18n import ENGLISH
from bot.presentation.conversation import MAX_FIELD, details_text, plan_form, read_form
from bot.when import parse_when

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM)  # a Tuesday
EN_SV = ("en", "sv")
ALICE, BOB, CAROL = Person(1, "Alice"), Person(2, "Bob"), Person(3, "Carol")
HELPER = Person(9, "Helper", is_bot=True)


def said(
    content: str, author: Person = BOB, *, ago: timedelta = timedelta(0), mentions: Iterable[Person] = ()
) -> ChatMessage:
    return ChatMessage(author, content, NOW - ago, tuple(mentions))


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=STOCKHOLM)


def starts(texts: list[str]) -> list[datetime]:
    return [c.start for c in candidate_times([said(t) for t in texts], now=NOW, languages=EN_SV)]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["how about saturday 18:00?", "or sunday 15:00"], [at(14, 18), at(15, 15)]),
        (["ses på fredag kl 19?"], [at(13, 19)]),
        (["sat 18:00 or sun 15:00 at Pressklubben"], [at(14, 18), at(15, 15)]),
        (["tomorrow at 7pm works", "yes tomorrow 19:00!"], [at(11, 19)]),
        (["lunch on thursday at 12:30?", "I'm busy wednesday 18:00"], [at(12, 12, 30), at(11, 18)]),
        (["dec 5 18:00 then"], [at(5, 18, month=12)]),
    ],
)
def test_times_in_chat_are_gathered(texts: list[str], expected: list[datetime]) -> None:
    """Times with a time of day are gathered in the order mentioned, each once."""
    assert starts(texts) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we should meet up!",
        "I sat there for ages",
        "the 3 of us would fit",
        "may I come too?",
        "see you soon",
        "how about saturday?",
        "vi ses i helgen",
    ],
)
def test_ordinary_sentences_and_days_alone_give_no_candidates(text: str) -> None:
    """Ordinary words, and days without a time of day, give no candidate."""
    assert starts([text]) == []


@pytest.mark.parametrize(
    ("text", "ago"),
    [
        ("yesterday at 18:00 was fun", timedelta(0)),
        ("today 09:00?", timedelta(0)),
        ("tomorrow 18:00?", timedelta(days=2)),
        ("at 11:30", timedelta(hours=1)),
    ],
)
def test_past_times_are_dropped(text: str, ago: timedelta) -> None:
    """A time already past is dropped, reading each message as of when it was written."""
    message = said(text, ago=ago)
    assert candidate_times([message], now=NOW, languages=EN_SV) == []


def test_a_message_is_read_as_of_when_it_was_written() -> None:
    """ "Tomorrow 18:00" written yesterday morning is today 18:00."""
    message = said("tomorrow 18:00?", ago=timedelta(days=1, hours=2))
    assert [c.start for c in candidate_times([message], now=NOW, languages=EN_SV)] == [at(10, 18)]


def test_at_most_ten_candidates() -> None:
    """A poll holds ten dates: the first ten mentioned are kept."""
    texts = [f"Mar {day} 18:00?" for day in range(11, 23)]
    assert starts(texts) == [at(day, 18) for day in range(11, 21)]


@pytest.mark.parametrize("languages", [("en", "sv"), ("sv", "en"), ("en",), ("sv",)])
@pytest.mark.parametrize(
    "moment",
    [at(14, 18), at(5, 9, 5, month=12), at(29, 2, 30), at(25, 2, 30, month=10), at(1, 0, 0, month=1)],
)
def test_dates_text_reads_back_to_the_same_time(moment: datetime, languages: tuple[str, ...]) -> None:
    """Every candidate is written so that the bot reads it back to the same minute."""
    text = date_text(moment, now=NOW, languages=languages)
    assert text is not None
    read = parse_when(text, now=NOW, languages=languages)
    assert read is not None
    assert read.start.astimezone(UTC) == moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("languages", "text"),
    [
        (("en", "sv"), "Sat 14 Mar 2026 18:00"),
        (("sv", "en"), "Sat 14 Mar 2026 18:00"),
        (("sv",), "lör 14 mars 2026 kl 18:00"),
    ],
)
def test_dates_text_is_english_where_english_is_read(languages: tuple[str, ...], text: str) -> None:
    """English where the server reads English, else Swedish."""
    assert date_text(at(14, 18), now=NOW, languages=languages) == text


def test_repeated_hour_cannot_be_written_and_is_left_out() -> None:
    """The second 02:30 when clocks go back has no unambiguous text, so it is not offered."""
    now = datetime(2026, 10, 20, 12, tzinfo=STOCKHOLM)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).astimezone(STOCKHOLM)
    assert date_text(second, now=now, languages=EN_SV) is None


@pytest.mark.parametrize(
    "text",
    [
        "we should meet up!",
        "We should meet up, saturday 18:00?",
        "Let’s grab dinner on friday",
        "lets meet at 6",
        "let's get together soon",
        "should we get together?",
        "shall we meet on sunday?",
        "we should really hang out",
        "anyone up for drinks friday?",
        "anyone want to grab lunch?",
        "how about dinner on friday?",
        "Dinner saturday 18:00?",
        "fika?",
        "Ska vi ses?",
        "ska vi inte ses snart?",
        "vi borde ses",
        "vi kan väl ses på lördag",
        "ska vi käka",
        "ska vi ta en öl efter jobbet?",
        "nån som vill fika?",
        "någon sugen på lunch imorgon?",
        "vill ni ses på lördag?",
        "ses vi på lördag?",
        "dags att ses igen!",
        "Låt oss träffas",
    ],
)
def test_suggestions_to_meet_are_recognised(text: str) -> None:
    """Suggestions to meet, in English and Swedish, are recognised."""
    assert suggests_meeting(text)


@pytest.mark.parametrize(
    "text",
    [
        "we met yesterday",
        "we need to meet the deadline",
        "let's meet the deadline first",
        "nice to meet you",
        "we should have met earlier",
        "the meeting is at 10",
        "I had lunch already",
        "dinner was great?",
        "we should fix the bug",
        "vi ses!",
        "vi sågs igår",
        "vi träffades förra veckan",
        "vi kan inte ses på lördag",
        "ska vi fixa buggen?",
        "fikarummet är stängt",
    ],
)
def test_other_sentences_are_not_suggestions(text: str) -> None:
    """Talk about meetings past, deadlines or goodbyes is not a suggestion to meet."""
    assert not suggests_meeting(text)


@pytest.mark.parametrize(
    ("texts", "title"),
    [
        (["let's grab dinner"], "Dinner"),
        (["ska vi käka middag?"], "Dinner"),
        (["lunch tomorrow?"], "Lunch"),
        (["fika på fredag?"], "Fika"),
        (["drinks after work?", "a beer sounds good"], "Drinks"),
        (["board games at mine?"], "Board games"),
        (["klättring på lördag?"], "Climbing"),
        (["lunch or dinner?", "dinner!"], "Dinner"),
        (["lunch or dinner?"], "Lunch"),
        (["we should meet up", "saturday 18:00?"], "Meetup"),
        (["the dinnerware is broken"], "Meetup"),
    ],
)
def test_title_comes_from_the_activity_mentioned_most(texts: list[str], title: str) -> None:
    """The activity mentioned most titles the plan, the first on a tie, else Meetup."""
    assert suggest_title(texts) == title


REMEMBERED = ["Pressklubben", "Kafé Vega", "Pelikan", "Bar"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["how about saturday at Pressklubben?"], ["Pressklubben"]),
        (["PRESSKLUBBEN again?"], ["Pressklubben"]),
        (["kafé   vega or pelikan?"], ["Kafé Vega", "Pelikan"]),
        (["pelikan?", "or Kafé Vega", "pelikan!"], ["Pelikan", "Kafé Vega"]),
        (["pelikanerna flög förbi"], []),
        (["the barbecue place"], []),
        (["the bar, then"], ["Bar"]),
        (["somewhere new"], []),
    ],
)
def test_remembered_places_are_matched_as_whole_words(texts: list[str], expected: list[str]) -> None:
    """A remembered place counts when its whole name appears, in any case, in the order first named."""
    assert named_venues(texts, REMEMBERED, now=NOW, languages=EN_SV) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Yes! How about Friday 18:00 at Pressklubben?"], ["Pressklubben"]),
        (["dinner at Kafé Vega or at the park?"], ["Kafé Vega"]),
        (["ses vi på Södra Teatern?", "eller hos Anna"], ["Södra Teatern", "Anna"]),
        (["meet @ Vega", "at pelikan"], ["Vega", "Pelikan"]),
        (["at Christmas?", "på Fredag kl 18", "at 18:00", "at the beach"], []),
        (["We met At last"], []),
    ],
)
def test_new_places_are_read_where_a_name_follows_a_word_for_at(
    texts: list[str], expected: list[str]
) -> None:
    """A capitalised name after at/@/på/hos/vid is a place unless it reads as a time; remembered
    places keep their remembered spelling."""
    assert named_venues(texts, REMEMBERED, now=NOW, languages=EN_SV) == expected


def test_participants_include_mentions_and_leave_out_bots() -> None:
    """Authors and the people they mention take part, in order of appearance; bots never do."""
    messages = [
        said("we should meet up", BOB),
        said("yes! <@1> too", CAROL, mentions=[ALICE, HELPER]),
        said("Reminder: …", HELPER, mentions=[Person(7, "Someone")]),
        said("count me in", BOB),
    ]
    assert participants(messages) == [BOB, CAROL, ALICE]
    assert plan_from(messages, now=NOW, languages=EN_SV, venues=[]).participants == (BOB, CAROL, ALICE)


def test_plan_gathers_everything_and_ignores_bots() -> None:
    """The plan holds the title, dates, places and people; bots' messages are not read."""
    messages = [
        said("we should grab dinner!", BOB),
        said("saturday 18:00 at Pelikan?", CAROL),
        said("Pressklubben on sunday 15:00", HELPER),
    ]
    plan = plan_from(messages, now=NOW, languages=EN_SV, venues=REMEMBERED)
    assert plan.title == "Dinner"
    assert plan.dates == "Sat 14 Mar 2026 18:00"
    assert plan.venues == ("Pelikan",)
    assert plan.participants == (BOB, CAROL)


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        (said("we should meet up, saturday 18:00?"), True),
        (said("ska vi ses på lördag?"), True),
        (said("fika idag kl 15?"), True),
        (said("we should meet up!"), False),
        (said("saturday 18:00 works for the release"), False),
        (said("we should meet up, today 09:00?"), False),
        (said("we should meet up, saturday 18:00?", HELPER), False),
    ],
)
def test_offer_needs_a_suggestion_and_a_time_ahead(message: ChatMessage, wanted: bool) -> None:
    """An offer needs a person suggesting to meet and a day or time still ahead."""
    assert offer_wanted(message, now=NOW, languages=EN_SV) is wanted


def test_details_name_the_channel_and_everyone_within_the_limit() -> None:
    """Details name the channel and who took part, and count the rest when names would not fit."""
    assert details_text("general", [BOB, CAROL, ALICE], ENGLISH) == (
        "Planned from the conversation in #general with Bob, Carol and Alice."
    )
    crowd = [Person(i, "N" * 90) for i in range(20)]
    text = details_text("general", crowd, ENGLISH)
    assert len(text) <= MAX_FIELD
    assert text.endswith("more.")


async def test_form_fits_discord_limits_and_reads_back() -> None:
    """Values fit their fields, places are cut whole, the form is not held in memory, and it reads back."""
    venues = tuple(f"{letter * 99}" for letter in "ABCDEFGHIJ")
    plan = Plan("Dinner", (), venues, (BOB,))
    form = plan_form(plan, ENGLISH, channel_id=5, message_id=6, channel_name="general")
    payload = form.to_dict()
    assert payload["custom_id"] == "meetup:plan:5:6"
    assert len(payload["title"]) <= 45
    inputs = {c["component"]["custom_id"]: c["component"] for c in payload["components"]}
    for field in inputs.values():
        assert len(field.get("value", "")) <= field["max_length"]
    assert inputs["venues"]["value"].split("; ") == list(venues[:9])
    assert "value" not in inputs["dates"]
    assert form.is_finished()
    submitted = [{"type": 18, "component": {"type": 4, "custom_id": key, "value": "x"}} for key in inputs]
    assert read_form(submitted) == dict.fromkeys(inputs, "x")
