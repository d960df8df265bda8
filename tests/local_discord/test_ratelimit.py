"""The loopback's global limit counts a sliding second, as strict as Discord, never kinder."""

from __future__ import annotations

import pytest

from local_discord import ratelimit
from local_discord.ratelimit import RateLimiter

ROUTE = "POST /channels/{channel_id}/messages"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The limiter's monotonic clock, set by the test."""
    now = [100.0]
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: now[0])
    return now


def accepted(limiter: RateLimiter, count: int) -> int:
    return sum(not limiter.check(ROUTE, str(n), global_exempt=False).limited for n in range(count))


def test_a_burst_straddling_a_second_boundary_is_refused(clock: list[float]) -> None:
    """1 request, then 4 at 0.95 s, then 5 at 1.05 s: only 1 of the last 5 fits the second before it."""
    limiter = RateLimiter(global_per_second=5)
    assert accepted(limiter, 1) == 1
    clock[0] += 0.95
    assert accepted(limiter, 4) == 4
    clock[0] += 0.1
    assert accepted(limiter, 5) == 1
    assert [served.scope for served in limiter.served] == ["global"] * 4


def test_the_refusal_says_when_the_oldest_request_leaves_the_second(clock: list[float]) -> None:
    """retry_after is the time until a request of the last second no longer counts."""
    limiter = RateLimiter(global_per_second=2)
    accepted(limiter, 1)
    clock[0] += 0.4
    accepted(limiter, 1)
    refused = limiter.check(ROUTE, "x", global_exempt=False)
    assert refused.limited
    assert refused.body is not None
    assert refused.body["retry_after"] == pytest.approx(0.6)
    clock[0] += 0.6
    assert not limiter.check(ROUTE, "x", global_exempt=False).limited


def test_interaction_responses_do_not_count(clock: list[float]) -> None:
    """Discord exempts interaction callbacks from the global limit; so does the loopback."""
    limiter = RateLimiter(global_per_second=1)
    assert accepted(limiter, 1) == 1
    assert not limiter.check("POST /interactions/{id}/{token}/callback", "i", global_exempt=True).limited
