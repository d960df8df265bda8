"""How often the time reader reads back random future times written the way people write them.

Run from the repository root::

    python -m bench.when_generated [--examples 10000]

The texts come from the hypothesis strategies in ``tests/when/strategies.py`` (numeric and named
dates, ordinals, glued forms such as "15SEP", weekdays with a time, relative days and offsets,
clock words, holidays), each with a random *now* in Stockholm over three years. Each text is read
alone with ``parse_when`` and inside a sentence with ``find_times`` (except texts the documented
conventions only read in chat beside another time word, a bare "1/12" or "the third", which
count as read there). It prints the pass rate per language and surface
form, and a few texts that were misread. Nothing here passes or fails; the normal suite runs a
few hundred examples of the same strategies (``tests/when/test_generated.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Parse the options, generate and read, print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--examples", type=int, default=10_000, help="examples per language (default 10000)")
    options.add_argument("--show", type=int, default=5, help="misread texts shown per language (default 5)")
    args = options.parse_args()
    if importlib.util.find_spec("bot") is None:
        sys.path.insert(0, str(ROOT))
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    for lang in ("en", "sv"):
        _run(lang, args.examples, args.show)


def _run(lang: str, examples: int, show: int) -> None:
    """Read *examples* generated texts of one language and print how many were read right."""
    from hypothesis import HealthCheck, Phase, given, settings

    from bot.when import find_times, parse_when
    from tests.when.strategies import Case, cases, right

    seen: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    misread: list[str] = []

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases(lang))
    def read(pair: tuple[datetime, Case]) -> None:
        now, case = pair
        seen[case.form] += 1
        found = parse_when(case.text, now=now, languages=[lang])
        if right(case, found and found.start):
            alone[case.form] += 1
        elif len(misread) < show:
            misread.append(f"{case.text!r} said {now:%Y-%m-%d %H:%M}: read {found}")
        if not case.chat:
            inside[case.form] += 1
            return
        frame = "how about" if lang == "en" else "ska vi ses"
        times = find_times(f"{frame} {case.text}?", now=now, languages=["en", "sv"])
        inside[case.form] += bool(times) and right(case, times[0].start)

    started = time.perf_counter()
    read()
    total = sum(seen.values())
    spent = time.perf_counter() - started
    print(
        f"\n{lang}: {total} examples in {spent:.0f} s; read alone {100 * sum(alone.values()) / total:.2f} %,"
        f" in a sentence {100 * sum(inside.values()) / total:.2f} %"
    )
    for form in sorted(seen):
        print(
            f"  {form:9} {seen[form]:5}  alone {100 * alone[form] / seen[form]:6.2f} %"
            f"  in a sentence {100 * inside[form] / seen[form]:6.2f} %"
        )
    for line in misread:
        print(f"  misread: {line}")


if __name__ == "__main__":
    main()
