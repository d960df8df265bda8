"""Discord-style rate limiting: a global limit, per-route buckets and injected 429s.

The global limit counts the requests of the last second, a sliding second, so
a burst straddling a second boundary is refused as Discord refuses it (a fixed
window would let twice the limit through across the boundary). Route buckets
are fixed windows keyed, like Discord's, by route template plus major
parameter (channel, guild, or webhook id and token). Every answer carries the
``X-RateLimit-*`` headers of its bucket, so discord.py's limiter paces itself
exactly as it would against Discord; 429s carry ``Via`` because discord.py
treats a 429 without it as a Cloudflare ban.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from dataclasses import dataclass, field

DEFAULT_LIMIT = 50
DEFAULT_PER_SECONDS = 1.0


@dataclass
class _Window:
    started: float
    per_seconds: float
    used: int = 0

    def remaining_time(self, now: float) -> float:
        return max(self.started + self.per_seconds - now, 0.001)


@dataclass
class _Injection:
    route: str
    count: int
    retry_after: float
    global_: bool


@dataclass(frozen=True)
class Served429:
    """A 429 the server answered, kept so tests can count and inspect them."""

    route: str
    scope: str
    retry_after: float


@dataclass
class Decision:
    """Either a go-ahead with headers, or a 429 body to answer instead."""

    headers: dict[str, str]
    body: dict[str, object] | None = None

    @property
    def limited(self) -> bool:
        """True when the request must be answered with 429."""
        return self.body is not None


@dataclass
class RateLimiter:
    """Decides, request by request, whether a bucket still has room."""

    global_per_second: int | None = None
    served: list[Served429] = field(default_factory=list)
    _limits: dict[str, tuple[int, float]] = field(default_factory=dict)
    _windows: dict[tuple[str, str], _Window] = field(default_factory=dict)
    _global_recent: deque[float] = field(default_factory=deque)
    """When each request of the last second that counted against the global limit was accepted."""
    _injections: list[_Injection] = field(default_factory=list)

    def limit_route(self, route: str, limit: int, per_seconds: float) -> None:
        """Give a route template its own bucket size, e.g. ``"POST /channels/{channel_id}/messages"``."""
        self._limits[route] = (limit, per_seconds)

    def inject(self, route: str, count: int, retry_after: float, global_: bool) -> None:
        """Answer the next ``count`` requests to ``route`` with 429 regardless of the buckets."""
        self._injections.append(_Injection(route, count, retry_after, global_))

    def check(self, route: str, major: str, *, global_exempt: bool) -> Decision:
        """Consume one request from the buckets that apply, or explain why not."""
        now = time.monotonic()
        for injection in self._injections:
            if injection.route == route and injection.count > 0:
                injection.count -= 1
                return self._too_many(route, injection.retry_after, global_=injection.global_, headers={})
        if self.global_per_second is not None and not global_exempt:
            recent = self._global_recent
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            if len(recent) >= self.global_per_second:
                return self._too_many(route, max(recent[0] + 1.0 - now, 0.001), global_=True, headers={})
            recent.append(now)
        limit, per_seconds = self._limits.get(route, (DEFAULT_LIMIT, DEFAULT_PER_SECONDS))
        key = (route, major)
        window = self._windows.get(key)
        if window is None or now >= window.started + window.per_seconds:
            window = self._windows[key] = _Window(now, per_seconds)
        if window.used >= limit:
            headers = self._bucket_headers(route, limit, window, now)
            return self._too_many(route, window.remaining_time(now), global_=False, headers=headers)
        window.used += 1
        return Decision(self._bucket_headers(route, limit, window, now))

    def _bucket_headers(self, route: str, limit: int, window: _Window, now: float) -> dict[str, str]:
        reset_after = window.remaining_time(now)
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(limit - window.used, 0)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": hashlib.sha1(route.encode()).hexdigest()[:32],
        }

    def _too_many(
        self, route: str, retry_after: float, *, global_: bool, headers: dict[str, str]
    ) -> Decision:
        scope = "global" if global_ else "user"
        self.served.append(Served429(route, scope, retry_after))
        headers = {**headers, "Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Scope": scope}
        if global_:
            headers["X-RateLimit-Global"] = "true"
        body: dict[str, object] = {
            "message": "You are being rate limited.",
            "retry_after": round(retry_after, 3),
            "global": global_,
        }
        return Decision(headers, body)
