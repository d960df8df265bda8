"""The README's pictures, taken from the demo's transcript with headless Chromium.

Each picture is a page of one moment (:meth:`Transcript.excerpt_html`) as it looked when the
story reached it, so the poll shows its votes and the reminder reads "in a few seconds" rather
than how things stand when the demo ends. Chromium's command line can only shoot a window of a
given size, so each page is first opened with a line of script that writes the content's height
into the DOM; the picture is then taken at exactly that height.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bot.demo.story import Moments, Snapshot
from local_discord.transcript import Transcript

WIDTH = 720
SCALE = 2
"""Pixels per CSS pixel: sharp on high-density screens, and still well under 300 KB a picture."""
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
CHROMIUM_TIMEOUT = 60.0
MEASURE = "<script>document.body.dataset.height=document.documentElement.scrollHeight</script>"
MEASURED = re.compile(r'data-height="(\d+)"')


class ScreenshotError(Exception):
    """Chromium is missing or did not produce a picture."""


def find_chromium() -> str | None:
    """The first Chromium-like browser on PATH."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def chromium(*arguments: str) -> str:
    """Run headless Chromium with a throwaway profile; returns what it printed on stdout."""
    browser = find_chromium()
    if browser is None:
        raise ScreenshotError(
            "no Chromium found; install it with `apt-get install chromium fonts-noto-color-emoji`"
        )
    with tempfile.TemporaryDirectory(prefix="meetup-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CHROMIUM_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ScreenshotError(f"Chromium did not finish within {CHROMIUM_TIMEOUT:g} s") from None
    if done.returncode != 0:
        last = (done.stderr.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
        raise ScreenshotError(f"Chromium exited with {done.returncode}: {last}")
    return done.stdout.decode(errors="replace")


def picture(page: str, target: Path, width: int = WIDTH) -> Path:
    """Shoot ``page`` (an HTML document) ``width`` CSS pixels wide, exactly as tall as its content."""
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="meetup-page-") as folder:
        source = Path(folder) / "page.html"
        source.write_text(page.replace("</body>", MEASURE + "</body>", 1), encoding="utf-8")
        dom = chromium(f"--window-size={width},100", "--dump-dom", source.as_uri())
        measured = MEASURED.search(dom)
        if measured is None:
            raise ScreenshotError(f"could not measure the page for {target.name}")
        height = int(measured[1])
        chromium(
            f"--window-size={width},{height}",
            f"--force-device-scale-factor={SCALE}",
            f"--screenshot={target.resolve()}",
            source.as_uri(),
        )
    if not target.exists():
        raise ScreenshotError(f"Chromium wrote no {target}")
    return target


def take(transcript: Transcript, moments: Moments, folder: Path) -> list[Path]:
    """The README pictures: the conversation with the form planned from it, the poll, the
    announcement, a reminder DM and the recap prompt."""
    folder.mkdir(parents=True, exist_ok=True)
    talk = moments.conversation
    page = transcript.excerpt_html(
        [shot.message for shot in talk], title="plan.png", now=talk[-1].taken, modal=moments.form
    )
    taken = [picture(page, folder / "plan.png")]
    shots: Sequence[tuple[str, Snapshot]] = (
        ("poll.png", moments.poll),
        ("announcement.png", moments.announcement),
        ("reminder.png", moments.reminder),
        ("recap.png", moments.prompt),
    )
    for name, shot in shots:
        page = transcript.excerpt_html([shot.message], title=name, now=shot.taken)
        taken.append(picture(page, folder / name))
    return taken
