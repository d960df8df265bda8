"""``python -m bot demo``: a whole meetup, from chat to recap, played against the loopback Discord.

It shows what the bot does without a Discord account or a token: the real bot runs against
:mod:`local_discord` (see :mod:`bot.demo.stage`), scripted people act in it
(:mod:`bot.demo.story`), and everything they would see is printed as it happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from bot.demo import story
from bot.demo.screenshots import ScreenshotError
from bot.demo.screenshots import take as take_screenshots
from bot.demo.stage import DemoFailed, Stage
from local_discord.transcript import Transcript

PAGE_TITLE = "Meetup bot demo"
QUIET_LIBRARIES = ("discord", "aiohttp", "aiosqlite")
"""Their warnings are about the host (no voice support, say), not the story; their errors still show."""


async def play(out: TextIO, err: TextIO) -> tuple[Transcript, story.Moments]:
    """Play the story, printing it to ``out``; raises :class:`DemoFailed` at the first step that fails.

    Returns the transcript, for the page and the pictures, and the moments the pictures show.
    What the bot logs while shutting down is left out: after a failure it is only the echo.
    """
    began = time.monotonic()
    with _bot_log(err) as shown:
        async with Stage.open(out) as stage:
            try:
                moments = await story.play(stage)
            finally:
                shown.muted = True
    elapsed = time.monotonic() - began
    print(f"\nThe whole story, start-up included, took {elapsed:.0f} s.", file=out, flush=True)
    return stage.transcript, moments


def run(
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    *,
    html: Path | None = None,
    screenshots: Path | None = None,
) -> int:
    """The demo command: 0 when every step delivered, else 1 with one line on ``err`` saying why."""
    try:
        transcript, moments = asyncio.run(play(out, err))
    except DemoFailed as failure:
        print(failure, file=err, flush=True)
        return 1
    if html is not None:
        html.write_text(transcript.html(PAGE_TITLE), encoding="utf-8")
        print(f"Transcript page written to {html}", file=out, flush=True)
    if screenshots is not None:
        try:
            for path in take_screenshots(transcript, moments, screenshots):
                print(f"Picture written to {path}", file=out, flush=True)
        except ScreenshotError as error:
            print(f"demo pictures failed: {error}", file=err, flush=True)
            return 1
    return 0


class _BotLog(logging.StreamHandler[TextIO]):
    """Warnings and errors from the bot and its scheduler, as lines marked apart from the transcript."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.muted = False
        self.setFormatter(logging.Formatter("bot log: %(levelname)s %(name)s: %(message)s"))

    def filter(self, record: logging.LogRecord) -> bool:
        quiet = record.name.split(".")[0] in QUIET_LIBRARIES
        return not self.muted and record.levelno >= (logging.ERROR if quiet else logging.WARNING)


@contextlib.contextmanager
def _bot_log(err: TextIO) -> Iterator[_BotLog]:
    """Show what is logged on ``err`` while the story plays.

    The transcript is what people would see; a log line amid it would read as part of the
    conversation, and hiding it would hide a problem.
    """
    handler = _BotLog(err)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
