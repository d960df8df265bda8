"""Hostile input at volume: generated text through every text field of the live bot, and the date
reader's worst case on the longest messages Discord allows.

Run from the repository root::

    python -m bench.hostile_input [--examples 10000] [--fields propose.title,venue.link] [--reader-only]

The bot and the loopback Discord run as in ``tests/e2e/test_hostile_input.py`` (the same
:class:`~tests.e2e.hostile_stage.Stage`, the same strategies), but every field gets ``--examples``
examples instead of a few dozen, and nothing stops at the first failure: each example is
classified and counted. An *internal error* is the generic "something went wrong" answer, an
answer that never came, or an ERROR logged by the bot or discord.py; *public* is an answer others
could see; *pings*, *disguised links*, *over limit* and *refused* come from the stage's audit of
everything the bot sent (a ping it must not make, a masked link to anything but its own
messages, a message over Discord's limits, a request body Discord would answer with 400) and of
the loopback's 429s (*429s*: requests Discord refused for their pace).

The reader part times ``find_times`` and ``parse_when`` on 6,000-character messages (Discord's
longest for Nitro members) made of digits, colons, dots, slashes and month names of both
languages: the shapes that make a time grammar backtrack.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings

from bench.report import add_output_options, header, percentile, table, write_json
from bot.replies import FAILED_MESSAGE
from bot.when import find_times, parse_when
from tests.e2e.hostile_stage import BOT_LOGGERS, COVERED_OPTIONS, FORM_FIELDS, Answer, Stage

Action = Callable[[Stage, str], Coroutine[Any, Any, Answer]]


def _option(command: str, option: str) -> Action:
    """The stage's way of sending ``text`` in one option of ``command``."""
    match command:
        case "propose":
            return lambda stage, text: stage.propose(option, text)
        case "venue":
            return lambda stage, text: stage.venue(option, text, on_poll=True)
        case "settings":
            return lambda stage, text: stage.settings(option, text)
        case "cancel":
            return lambda stage, text: stage.cancel(text, scheduled=True)
        case "reschedule":
            return lambda stage, text: stage.reschedule(text)
        case "repeat":
            return lambda stage, text: stage.repeat(text)
        case "skip":
            return lambda stage, text: stage.skip(text)
        case "me":
            return lambda stage, text: stage.me(text)
    raise LookupError(f"no way to send /meetup {command} {option}; teach the stage first")


FIELDS: dict[str, Action] = {
    **{f"{command}.{option}": _option(command, option) for command, option in sorted(COVERED_OPTIONS)},
    **{
        f"form.{name}": (lambda stage, text, name=name: stage.form(name, text, within_limits=False))
        for name in FORM_FIELDS
    },
    "conversation": lambda stage, text: stage.plan_from([text]),
}
"""Every free-text option of every command, each modal field (sent over its limit, as a crafted
client may), and a message in a watched channel."""
AUDIT_KINDS = {
    "Discord would refuse": "refused",
    "rate limited": "429s",
    "pinged": "pings",
    "disguised link": "disguised links",
    "characters, more than": "over limit",
}
COUNTS = ("internal errors", "public", "pings", "disguised links", "over limit", "refused", "429s")
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
LONGEST_MESSAGE = 6000
READER_PIECES = (
    *"0123456789",
    ":",
    ".",
    "/",
    "-",
    " ",
    " ",
    "12:30",
    "1.1.30",
    "31/12",
    "2026",
    "pm",
    "h",
    "kl",
    "den",
    "the",
    "march",
    "mars",
    "may",
    "maj",
    "december",
    "dec",
    "juni",
    "june",
    "tomorrow",
    "imorgon",
)


