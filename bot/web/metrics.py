"""What the bot does, counted for Prometheus: every name starts with ``meetup_``.

Each bot has a registry of its own rather than prometheus-client's global one, so two bots in one
process (the tests run several) never count into each other. Counters are fed as things happen,
through the small hooks the composition root hands to the parts that see them; what the database
knows (nudges waiting) and what discord.py knows (heartbeat latency) is read when scraped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

QUERY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
"""Seconds; a SQLite statement takes well under a millisecond, a slow one on PostgreSQL seconds."""


class Metrics:
    """The bot's instruments, and the hooks that feed them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.interactions = Counter(
            "meetup_interactions",
            "Commands, buttons and forms handled, by name and outcome (ok, refused, busy, failed)",
            ["command", "outcome"],
            registry=registry,
        )
        self.rest_requests = Counter(
            "meetup_rest_requests",
            "REST requests to Discord, by response status",
            ["status"],
            registry=registry,
        )
        self.rest_rate_limited = Counter(
            "meetup_rest_rate_limited",
            "REST requests Discord answered with 429, by the scope it named (user, global, shared)",
            ["scope"],
            registry=registry,
        )
        self.nudges_pending = Gauge(
            "meetup_nudges_pending", "Nudges (reminders, closings, recaps) waiting to fire", registry=registry
        )
        self.nudges_overdue = Gauge(
            "meetup_nudges_overdue",
            "Pending nudges already due; one that stays up means nothing is firing them",
            registry=registry,
        )
        self.reminder_deliveries = Counter(
            "meetup_reminder_deliveries",
            "Reminder DMs, by outcome (sent, unreachable: the member's DMs are closed)",
            ["outcome"],
            registry=registry,
        )
        self.gateway_latency = Gauge(
            "meetup_gateway_latency_seconds",
            "Time between a gateway heartbeat and Discord's acknowledgement, by shard",
            ["shard"],
            registry=registry,
        )
        self.gateway_reconnects = Counter(
            "meetup_gateway_reconnects",
            "Gateway sessions resumed or started again after the connection was lost",
            registry=registry,
        )
        self.database_query = Histogram(
            "meetup_database_query_seconds",
            "Time each SQL statement took, as the driver ran it",
            buckets=QUERY_BUCKETS,
            registry=registry,
        )
        self._connected_shards: set[int] = set()

    def interaction(self, command: str, outcome: str) -> None:
        self.interactions.labels(command=command, outcome=outcome).inc()

    def rest_response(self, status: int, scope: str | None) -> None:
        self.rest_requests.labels(status=str(status)).inc()
        if status == 429:
            self.rest_rate_limited.labels(scope=scope or "unknown").inc()

    def reminder_delivered(self, outcome: str) -> None:
        self.reminder_deliveries.labels(outcome=outcome).inc()

    def query_took(self, seconds: float) -> None:
        self.database_query.observe(seconds)

    def shard_connected(self, shard_id: int) -> None:
        """A new session (READY): the first for each shard is the start, any later one a reconnect."""
        if shard_id in self._connected_shards:
            self.gateway_reconnects.inc()
        self._connected_shards.add(shard_id)

    def shard_resumed(self, shard_id: int) -> None:
        self.gateway_reconnects.inc()

    def render(self, *, backlog: tuple[int, int] | None, latencies: Iterable[tuple[int, float]]) -> bytes:
        """The exposition text, with the values read at scrape time set first (the nudges pending
        and overdue keep their last values when the database could not count them)."""
        if backlog is not None:
            self.nudges_pending.set(backlog[0])
            self.nudges_overdue.set(backlog[1])
        for shard_id, seconds in latencies:
            # discord.py reports inf until the first heartbeat is acknowledged.
            if math.isfinite(seconds):
                self.gateway_latency.labels(shard=str(shard_id)).set(seconds)
        return generate_latest(self.registry)
