"""How long the time reader takes per call, warm: ``parse_when`` and ``find_times``.

Run from the repository root::

    python -m bench.date_reading [--rounds 20]

``parse_when`` runs for every candidate of ``/meetup propose`` and on every keystroke of the
``dates`` autocomplete; ``find_times`` runs over chat messages. Both are timed one call at a
time with ``time.perf_counter_ns`` over every text of the time corpus
(``tests/data/corpus/time/*.jsonl``, each with its own reference time), over candidates as
members type them into ``dates``, and over chat sentences, after one untimed pass, always with
the bot's default languages ``["en", "sv"]``. The very first call of the process, which also
compiles the rules, is shown apart. Beside the wall-clock times, the CPU time of the calling
thread (``time.thread_time_ns``) is shown: on a shared machine a call that is preempted waits
for a core, which the wall clock counts and the CPU time does not. Accuracy is not measured here
(``bench.when_bench`` does).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bench.report import REPOSITORY, add_output_options, header, percentile, table, write_json
from bench.when_bench import CHAT_MESSAGES
from bot.when import find_times, parse_when

CORPUS = REPOSITORY / "tests" / "data" / "corpus" / "time"
LANGUAGES = ("en", "sv")
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
CANDIDATES = (
    "fri 19:00",
    "sat 18:00",
    "Dec 12 18:00",
    "Dec 13 15:00",
    "tomorrow 7pm",
    "next friday at 6",
    "saturday 7pm",
    "in 2 days",
    "in 40 seconds",
    "på lördag kl 19",
    "fredag 18:30",
    "imorgon kl 17",
    "12/12 18:00",
    "2026-12-12 18:00",
    "sunday afternoon",
)
CHAT = (
    *CHAT_MESSAGES,
    "I can't make it on the 12th but the 13th works, any time after 5",
    "anyone up for board games next weekend? friday or saturday evening",
    "lunch tomorrow at noon at the usual place?",
    "jag kan på tisdag eller onsdag efter jobbet, runt halv sex",
    "haha yes, that was hilarious 😂",
    "ok see you all then!",
    "the course ends on December 18, party after?",
    "I'm busy until 3 but free after, let's say 4:30?",
    "vi kör på söndag 14:00 på Kafé Vega",
    "can we move it to next thursday 19:00 instead of wednesday",
    "may I bring a friend?",
    "I'll be there in 10 minutes",
    "what about the 2nd of january, 18:00?",
)


def _corpus() -> list[tuple[str, datetime]]:
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                rows.append((row["text"], datetime.fromisoformat(row["reference"])))
    return rows


def _time(
    function: Callable[..., Any], sample: Sequence[tuple[str, datetime]], rounds: int
) -> dict[str, float]:
    """Per-call microseconds over ``rounds`` passes, after one untimed pass."""
    for text, now in sample:
        function(text, now=now, languages=LANGUAGES)
    spent = []
    worked = []
    clock, cpu = time.perf_counter_ns, time.thread_time_ns
    for _ in range(rounds):
        for text, now in sample:
            started, started_cpu = clock(), cpu()
            function(text, now=now, languages=LANGUAGES)
            worked.append((cpu() - started_cpu) / 1000)
            spent.append((clock() - started) / 1000)
    return {
        "calls": len(spent),
        "p50_us": percentile(spent, 0.50),
        "p99_us": percentile(spent, 0.99),
        "mean_us": statistics.fmean(spent),
        "max_us": max(spent),
        "cpu_p50_us": percentile(worked, 0.50),
        "cpu_p99_us": percentile(worked, 0.99),
    }


def run(rounds: int) -> dict[str, Any]:
    """Time the first call, then each function over each set of texts."""
    corpus = _corpus()
    started = time.perf_counter_ns()
    parse_when(corpus[0][0], now=corpus[0][1], languages=LANGUAGES)
    first_ms = (time.perf_counter_ns() - started) / 1e6
    candidates = [(text, NOW) for text in CANDIDATES]
    chat = [(text, NOW) for text in CHAT]
    results = []
    for name, function, label, sample in (
        ("parse_when", parse_when, f"corpus texts ({len(corpus)})", corpus),
        ("find_times", find_times, f"corpus texts ({len(corpus)})", corpus),
        ("parse_when", parse_when, f"poll candidates ({len(candidates)})", candidates),
        ("find_times", find_times, f"chat sentences ({len(chat)})", chat),
    ):
        results.append({"function": name, "texts": label, **_time(function, sample, rounds)})
    return {"bench": "date_reading", "first_call_ms": first_ms, "rounds": rounds, "results": results}


def main() -> None:
    """Parse the options, run, print the table (and append JSON if asked)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=20, help="timed passes over every text")
    add_output_options(options, profile=False)
    args = options.parse_args()
    figures = run(args.rounds)
    print(header("date_reading"))
    print(
        f"\nwarm per-call times in µs, languages en+sv, {figures['rounds']} passes;"
        f" first call of the process (compiles the rules): {figures['first_call_ms']:.0f} ms\n"
    )
    print(
        table(
            (
                "function",
                "texts",
                "calls",
                "p50 µs",
                "p99 µs",
                "mean µs",
                "max µs",
                "CPU p50 µs",
                "CPU p99 µs",
            ),
            [
                (
                    r["function"],
                    r["texts"],
                    r["calls"],
                    r["p50_us"],
                    r["p99_us"],
                    r["mean_us"],
                    r["max_us"],
                    r["cpu_p50_us"],
                    r["cpu_p99_us"],
                )
                for r in figures["results"]
            ],
        )
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
