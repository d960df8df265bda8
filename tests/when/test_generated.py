"""Random future times written the way people write them, read back (see :mod:`tests.when.strategies`).

A few hundred examples per language in the normal suite, derandomized so that a run is
repeatable and fast; ``python -m bench.when_generated`` runs 10,000 per language and prints the
pass rate by surface form.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from bot.when import find_times, parse_when
from tests.when.strategies import Case, cases, right


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_generated_times_are_read_back(lang: str) -> None:
    """Every generated time is read as the instant it names, by itself and inside a sentence.

    Texts that need a time word beside them in chat ("1/12", "the third") are only read alone.
    """

    @settings(
        max_examples=250,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(cases(lang))
    def read_back(pair: tuple[datetime, Case]) -> None:
        now, case = pair
        found = parse_when(case.text, now=now, languages=[lang])
        assert right(case, found and found.start), (case, now, found)
        if not case.chat:
            return
        sentence = f"{'how about' if lang == 'en' else 'ska vi ses'} {case.text}?"
        inside = find_times(sentence, now=now, languages=["en", "sv"])
        assert inside, (sentence, now)
        assert right(case, inside[0].start), (sentence, now, inside)

    read_back()
