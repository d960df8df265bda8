"""``/meetup calendar``: a private link to the server's meetups as one calendar, fetched over real
HTTP from the bot's web server the way a calendar app subscribes to it."""

from __future__ import annotations

import re
from datetime import UTC

import aiohttp
from icalendar import Calendar

from local_discord import User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import next_local
from tests.e2e.test_calendar_settings import scheduled

WEB = {"listen": "127.0.0.1:0"}


async def link(world: World, user: User, **options: object) -> str:
    answer = await (await world.ld.slash(user, world.general, "meetup calendar", **options)).final()
    assert answer.ephemeral
    (url,) = re.findall(r"<(http://[^>]+)>", answer.content)
    return url


async def fetch(url: str) -> tuple[int, bytes]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.read()


async def test_the_feed_serves_announced_meetups_and_a_reset_turns_the_old_link_off(
    world: World, harness: BotHarness
) -> None:
    """A proposed-and-closed meetup is in the feed with its DTSTART; a wrong token is 404; a
    member may not reset the link; a moderator's reset gives a new link and the old one is 404."""
    await harness.start(web=WEB)
    await scheduled(world, world.alice)
    await (
        await world.ld.slash(
            world.alice, world.general, "meetup propose", title="Still polling", dates="Dec 20 18:00"
        )
    ).final()
    url = await link(world, world.bob)
    assert url.startswith(f"http://127.0.0.1:{harness.bot.web.port}/calendar/")  # type: ignore[union-attr]
    assert url == await link(world, world.carol)

    status, body = await fetch(url)
    assert status == 200
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Dinner"
    assert event.decoded("dtstart") == next_local(12, 12, 18).astimezone(UTC)
    assert str(calendar["x-wr-calname"]) == "Meetups: Course friends"

    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    for wrong in (
        url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")),
        url.replace(token, "x"),
    ):
        assert (await fetch(wrong))[0] == 404

    refused = await (await world.ld.slash(world.bob, world.general, "meetup calendar", reset=True)).final()
    assert refused.ephemeral
    assert "Manage Events" in refused.content
    assert (await fetch(url))[0] == 200

    new = await link(world, world.moderator, reset=True)
    assert new != url
    assert (await fetch(url))[0] == 404
    status, body = await fetch(new)
    assert status == 200
    assert [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")] == ["Dinner"]
    assert await link(world, world.bob) == new


async def test_without_a_web_server_the_command_says_why(world: World, harness: BotHarness) -> None:
    """No [web] listen: the member is told privately that the host has not switched it on."""
    await harness.start()
    answer = await (await world.ld.slash(world.alice, world.general, "meetup calendar")).final()
    assert answer.ephemeral
    assert "[web] listen" in answer.content
