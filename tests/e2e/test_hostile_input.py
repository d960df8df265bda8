"""Hostile input through every text option and the "Plan a meetup" form, generated with hypothesis.

Each example must get a clear private refusal or a correct result; and whatever the text, the
bot pings nobody it should not, sends Discord nothing it would refuse, logs no unhandled
exception and keeps answering.

How hypothesis drives a live bot: ``@given`` cannot run async tests, and starting a bot per
example would take minutes. So the bot and the loopback Discord run in an event loop of their
own on a background thread, started once for this module (:class:`Stage`); each test is a plain
synchronous ``@given`` test that hands every example to that loop with
``asyncio.run_coroutine_threadsafe`` and waits for the outcome. Hypothesis keeps its shrinking,
and a failing example is reported as the command and text that caused it. Runs are derandomized
so the suite is repeatable and its duration predictable; the strategies put the known-nasty
strings in front, so every run tries them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterator
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import ENGLISH
from cogs.help import help_text
from tests.e2e.helpers import text_of
from tests.e2e.hostile_stage import (
    BOT_LOGGERS,
    COVERED_OPTIONS,
    DATES,
    FORM_FIELDS,
    MASKED_LINK,
    SETTINGS_FIELDS,
    Answer,
    Stage,
)
from tests.e2e.strategies import HAND_PICKED, as_discord_sends

HYPOTHESIS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        # caplog is function-scoped on purpose: records gather across examples and each example
        # checks only the records it added.
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def examples(count: int) -> settings:
    """The shared settings with ``count`` examples."""
    return settings(HYPOTHESIS, max_examples=count)


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    """One bot for the whole module; examples only add meetups, so they do not disturb each other."""
    with Stage(tmp_path_factory.mktemp("hostile") / "meetups.sqlite3") as running:
        yield running


def unhandled(caplog: pytest.LogCaptureFixture, since: int) -> list[str]:
    """ERROR records from the bot's and discord.py's loggers after the first ``since`` records."""
    return [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records[since:]
        if record.levelno >= logging.ERROR and record.name.split(".")[0] in BOT_LOGGERS
    ]


def exercise(stage: Stage, caplog: pytest.LogCaptureFixture, action: Coroutine[Any, Any, Answer]) -> Answer:
    """Run one example and hold it to the rules every example shares."""
    caplog.set_level(logging.ERROR)
    before = len(caplog.records)
    answer, problems = stage.run(stage.checked(action))
    answer.check()
    assert problems == []
    assert unhandled(caplog, before) == []
    return answer


def finish(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """After all examples: the bot still answers, and nothing went wrong in the background."""
    answer, problems = stage.run(stage.checked(stage.still_answering()))
    assert answer.content == help_text(ENGLISH)
    assert problems == []
    assert unhandled(caplog, 0) == []


def test_the_audit_counts_a_429_as_a_refused_request(stage: Stage) -> None:
    """A 429 is Discord refusing a request for its pace: the audit reports it like any refusal, so
    a field whose examples provoke them cannot pass."""
    stage.ld.inject_429s("POST /channels/{channel_id}/messages", 1, retry_after=0.05)
    answer, problems = stage.run(stage.checked(stage.propose("title", "Paced")))
    assert "posted" in answer.content
    assert problems == ["rate limited (user) on POST /channels/{channel_id}/messages"]
    assert stage.run(stage.checked(stage.still_answering()))[1] == []


def test_every_text_option_is_exercised(stage: Stage) -> None:
    """The commands' free-text options are exactly the ones the tests below feed hostile text."""
    assert set(stage.text_options) == COVERED_OPTIONS
    assert set(stage.form_lengths) == set(FORM_FIELDS)


PROPOSE_FIELDS = ("title", "dates", "venues", "details", "closes", "invite", "repeat")
VENUE_FIELDS = ("name", "address", "link")


