"""The JSON log formatter: one object a line, the ids of the context, the traceback kept."""

from __future__ import annotations

import json
import logging
import sys

from bot import logs


def record(message: str, *, exc_info: object = None) -> logging.LogRecord:
    return logging.getLogger("bot.test").makeRecord(
        "bot.test",
        logging.WARNING,
        __file__,
        1,
        message,
        (),
        exc_info,  # type: ignore[arg-type]
    )


def test_ids_apply_inside_about_and_are_gone_after() -> None:
    """Lines inside ``about`` carry the ids as text (snowflakes overflow a JSON reader's doubles)."""
    formatter = logs.JsonFormatter()
    with logs.about(guild_id=123456789012345678, meetup=7):
        inside = json.loads(formatter.format(record("inside")))
    after = json.loads(formatter.format(record("after")))
    assert inside["server_id"] == "123456789012345678"
    assert inside["meetup_id"] == "7"
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "bot.test"
    assert "server_id" not in after
    assert "meetup_id" not in after


def test_a_traceback_stays_inside_the_one_line() -> None:
    """An exception's traceback is a field, so the line count is the record count."""
    try:
        raise ValueError("boom")
    except ValueError:
        line = logs.JsonFormatter().format(record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]
