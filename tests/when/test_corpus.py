"""Accuracy floors on the Duckling-derived corpus of time expressions (a development split).

The chat-like subset (instants at minute, hour or day grain, no holidays, no explicit time zone,
not Duckling-latent) must be read right at least 95 % of the time in each language, both with
the row's own language and with the bot's default ``["en", "sv"]``; the English negatives must
yield no time at all. Rows where this project deliberately reads the text another way than
Duckling are listed in :data:`DISAGREEMENTS` and still count as failures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from bot.when import find_times, parse_when

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus" / "time"
FLOOR = 0.95
# How many characters of an ISO timestamp a grain compares ("2013-02-12T04" for an hour).
PREFIX = {"year": 4, "month": 7, "week": 10, "day": 10, "hour": 13, "minute": 16, "second": 19}

DISAGREEMENTS = {
    "en-0392": "'in 4 years at 5pm' is 2017-02-12 17:00, four years after 12 Feb; Duckling says 1 Feb",
    "en-0421": "'a year from Christmas' is a year after the coming Christmas (2014); Duckling counts "
    "from the last one (2013)",
    "en-0704": "'this morning at 12' is noon; Duckling reads midnight",
    "en-0706": "'this afternoon at 12' is noon; Duckling reads midnight",
}


@dataclass(frozen=True)
class Row:
    id: str
    lang: str
    text: str
    kind: str
    expected: str | None
    grain: str | None
    reference: datetime
    chat_like: bool


@cache
def rows(lang: str) -> tuple[Row, ...]:
    """The corpus rows of one language; the reference keeps its fixed -02:00 offset."""
    loaded = []
    with (CORPUS / f"duckling_dev_{lang}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            raw = json.loads(line)
            chat_like = (
                raw["kind"] == "instant"
                and raw["grain"] in ("minute", "hour", "day")
                and not raw["latent"]
                and not raw["has_tz"]
                and not raw.get("holiday")
            )
            loaded.append(
                Row(
                    id=raw["id"],
                    lang=raw["lang"],
                    text=raw["text"],
                    kind=raw["kind"],
                    expected=raw["expected"],
                    grain=raw["grain"],
                    reference=datetime.fromisoformat(raw["reference"]),
                    chat_like=chat_like,
                )
            )
    return tuple(loaded)


def reading(row: Row, languages: list[str]) -> str | None:
    """What the bot reads, cut to the row's grain, in the reference's offset."""
    found = parse_when(row.text, now=row.reference, languages=languages)
    if found is None or row.grain is None:
        return None
    return found.start.astimezone(row.reference.tzinfo).isoformat()[: PREFIX[row.grain]]


def expected(row: Row) -> str | None:
    return None if row.expected is None or row.grain is None else row.expected[: PREFIX[row.grain]]


@pytest.mark.parametrize("languages", [None, ["en", "sv"]], ids=["own-language", "en+sv"])
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_chat_like_rows_are_read_right(lang: str, languages: list[str] | None) -> None:
    """At least 95 % of the chat-like subset is read as the corpus expects."""
    subset = [row for row in rows(lang) if row.chat_like]
    failures = []
    for row in subset:
        got = reading(row, languages or [row.lang])
        if got is None or got != expected(row):
            note = f"  [{DISAGREEMENTS[row.id]}]" if row.id in DISAGREEMENTS else ""
            failures.append(f"{row.id} {row.text!r}: expected {expected(row)}, got {got}{note}")
    accuracy = 1 - len(failures) / len(subset)
    report = "\n".join(failures)
    assert accuracy >= FLOOR, f"{lang}: {accuracy:.1%} of {len(subset)} rows; failing rows:\n{report}"


def test_disagreements_are_real_corpus_rows_read_our_way() -> None:
    """Each documented disagreement is a chat-like row that the bot reads differently on purpose."""
    by_id = {row.id: row for lang in ("en", "sv") for row in rows(lang)}
    for row_id in DISAGREEMENTS:
        row = by_id[row_id]
        assert row.chat_like
        assert reading(row, [row.lang]) not in (None, expected(row))


@pytest.mark.parametrize("languages", [["en"], ["en", "sv"]], ids=["en", "en+sv"])
def test_negatives_yield_no_time(languages: list[str]) -> None:
    """Neither function finds a time in any of the English negatives ("1 adult", "25", "rat 6" ...)."""
    negatives = [row for row in rows("en") if row.kind == "none"]
    assert negatives
    fired = []
    for row in negatives:
        whole = parse_when(row.text, now=row.reference, languages=languages)
        inside = find_times(row.text, now=row.reference, languages=languages)
        if whole is not None or inside:
            fired.append(f"{row.id} {row.text!r}: parse_when={whole}, find_times={inside}")
    assert not fired, "negatives read as times:\n" + "\n".join(fired)
