"""The bot's web server, asked over real HTTP: /healthz follows the gateway and the database, and
/metrics counts what the bot does in Prometheus's text format."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from local_discord import LocalDiscord
from local_discord.harness import Factory
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import eventually, offered_plan, text_of
from tests.e2e.test_lifecycle import discord_at, one_line_failure, start_bot

WEB = {"listen": "127.0.0.1:0", "health_timeout": "1s"}


@pytest.fixture
async def local_discord(local_discord_factory: Factory) -> LocalDiscord:
    """Heartbeats every second, so the bot measures its gateway latency within the test (and stays
    well under the gateway's 120 frames a minute)."""
    return await local_discord_factory(heartbeat_interval_ms=1000)


async def get(harness: BotHarness, path: str) -> tuple[int, str]:
    assert harness.bot is not None
    assert harness.bot.web is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{harness.bot.web.port}{path}") as response,
    ):
        return response.status, await response.text()


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, parsed by prometheus-client's own parser."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(harness: BotHarness) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    status, text = await get(harness, "/metrics")
    assert status == 200
    return samples(text)


def value(scraped: dict, name: str, **labels: str) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


async def test_healthz_is_503_while_the_gateway_refuses_connections(
    world: World, harness: BotHarness
) -> None:
    """Connected and answering: 200 "ok". The gateway cut and refusing: 503 naming the gateway.
    Let back in, the bot reconnects by itself, is healthy again and counts the reconnect."""
    await harness.start(web=WEB)
    status, body = await get(harness, "/healthz")
    assert (status, json.loads(body)["status"]) == (200, "ok")

    await world.ld.refuse_gateway()
    status, body = await eventually(lambda: _health_if(harness, 503), timeout=5)
    report = json.loads(body)
    assert report["status"] == "failing"
    assert report["database"] == "ok"
    assert [reason for reason in report["reasons"] if reason.startswith("gateway disconnected")]

    await world.ld.refuse_gateway(False)
    await eventually(lambda: _health_if(harness, 200), timeout=30)
    assert value(await scrape(harness), "meetup_gateway_reconnects_total") == 1


async def _health_if(harness: BotHarness, wanted: int) -> tuple[int, str] | None:
    status, body = await get(harness, "/healthz")
    return (status, body) if status == wanted else None


@pytest.mark.parametrize("storage_engine", ["postgresql"])
async def test_healthz_is_503_while_the_database_is_down(
    world: World, harness: BotHarness, storage_target: str
) -> None:
    """PostgreSQL refusing the bot's database (its sessions ended, new ones not allowed) turns
    /healthz 503 naming the database; allowed again, it is 200 without a restart."""
    await harness.start(web=WEB)
    name = storage_target.rsplit("/", 1)[1]
    admin = await asyncpg.connect(storage_target.rsplit("/", 1)[0] + "/postgres")
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
        status, body = await get(harness, "/healthz")
        report = json.loads(body)
        assert status == 503
        assert report["gateway"] == "connected"
        assert report["database"].startswith("database down")
        assert report["reasons"] == [report["database"]]
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await eventually(lambda: _health_if(harness, 200), timeout=5)
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()


async def test_metrics_count_the_plan_button_and_form_like_commands(
    world: World, harness: BotHarness
) -> None:
    """The *Plan it* button and the *Plan a meetup* form are not commands, yet a member uses them
    as such: each is counted by name and outcome, a refused form as refused."""
    await harness.start(web=WEB)
    ld = world.ld
    offer, button = await offered_plan(world)
    opened = await ld.click_button(world.bob, offer, button)
    assert opened.modal is not None
    form = opened.modal.custom_id
    refused = await (await ld.submit_modal(world.bob, world.general, form, {"dates": "someday"})).final()
    assert refused.ephemeral
    submitted = await (await ld.submit_modal(world.bob, world.general, form, {})).final()
    assert "Poll for meetup #1 posted" in submitted.content

    scraped = await scrape(harness)
    assert value(scraped, "meetup_interactions_total", command="button meetup:offer", outcome="ok") == 1
    assert value(scraped, "meetup_interactions_total", command="form meetup:plan", outcome="refused") == 1
    assert value(scraped, "meetup_interactions_total", command="form meetup:plan", outcome="ok") == 1
    assert value(scraped, "meetup_interactions_total", command="meetup watch", outcome="ok") == 1


