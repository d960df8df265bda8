"""The demo's transcript page and its README pictures, opened in a real headless Chromium."""

from __future__ import annotations

import asyncio
import io
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.demo.play import PAGE_TITLE, play
from bot.demo.screenshots import chromium, find_chromium, picture

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="Chromium is not installed (apt-get install chromium fonts-noto-color-emoji)",
)
KEYCAP_DATE = r"{} \w+day \d{{1,2}} \w+ \d{{4}} \d\d:\d\d"
"""A poll option as read: the keycap, then its date (``1️⃣ Friday 27 November 2026 18:00``)."""

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}
"""Elements without an end tag, which must not count as nesting."""


class ArticleText(HTMLParser):
    """The text of one ``<article id=…>`` of a page, and the text of each reaction pill in it."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.depth = 0
        self.pill_depth = 0
        self.text = ""
        self.pills: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
            if self.pill_depth:
                self.pill_depth += 1
            elif "reaction" in (found.get("class") or "").split():
                self.pill_depth = 1
                self.pills.append("")
        elif tag == "article" and found.get("id") == self.article_id:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.pill_depth = max(0, self.pill_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data
            if self.pill_depth:
                self.pills[-1] += data


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.timeout(90)
def test_transcript_page_renders_in_chromium(tmp_path: Path) -> None:
    """The poll reads as keycap lines with dates and reaction counts; the pictures are cropped shots."""
    transcript, moments = asyncio.run(play(io.StringIO(), io.StringIO()))
    page = tmp_path / "demo.html"
    page.write_text(transcript.html(PAGE_TITLE), encoding="utf-8")

    shot = tmp_path / "page.png"
    dom = chromium("--window-size=1400,2400", f"--screenshot={shot}", "--dump-dom", page.as_uri())

    article = ArticleText(f"m{moments.poll.message.id}")
    article.feed(dom)
    assert "Meetup #1: End-of-course drinks" in article.text
    for keycap in ("1️⃣", "2️⃣"):
        assert re.search(KEYCAP_DATE.format(keycap), article.text), article.text
    assert [" ".join(pill.split()) for pill in article.pills] == ["1️⃣ 4", "2️⃣ 2", "🇦 3", "🇧 2"]
    assert png_size(shot) == (1400, 2400)
    assert shot.stat().st_size > 50_000, "a page of messages, not a blank window"

    poll = picture(
        transcript.excerpt_html([moments.poll.message], now=moments.poll.taken), tmp_path / "poll.png"
    )
    width, height = png_size(poll)
    assert width == 1440
    assert 600 < height < 1600, "cropped to the poll, not the window Chromium started with"
    assert poll.stat().st_size < 300_000