class ErrorCount(logging.Handler):
    """Counts ERROR records of the bot's loggers; the stage's thread logs through the same tree."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in BOT_LOGGERS:
            self.count += 1


def feed(stage: Stage, action: Action, examples: int, errors: ErrorCount) -> dict[str, Any]:
    """``examples`` generated texts through one field; every outcome counted, none stopping the run."""
    counted: Counter[str] = Counter()
    seconds: list[float] = []
    examples_of: dict[str, list[str]] = {}

    def count(kind: str, text: str) -> None:
        counted[kind] += 1
        if len(examples_of.setdefault(kind, [])) < 3:
            # An internal error is kept whole (in the JSON), so it can be sent again as it was.
            examples_of[kind].append(text if kind == "internal errors" else text[:120])

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(text=stage.text)
    def one(text: str) -> None:
        before = errors.count
        started = time.perf_counter()
        try:
            answer, problems = stage.run(stage.checked(action(stage, text)))
        except Exception as error:
            # The message says which wait ran out: the interaction's first answer (Discord's 3 s),
            # its completion, or the work after it.
            count("internal errors", f"{type(error).__name__} ({error}) on {text!r}")
            return
        finally:
            seconds.append(time.perf_counter() - started)
        counted["examples"] += 1
        if answer.content == FAILED_MESSAGE or errors.count > before:
            count("internal errors", f"failed on {text!r}")
        if not answer.ephemeral:
            counted["public"] += 1
        for problem in problems:
            counted[
                next((kind for start, kind in AUDIT_KINDS.items() if problem.startswith(start)), "refused")
            ] += 1

    one()
    return {
        **{kind: counted[kind] for kind in ("examples", *COUNTS)},
        "p50_ms": 1000 * statistics.median(seconds),
        "examples_of": examples_of,
    }


def reader_worst_case(samples: int) -> list[dict[str, Any]]:
    """Per-call times of the date reader on the longest messages, of shapes that make it work hardest."""
    rng = random.Random(20261206)
    shapes: dict[str, Callable[[], str]] = {
        "digits and colons": lambda: "".join(rng.choice("0123456789: ") for _ in range(LONGEST_MESSAGE)),
        "digit runs with separators": lambda: "".join(
            rng.choice("0123456789") * rng.randint(1, 4) + rng.choice(":./- ") for _ in range(LONGEST_MESSAGE)
        )[:LONGEST_MESSAGE],
        "month names, both languages": lambda: " ".join(
            rng.choice(("march", "mars", "may", "maj", "december", "dec", "juni", "june"))
            for _ in range(1200)
        )[:LONGEST_MESSAGE],
        "time-like pieces mixed": lambda: "".join(rng.choice(READER_PIECES) for _ in range(LONGEST_MESSAGE))[
            :LONGEST_MESSAGE
        ],
    }
    results = []
    for name, make in shapes.items():
        texts = [make() for _ in range(samples)]
        for function in (find_times, parse_when):
            spent = []
            for text in texts:
                started = time.perf_counter()
                function(text, now=NOW, languages=("en", "sv"))
                spent.append((time.perf_counter() - started) * 1000)
            results.append(
                {
                    "shape": name,
                    "function": function.__name__,
                    "calls": len(spent),
                    "p50_ms": statistics.median(spent),
                    "p99_ms": percentile(spent, 0.99),
                    "max_ms": max(spent),
                }
            )
    return results


def main() -> None:
    """Parse the options, run, print the tables (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--examples", type=int, default=10_000, help="generated texts per field")
    options.add_argument("--fields", help="comma-separated subset of: " + ", ".join(FIELDS))
    options.add_argument("--reader-samples", type=int, default=20, help="long messages per shape")
    options.add_argument("--reader-only", action="store_true", help="time the date reader only")
    add_output_options(options, profile=False)
    args = options.parse_args()
    chosen = args.fields.split(",") if args.fields else list(FIELDS)
    print(header("hostile_input"))
    reader = reader_worst_case(args.reader_samples)
    print(f"\ndate reader on {LONGEST_MESSAGE}-character messages, languages en+sv\n")
    print(
        table(
            ("shape", "function", "calls", "p50 ms", "p99 ms", "max ms"),
            [(r["shape"], r["function"], r["calls"], r["p50_ms"], r["p99_ms"], r["max_ms"]) for r in reader],
        )
    )
    fields: dict[str, dict[str, Any]] = {}
    if not args.reader_only:
        errors = ErrorCount()
        logging.getLogger().addHandler(errors)
        with tempfile.TemporaryDirectory() as folder, Stage(Path(folder) / "meetups.sqlite3") as stage:
            for name in chosen:
                fields[name] = feed(stage, FIELDS[name], args.examples, errors)
                shown = {kind: value for kind, value in fields[name].items() if kind != "examples_of"}
                print(f"  {name}: {shown}", flush=True)
        for name, figures in fields.items():
            for kind, texts in figures["examples_of"].items():
                print(f"  {name}, {kind}: {[text[:120] for text in texts]}")
        print(f"\n{args.examples} generated examples per field through the live bot\n")
        print(
            table(
                ("field", "examples", *COUNTS, "p50 ms"),
                [(name, f["examples"], *(f[k] for k in COUNTS), f["p50_ms"]) for name, f in fields.items()],
            )
        )
    write_json(args.json, {"bench": "hostile_input", "reader": reader, "fields": fields})


if __name__ == "__main__":
    main()
