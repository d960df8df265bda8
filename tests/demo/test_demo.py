"""``python -m bot demo`` plays the whole meetup and tells it in order, as a host would run it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
MOMENTS = (
    ("the conversation", "Alice: That was the last lecture!"),
    ("the prefilled form", "» The form “Plan a meetup” opens, filled in from the conversation:"),
    ("the poll", "🗳️ **New meetup poll!** @Alice wants to meet up."),
    ("a vote", "» Bob reacts 1️⃣ and 🇦 on the poll."),
    ("the counted votes", "┃ └ **3 votes**: @Bob, @Carol, @Dave"),
    ("the announcement", "📣 **It's on!** Meetup #1 is happening."),
    ("the drop-out", "Dave: So sorry, I'm sick 🤒"),
    ("the notice to the organizer", "DM to Alice │ "),
    ("what the notice says", "⚠️ Dave (@Dave) can no longer come to **End-of-course drinks**"),
    ("a reminder", "⏰ **End-of-course drinks** is coming up"),
    ("the recap prompt", "how was **End-of-course drinks**?"),
    ("the highlight", "Carol: Best pub quiz ever"),
    ("the offer to meet again", "🔁 You'd like to meet again!"),
    ("the next poll", "┃ Meetup #2: End-of-course drinks #2"),
    ("the series", "🔁 **Repeats** every Thursday · next:"),
)


def in_order(text: str, moments: tuple[tuple[str, str], ...]) -> None:
    position = 0
    for name, marker in moments:
        found = text.find(marker, position)
        assert found >= 0, f"{name} ({marker!r}) missing after position {position}:\n{text}"
        position = found + len(marker)


@pytest.mark.timeout(90)
def test_demo_plays_the_whole_meetup(tmp_path: Path) -> None:
    """Exit 0, every key moment in order, under a minute, and the page written."""
    page = tmp_path / "demo.html"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--html", str(page)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=80,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    in_order(done.stdout, MOMENTS)
    for person in ("Alice", "Bob", "Carol"):
        assert f"DM to {person} │ [" in done.stdout.split("── the reminders ──")[1]
    assert "DM to Dave" not in done.stdout.split("── the reminders ──")[1]
    took = re.search(r"The whole story, start-up included, took (\d+) s\.", done.stdout)
    assert took is not None, done.stdout[-500:]
    assert int(took[1]) < 60
    assert page.read_text(encoding="utf-8").count("<article ") > 20