async def test_metrics_count_commands_requests_nudges_and_deliveries(
    world: World, harness: BotHarness
) -> None:
    """The exposition parses; commands are counted by name and outcome, REST requests by status,
    a 429 by scope; a reminder DM is counted once sent; nudges, latency and query time show."""
    await harness.start(meetups={"reminder_offsets": ["3s"]}, web=WEB)
    ld = world.ld
    before = await scrape(harness)
    assert value(before, "meetup_interactions_total", command="meetup help", outcome="ok") == 0

    await (await ld.slash(world.alice, world.general, "meetup help")).final()
    await (await ld.slash(world.bob, world.general, "meetup help")).final()
    refused = await (await ld.slash(world.bob, world.general, "meetup close", meetup=99)).final()
    assert refused.ephemeral
    ld.inject_429s("POST /channels/{channel_id}/messages", 1, retry_after=0.05)
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="in 6 seconds")
    ).final()
    poll = next(m for m in world.bot_messages() if "New meetup poll" in m.content)
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 vote**" in text_of(poll))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    pending = await scrape(harness)
    await ld.wait_for(lambda: any(m.content.startswith("⏰") for m in ld.dms(world.bob)), timeout=10)
    assert harness.bot is not None
    await ld.wait_for(lambda: harness.bot is not None and harness.bot.latency < float("inf"), timeout=5)

    after = await eventually(
        lambda: _scrape_when(harness, "meetup_reminder_deliveries_total", outcome="sent"), timeout=5
    )
    assert value(after, "meetup_interactions_total", command="meetup help", outcome="ok") == 2
    assert value(after, "meetup_interactions_total", command="meetup close", outcome="refused") == 1
    assert value(after, "meetup_interactions_total", command="meetup propose", outcome="ok") == 1
    assert value(after, "meetup_rest_requests_total", status="200") > value(
        before, "meetup_rest_requests_total", status="200"
    )
    assert value(after, "meetup_rest_requests_total", status="429") == 1
    assert value(after, "meetup_rest_rate_limited_total", scope="user") == 1
    reminded = [m for user in (world.alice, world.bob) for m in ld.dms(user) if m.content.startswith("⏰")]
    assert value(after, "meetup_reminder_deliveries_total", outcome="sent") == len(reminded) > 0
    assert value(pending, "meetup_nudges_pending") >= 1
    # A nudge being fired is due and not yet done; once done, none is left overdue.
    await eventually(lambda: _scrape_when(harness, "meetup_nudges_overdue", expected=0.0), timeout=5)
    assert 0 <= value(after, "meetup_gateway_latency_seconds", shard="0") < 5
    assert value(after, "meetup_database_query_seconds_count") > value(
        before, "meetup_database_query_seconds_count"
    )


async def _scrape_when(
    harness: BotHarness, name: str, *, expected: float | None = None, **labels: str
) -> dict | None:
    """The scrape once ``name`` is non-zero (or equals ``expected``), else None."""
    scraped = await scrape(harness)
    found = value(scraped, name, **labels)
    return scraped if (found == expected if expected is not None else found) else None


async def test_a_port_in_use_is_one_line(world: World, tmp_path: Path) -> None:
    """``[web] listen`` on a port another program holds ends the start with exit 2 naming the key."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = discord_at(world.ld, tmp_path / "db.sqlite3") + f'[web]\nlisten = "127.0.0.1:{port}"\n'
        result = await asyncio.to_thread(start_bot, tmp_path, config, token=world.ld.token)
    one_line_failure(*result, expected_code=2, says=f"[web] listen: cannot listen on 127.0.0.1:{port}")