@examples(120)
@given(data=st.data())
def test_propose(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup propose with hostile text in one option: a clear refusal, or the poll with that text."""
    option = data.draw(st.sampled_from(PROPOSE_FIELDS), label="option")
    exercise(stage, caplog, stage.propose(option, data.draw(stage.text, label="text")))


@examples(80)
@given(data=st.data())
def test_venue(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup venue with hostile name, address or link, suggested on a poll or set on a meetup."""
    option = data.draw(st.sampled_from(VENUE_FIELDS), label="option")
    value = data.draw(stage.text, label="text")
    on_poll = data.draw(st.booleans(), label="suggested on an open poll")
    exercise(stage, caplog, stage.venue(option, value, on_poll=on_poll))


@examples(30)
@given(data=st.data())
def test_cancel_reason(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup cancel with a hostile reason, of an open poll or of a meetup people are going to."""
    value = data.draw(stage.text, label="reason")
    exercise(stage, caplog, stage.cancel(value, scheduled=data.draw(st.booleans(), label="scheduled")))


@examples(70)
@given(data=st.data())
def test_reschedule_when(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup reschedule with a hostile `when`: a clear refusal, or the meetup moved."""
    exercise(stage, caplog, stage.reschedule(data.draw(stage.text, label="when")))


@examples(70)
@given(data=st.data())
def test_repeat_dates(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup repeat with hostile `dates`: a clear refusal, or the next poll posted."""
    exercise(stage, caplog, stage.repeat(data.draw(stage.text, label="dates")))


@examples(70)
@given(data=st.data())
def test_skip_date(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup skip with a hostile `date`: a clear refusal, or a date of the series skipped."""
    exercise(stage, caplog, stage.skip(data.draw(stage.text, label="date")))


@examples(100)
@given(data=st.data())
def test_plan_form(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """The "Plan a meetup" form with a hostile field, within its limits or over them as a crafted client sends."""
    field = data.draw(st.sampled_from(FORM_FIELDS), label="field")
    value = data.draw(stage.text, label="text")
    within = data.draw(st.booleans(), label="within the field's max_length")
    exercise(stage, caplog, stage.form(field, value, within_limits=within))


@examples(80)
@given(data=st.data())
def test_settings(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup settings with a hostile value: a clear refusal naming the option, or the setting saved."""
    option = data.draw(st.sampled_from(SETTINGS_FIELDS), label="option")
    exercise(stage, caplog, stage.settings(option, data.draw(stage.text, label="text")))


@examples(50)
@given(data=st.data())
def test_me_timezone(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """/meetup me with a hostile time zone: a clear refusal, or the zone saved."""
    exercise(stage, caplog, stage.me(data.draw(stage.text, label="timezone")))


@examples(50)
@given(data=st.data())
def test_plan_from_a_hostile_conversation(
    stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    """Hostile chat in a watched channel: the bot reads it for offers, opens the form, and the form posts or is refused."""
    texts = data.draw(st.lists(stage.text, min_size=1, max_size=4), label="conversation")
    exercise(stage, caplog, stage.plan_from(texts))


def test_every_hand_picked_string_reaches_every_command(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """Each known-nasty string, mentions of real members included, goes through every command once."""
    mentions = (
        f"<@{stage.bob.id}>",
        f"<@&{stage.role.id}>",
        f"@everyone <@!{stage.carol.id}> <@&{stage.role.id}>",
    )
    for index, value in enumerate((*HAND_PICKED, *mentions)):

        def pick(options: tuple[str, ...], index: int = index) -> str:
            return options[index % len(options)]

        actions: list[Callable[[], Coroutine[Any, Any, Answer]]] = [
            partial(stage.propose, pick(PROPOSE_FIELDS), value),
            partial(stage.venue, pick(VENUE_FIELDS), value, on_poll=index % 2 == 0),
            partial(stage.cancel, value, scheduled=index % 3 == 0),
            partial(stage.reschedule, value),
            partial(stage.repeat, value),
            partial(stage.skip, value),
            partial(stage.form, pick(FORM_FIELDS), value, within_limits=index % 2 == 1),
            partial(stage.settings, pick(SETTINGS_FIELDS), value),
            partial(stage.me, value),
            partial(stage.plan_from, [value, f"{value} we should meet up saturday 18:00?"]),
        ]
        for action in actions:
            exercise(stage, caplog, action())


AUTOCOMPLETED = (
    ("meetup propose", "dates", {"title": "x"}),
    ("meetup propose", "repeat", {"title": "x"}),
    ("meetup skip", "date", {"meetup": 2}),
    ("meetup venue", "name", {"meetup": 1}),
    ("meetup close", "meetup", {}),
    ("meetup show", "meetup", {}),
    ("meetup settings", "timezone", {}),
    ("meetup me", "timezone", {}),
)


@examples(100)
@given(data=st.data())
def test_autocomplete(stage: Stage, caplog: pytest.LogCaptureFixture, data: st.DataObject) -> None:
    """Hostile text typed into an autocompleted option gets valid choices (maybe none), never an error."""
    command, focused, others = data.draw(st.sampled_from(AUTOCOMPLETED), label="option")
    typed = as_discord_sends(data.draw(stage.text, label="typed"), 100)

    async def action() -> tuple[list[dict[str, Any]], list[str]]:
        options = {**others, focused: typed}
        choices = await stage.ld.autocomplete(stage.alice, stage.general, command, focused=focused, **options)
        return choices, stage.audit()

    caplog.set_level(logging.ERROR)
    before = len(caplog.records)
    choices, problems = stage.run(action())
    assert problems == []
    assert all(1 <= len(choice["name"]) <= 100 for choice in choices), choices
    assert unhandled(caplog, before) == []


def test_bot_still_answers_after_all_of_it(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """After every hostile example above, /meetup help still answers and nothing was pinged."""
    finish(stage, caplog)


def test_many_bad_dates_get_a_readable_refusal(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """A `dates` option of 500 unreadable candidates is refused in one message Discord accepts."""
    exercise(stage, caplog, stage.slash(stage.alice, "meetup propose", title="x", dates="a;" * 500))


def test_venue_link_cannot_add_a_masked_link(stage: Stage, caplog: pytest.LogCaptureFixture) -> None:
    """A crafted `link` shows as the map link only; it cannot smuggle its own [text](url) into the poll."""
    link = "https://maps.example/)[Free-pizza](https://evil.example/"

    async def action() -> tuple[Answer, list[tuple[str, str]]]:
        number = await stage.suggestion_poll()
        answer = await stage.slash(stage.bob, "meetup venue", meetup=number, name="Crafted", link=link)
        stage.suggestions += "is on the poll" in answer.content
        return answer, MASKED_LINK.findall(text_of(await stage.poll(number)))

    answer, links = stage.run(action())
    answer.check()
    assert [text for text, _ in links if text != "map"] == [], links


def test_markdown_in_venue_and_reason_is_shown_literally_in_dms(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """A venue name and a cancel reason with markdown read in DMs exactly as typed, as in the channel."""
    name, reason = "**Loud** `bar`", "> all __caps__"

    async def action() -> list[str]:
        number = await stage.new_meetup("Markdown", scheduled=True)
        await stage.slash(stage.alice, "meetup venue", meetup=number, name=name)
        await stage.slash(stage.alice, "meetup cancel", meetup=number, reason=reason)
        return [m.content for m in stage.ld.dms(stage.bob) if "**Markdown**" in m.content]

    sent = stage.run(action())
    assert len(sent) == 2, sent
    assert all("**Loud**" not in text and "> all __caps__" not in text for text in sent), sent


def test_invite_of_a_stranger_still_invites_the_others(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """`invite` naming someone who is not here: the members named after them are still invited."""
    stranger = "<@100000000000000001>"

    async def action() -> Answer:
        before = len(stage.ld.dms(stage.carol))
        invite = f"{stage.bob.mention} {stranger} {stage.carol.mention}"
        answer = await stage.slash(stage.alice, "meetup propose", title="Invites", dates=DATES, invite=invite)
        assert len(stage.ld.dms(stage.carol)) == before + 1, "Carol was not invited"
        return answer

    exercise(stage, caplog, action())


def test_text_with_nothing_visible_is_refused_like_empty_text(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    """A title or a venue name of invisible characters only is refused, as an empty one is."""
    for title in ("\u200b", "\u200e\u2060\ufeff", "\x00\x07"):
        answer = exercise(stage, caplog, stage.propose("title", title))
        assert "`title` is empty" in answer.content, (title, answer.content)
    answer = exercise(stage, caplog, stage.venue("name", "\u200b", on_poll=True))
    assert "`name` is empty" in answer.content, answer.content
