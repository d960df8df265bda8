"""Log lines a collector can read: one JSON object a line, carrying the server and meetup it concerns.

A host who ships logs to Loki, Elasticsearch or journald's JSON view wants fields, not text to
parse; and to follow one meetup or one server through a busy log, each line must say which it is
about. The ids travel in context variables, set where the bot learns them (an interaction's
server, the meetup a command names, a nudge's meetup), so every line logged while handling it carries them without each call
passing them along. asyncio copies the context into the tasks a handler starts, so they follow too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

server_id: ContextVar[int | None] = ContextVar("log_server_id", default=None)
meetup_id: ContextVar[int | None] = ContextVar("log_meetup_id", default=None)


def set_server(guild_id: int | None) -> None:
    """From here on in this task (and the tasks it starts), lines name this server."""
    server_id.set(guild_id)


def set_meetup(meetup: int) -> None:
    """From here on in this task, lines name this meetup too: a command has found the one it is about."""
    meetup_id.set(meetup)


@contextmanager
def about(*, guild_id: int | None = None, meetup: int | None = None) -> Iterator[None]:
    """Lines logged inside name this server and meetup; the ids before are back afterwards."""
    tokens = [server_id.set(guild_id), meetup_id.set(meetup)]
    try:
        yield
    finally:
        meetup_id.reset(tokens[1])
        server_id.reset(tokens[0])


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message"}``, plus ``server_id``/``meetup_id`` when known and
    ``exception`` with the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, variable in (("server_id", server_id), ("meetup_id", meetup_id)):
            value = getattr(record, key, None) or variable.get()
            if value is not None:
                line[key] = str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)
