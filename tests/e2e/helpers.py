"""Reading what the bot posted the way a person would: text, embeds flattened, and times;
waiting for what is read some other way (a database row, a scrape) to come true; and steps
several tests begin with."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from local_discord import DEFAULT_MEMBER_PERMISSIONS, Message, P

if TYPE_CHECKING:
    from tests.e2e.conftest import World

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def text_of(message: Message) -> str:
    """Content plus every embed's title, description and fields, as one string."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        for field in embed.get("fields", []):
            parts += [field.get("name", ""), field.get("value", "")]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(part for part in parts if part)


def stamp(moment: datetime) -> str:
    return f"<t:{int(moment.timestamp())}:F>"


def next_local(month: int, day: int, hour: int, minute: int = 0, zone: ZoneInfo = STOCKHOLM) -> datetime:
    """The next ``month``/``day`` at that wall-clock time in ``zone``, as a person would mean it."""
    now = datetime.now(zone)
    candidate = datetime(now.year, month, day, hour, minute, tzinfo=zone)
    return candidate if candidate > now else candidate.replace(year=now.year + 1)


def line_with(message: Message, marker: str) -> str:
    """The line of the message's text that contains ``marker`` (plus the line after it)."""
    lines = text_of(message).splitlines()
    for index, line in enumerate(lines):
        if marker in line:
            return "\n".join(lines[index : index + 2])
    raise AssertionError(f"no line with {marker!r} in:\n{text_of(message)}")


def next_weekday(weekday: int, hour: int, zone: ZoneInfo = STOCKHOLM) -> datetime:
    """The next such weekday after today (Monday is 0) at ``hour`` in ``zone``, as "sat 7pm" means."""
    now = datetime.now(zone)
    day = now + timedelta(days=(weekday - now.weekday()) % 7 or 7)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float) -> Any:
    """Ask ``check`` again until it returns something true, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := await check()):
        assert time.monotonic() < deadline, f"not within {timeout} s"
        await asyncio.sleep(0.1)
    return result


async def offered_plan(world: World) -> tuple[Message, str]:
    """A member with Manage Channels has the bot watch #general, Bob suggests meeting on Saturday
    at 18:00, and the bot offers to plan it: the offer, and its *Plan it* button's custom id."""
    ld = world.ld
    keeper = ld.add_member(world.guild, "keeper", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_CHANNELS)
    await (await ld.slash(keeper, world.general, "meetup watch", setting="on")).final()
    suggestion = await ld.post_message(world.bob, world.general, "we should meet up, saturday 18:00?")
    await ld.wait_for(lambda: any(m.components for m in world.bot_messages()))
    offer = next(m for m in world.bot_messages() if m.components)
    return offer, f"meetup:offer:{world.general.id}:{suggestion.id}"
