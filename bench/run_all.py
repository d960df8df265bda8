"""Run every bench several times and print the medians as the Markdown table of ``RESULTS.md``.

Run from the repository root::

    python -m bench.run_all [--runs 3] [--only startup vote_burst] [--jsonl runs.jsonl]

Each bench is run as its own process (``python -m bench.<name> --json FILE``), one after the
other, so no two load the machine at once; their own output is passed through. A shared, noisy
machine makes single runs unreliable, so every figure in the table is the median over the runs,
with the range (lowest to highest run) beside it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import postgres
from bench.report import REPOSITORY, STORAGES, header

BENCHES = (
    "date_reading",
    "interaction_latency",
    "vote_burst",
    "reminder_fanout",
    "reconcile",
    "startup",
    "shard_takeover",
)
ON_STORAGE = ("interaction_latency", "vote_burst", "reminder_fanout", "startup")
"""The benches that start the bot, and so take ``--storage``."""
ON_POSTGRESQL = ("shard_takeover",)
"""The benches that run on PostgreSQL only (several processes share one database); they are left
out where PostgreSQL is not installed."""
Figures = list[dict[str, Any]]


def _each(runs: Figures, key: str) -> list[float]:
    """One figure from every run that has it (files written by older versions may lack it)."""
    return [run[key] for run in runs if key in run]


def _median_of(runs: Figures, key: str) -> list[float]:
    return [run["median"][key] for run in runs if key in run.get("median", {})]


def _phase(runs: Figures, rate: float, key: str) -> list[float]:
    return [p[key] for run in runs for p in run["phases"] if p["rate"] == rate and key in p]


def _result(runs: Figures, function: str, texts: str, key: str) -> list[float]:
    return [
        r[key] for run in runs for r in run["results"] if r["function"] == function and texts in r["texts"]
    ]


Row = tuple[str, str, Callable[[Figures], list[float]], str]
"""A line of the table: its label, unit, how to pick the figure from each run, and its target."""


def _plain(label: str, unit: str, key: str, target: str = "") -> Row:
    """A row of one figure each run reports as is."""
    return (label, unit, lambda runs: _each(runs, key), target)


ROWS: dict[str, list[Row]] = {
    "interaction_latency": [
        ("`/meetup propose` to defer callback, p50 at 1/s", "ms", lambda r: _phase(r, 1, "ack_p50_ms"), ""),
        ("`/meetup propose` to defer callback, p99 at 1/s", "ms", lambda r: _phase(r, 1, "ack_p99_ms"), ""),
        ("`/meetup propose` to defer callback, p50 at 50/s", "ms", lambda r: _phase(r, 50, "ack_p50_ms"), ""),
        (
            "`/meetup propose` to defer callback, p99 at 50/s",
            "ms",
            lambda r: _phase(r, 50, "ack_p99_ms"),
            "< 100 ms",
        ),
        (
            "`/meetup propose` to completed reply, p99 at 50/s",
            "ms",
            lambda r: _phase(r, 50, "reply_p99_ms"),
            "",
        ),
        (
            "`/meetup propose`: bot CPU per command at 50/s",
            "ms",
            lambda r: _phase(r, 50, "bot_cpu_ms_per_command"),
            "",
        ),
        ("`/meetup propose` at 50/s: 429 answers", "", lambda r: _phase(r, 50, "429s"), "0"),
    ],
    "vote_burst": [
        ("2,000 reactions on 20 polls: every vote stored", "s", lambda r: _each(r, "stored_s"), ""),
        ("2,000 reactions on 20 polls: first poll edit", "s", lambda r: _each(r, "first_edit_s"), ""),
        (
            "2,000 reactions on 20 polls: every poll shows its count",
            "s",
            lambda r: _each(r, "shown_s"),
            "",
        ),
        ("2,000 reactions on 20 polls: poll message edits", "edits", lambda r: _each(r, "edits"), ""),
        ("2,000 reactions: 429 answers at 50 req/s", "", lambda r: _each(r, "served_429s"), "0"),
    ],
    "reminder_fanout": [
        (
            "2,000 reminders (200 meetups) at 50 req/s: all delivered",
            "s",
            lambda r: _each(r, "deliver_all_s"),
            "",
        ),
        (
            "2,000 reminders: throughput / limit",
            "",
            lambda r: _each(r, "throughput_fraction"),
            ">= 0.9",
        ),
        ("2,000 reminders: losses", "", lambda r: _each(r, "losses"), "0"),
        ("2,000 reminders: duplicates", "", lambda r: _each(r, "duplicates"), "0"),
        ("2,000 reminders: 429 answers", "", lambda r: _each(r, "served_429s"), "0"),
        (
            "2,000 reminders: `/meetup propose` meanwhile, answered p50",
            "ms",
            lambda r: _each(r, "probe_answered_p50_ms"),
            "",
        ),
        (
            "2,000 reminders: `/meetup propose` meanwhile, answered p99",
            "ms",
            lambda r: _each(r, "probe_answered_p99_ms"),
            "< 3 s",
        ),
        (
            "2,000 reminders: `/meetup propose` meanwhile, completed p99",
            "ms",
            lambda r: _each(r, "probe_completed_p99_ms"),
            "< 3 s",
        ),
    ],
    "reconcile": [
        ("catch-up, 10,000 upcoming meetups: requests", "", lambda r: _each(r, "requests"), ""),
        ("catch-up, 10,000 upcoming meetups: time", "s", lambda r: _each(r, "seconds"), ""),
        ("catch-up: 429 answers", "", lambda r: _each(r, "served_429s"), "0"),
        (
            "catch-up: `/meetup propose` meanwhile, answered p99",
            "ms",
            lambda r: _each(r, "probe_answered_p99_ms"),
            "",
        ),
        (
            "catch-up: `/meetup propose` meanwhile, completed p99",
            "ms",
            lambda r: _each(r, "probe_completed_p99_ms"),
            "",
        ),
    ],
    "startup": [
        (
            "start-up, 100,000 meetups: schedule rebuilt",
            "s",
            lambda r: _median_of(r, "scheduled_s"),
            "",
        ),
        (
            "start-up, 100,000 meetups: READY processed",
            "s",
            lambda r: _median_of(r, "ready_s"),
            "< 5 s",
        ),
        (
            "start-up, 100,000 meetups: peak RSS",
            "MiB",
            lambda r: _median_of(r, "peak_rss_mib"),
            "",
        ),
        ("start-up: 429 answers", "", lambda r: _median_of(r, "429s"), "0"),
    ],
    "shard_takeover": [
        _plain(
            "two processes, SIGKILL mid fan-out: all reminders after the lease's end, median of a run",
            "s",
            "all_after_lease_end_s_median",
        ),
        _plain(
            "two processes, SIGKILL mid fan-out: all reminders after the lease's end, max of a run",
            "s",
            "all_after_lease_end_s_max",
            "<= 30 s",
        ),
        _plain("two processes, SIGKILL mid fan-out: losses", "", "takeover_lost", "0"),
        _plain("two processes, SIGKILL mid fan-out: duplicates", "", "takeover_doubled", "0"),
        _plain("two processes at 25 req/s each: 800 reminders delivered", "s", "fanout_deliver_all_s"),
        _plain("two processes at 25 req/s each: throughput / limit", "", "fanout_throughput_fraction"),
        _plain("two processes at 25 req/s each: losses", "", "fanout_losses", "0"),
        _plain("two processes at 25 req/s each: duplicates", "", "fanout_duplicates", "0"),
        _plain("two processes at 25 req/s each: 429 answers", "", "fanout_served_429s", "0"),
    ],
    "date_reading": [
        ("`parse_when`, corpus texts, p50", "µs", lambda r: _result(r, "parse_when", "corpus", "p50_us"), ""),
        ("`parse_when`, corpus texts, p99", "µs", lambda r: _result(r, "parse_when", "corpus", "p99_us"), ""),
        ("`find_times`, corpus texts, p50", "µs", lambda r: _result(r, "find_times", "corpus", "p50_us"), ""),
        ("`find_times`, corpus texts, p99", "µs", lambda r: _result(r, "find_times", "corpus", "p99_us"), ""),
        (
            "`parse_when`, poll candidates, p99",
            "µs",
            lambda r: _result(r, "parse_when", "candidates", "p99_us"),
            "",
        ),
        ("`find_times`, chat sentences, p99", "µs", lambda r: _result(r, "find_times", "chat", "p99_us"), ""),
    ],
}


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def markdown(figures: dict[str, Figures]) -> str:
    """The table of medians (and ranges) for every bench that ran."""
    lines = ["| figure | median | range | unit | target | runs |", "| --- | ---: | ---: | --- | --- | ---: |"]
    for bench in BENCHES:
        runs = figures.get(bench)
        if not runs:
            continue
        for label, unit, pick, target in ROWS[bench]:
            values = pick(runs)
            if not values:
                continue
            spread = f"{_number(min(values))}–{_number(max(values))}"
            lines.append(
                f"| {label} | {_number(statistics.median(values))} | {spread} | {unit} | {target} | {len(values)} |"
            )
    return "\n".join(lines)


def main() -> None:
    """Run the chosen benches ``--runs`` times each, then print the summary table."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3, help="runs of each bench")
    options.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES), help="benches to run")
    options.add_argument("--jsonl", type=Path, help="keep every run's figures in this JSON-lines file")
    options.add_argument(
        "--summarise", type=Path, help="print the table from an existing JSON-lines file instead of running"
    )
    options.add_argument(
        "--storage",
        choices=(*STORAGES, "both"),
        default="sqlite",
        help="the bot's storage engine; both alternates the engines run by run, for one table each",
    )
    args = options.parse_args()
    engines = STORAGES if args.storage == "both" else (args.storage,)
    if args.summarise is not None:
        _print_tables(args.summarise, engines)
        return
    with tempfile.TemporaryDirectory(prefix="bench-all-") as folder:
        store = args.jsonl or Path(folder) / "runs.jsonl"
        for bench in args.only:
            if bench in ON_POSTGRESQL and postgres.binaries() is None:
                print(f"\n=== {bench}: left out, PostgreSQL is not installed", flush=True)
                continue
            for number in range(1, args.runs + 1):
                for engine in engines if bench in ON_STORAGE else (None,):
                    storage = ["--storage", engine] if engine else []
                    print(f"\n=== {bench}, run {number} of {args.runs} {' '.join(storage)}", flush=True)
                    subprocess.run(
                        [sys.executable, "-m", f"bench.{bench}", "--json", str(store), *storage],
                        cwd=REPOSITORY,
                        check=True,
                    )
        print("\n" + header("run_all") + "\n")
        _print_tables(store, engines)


def _print_tables(store: Path, engines: tuple[str, ...]) -> None:
    """One table per engine; benches that do not start the bot appear in the first."""
    for engine in engines:
        if len(engines) > 1:
            print(f"\n{engine}:\n")
        print(markdown(_read(store, engine, with_engineless=engine == engines[0])))


def _read(path: Path, engine: str = "sqlite", *, with_engineless: bool = True) -> dict[str, Figures]:
    figures: dict[str, Figures] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        run = json.loads(line)
        on_storage = run["bench"] in ON_STORAGE
        if (on_storage and run.get("storage", "sqlite") == engine) or (not on_storage and with_engineless):
            figures.setdefault(run["bench"], []).append(run)
    return figures


if __name__ == "__main__":
    main()
