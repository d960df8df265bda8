"""``python -m bot doctor``: is this installation ready, and if not, what exactly to change.

A host wondering why a command fails in one channel gets every check the bot's features depend
on, one line each: the token, the intents, the database and its schema, then for every server the
bot is in, the permissions each feature there needs (Create Events where scheduled events are on;
posting polls, announcements and reading reactions in each channel with an open meetup; replying
in each watched channel). It only reads: the database is opened without migrating, and nothing is
registered or posted on Discord. Any check that fails makes the exit status 1.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection
from dataclasses import dataclass

import aiohttp
import discord

from bot.app import intents_for, point_discord_py_at
from bot.config import Config
from bot.db import migrate
from bot.db.database import Database
from bot.db.engines import StorageError
from bot.db.meetups import MeetupRepository
from bot.db.members import MemberRepository
from bot.db.settings import SettingsRepository
from bot.db.watch import WatchRepository
from bot.domain.bot_permissions import Need, describe_missing, granted_names, missing, missing_for
from bot.domain.model import MeetupStatus
from bot.services.settings import SettingsService

OK, WARN, FAIL = "ok", "warn", "FAIL"
CONNECT_SECONDS = 30.0
"""How long the gateway may take to say READY before the doctor gives up on it."""
GUILD_WAIT_SECONDS = 2.0
"""At least this long for the servers to arrive after READY: a check that misses one is worse than
a slower check (the running bot may wait less, ``[discord] guild_ready_timeout``)."""

FEATURES: dict[str, tuple[Need, ...]] = {
    "open meetups": (Need.POLL, Need.REPLY, Need.READ_REACTIONS),
    "watching": (Need.REPLY,),
}
"""What each feature needs in a channel where it is in use."""


@dataclass(frozen=True)
class Check:
    status: str
    subject: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.subject}: {self.detail}"


async def diagnose(config: Config) -> list[Check]:
    """Every check, in the order a host would fix them."""
    database, check = await _open_database(config)
    checks = [check]
    try:
        checks += await _discord(config, database)
    finally:
        if database is not None:
            await database.close()
    return checks


async def _open_database(config: Config) -> tuple[Database | None, Check]:
    """The database if its schema is this release's newest (so its rows can be read), and the check."""
    subject = "database " + ("([storage] url)" if config.storage.url else str(config.storage.path))
    try:
        database = await Database.open(config.storage.target, migrate=False)
    except (StorageError, migrate.SchemaError) as error:
        return None, Check(FAIL, subject, str(error))
    try:
        revision = await database.revision()
    except Exception as error:
        await database.close()
        return None, Check(FAIL, subject, f"cannot be read ({type(error).__name__}: {error})")
    newest = migrate.head()
    if revision == newest:
        return database, Check(OK, subject, f"answers, schema at revision {newest} (the newest)")
    await database.close()
    if revision is None:
        return None, Check(OK, subject, "empty; the bot creates its tables at its first start")
    if migrate.is_known(revision):
        return None, Check(
            OK,
            subject,
            f"schema at revision {revision}; the bot upgrades it to {newest} at its next start"
            " (meetups and watched channels are checked after that)",
        )
    return None, Check(
        FAIL, subject, f"schema at revision {revision}, written by a newer release; run that release"
    )


async def _discord(config: Config, database: Database | None) -> list[Check]:
    point_discord_py_at(config.discord.api_base, config.discord.gateway_url)
    client = discord.AutoShardedClient(
        intents=intents_for(config),
        allowed_mentions=discord.AllowedMentions.none(),
        guild_ready_timeout=max(config.discord.guild_ready_timeout.total_seconds(), GUILD_WAIT_SECONDS),
        shard_count=config.discord.shard_count,
        shard_ids=list(config.discord.shard_ids) if config.discord.shard_ids is not None else None,
    )
    try:
        try:
            await client.login(config.discord.token)
        except discord.LoginFailure:
            return [Check(FAIL, "token", "Discord refused it; copy it again from the Developer Portal")]
        except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as error:
            return [
                Check(
                    FAIL, "Discord", f"cannot be reached ({error}); check the network and [discord] api_base"
                )
            ]
        assert client.user is not None
        checks = [Check(OK, "token", f"logged in as {client.user} (id {client.user.id})")]
        problem = await _connect(client)
        if problem is not None:
            return [*checks, problem]
        wanted = "guilds, guild messages, reactions" + (
            ", message content" if config.discord.message_content_intent else ""
        )
        checks.append(Check(OK, "intents", f"the gateway accepted {wanted}"))
        if not client.guilds:
            checks.append(Check(WARN, "servers", "the bot is in no server yet; invite it (README.md)"))
        for guild in sorted(client.guilds, key=lambda g: g.id):
            checks += await _server(guild, database, config)
        return checks
    finally:
        await client.close()


async def _connect(client: discord.AutoShardedClient) -> Check | None:
    """Open the gateway with the bot's intents; the check that failed, or None once READY."""
    running = asyncio.create_task(client.connect(reconnect=False))
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait(
        {running, ready}, timeout=CONNECT_SECONDS, return_when=asyncio.FIRST_COMPLETED
    )
    ready.cancel()
    if ready in done:
        return None
    if running not in done:
        running.cancel()
        with contextlib.suppress(BaseException):
            await running
        return Check(FAIL, "gateway", f"not ready within {CONNECT_SECONDS:g} s")
    error = running.exception()
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return Check(
            FAIL,
            "intents",
            "Discord refused the Message Content intent; switch it on in the Developer Portal (Bot →"
            " Privileged Gateway Intents) or set [discord] message_content_intent = false",
        )
    return Check(FAIL, "gateway", f"the connection ended ({error or 'closed'})")


async def _server(guild: discord.Guild, database: Database | None, config: Config) -> list[Check]:
    """The server-wide permission (scheduled events) and each channel in use, for one server."""
    label = f'server "{guild.name}" ({guild.id})'
    me = guild.me
    scheduled_events = False
    channels: dict[int, list[str]] = {}
    if database is not None:
        settings = SettingsService(
            database=database,
            settings=SettingsRepository(database),
            members=MemberRepository(database),
            defaults=config.meetups,
            guild_locale=lambda _: guild.preferred_locale.value,
        )
        scheduled_events = (await settings.for_guild(guild.id)).scheduled_events
        open_meetups = await MeetupRepository(database).in_guild(
            guild.id, (MeetupStatus.POLLING, MeetupStatus.SCHEDULED), limit=10_000
        )
        for meetup in open_meetups:
            channels.setdefault(meetup.channel_id, ["open meetups"])
        for channel_id in await WatchRepository(database).watched_in(guild.id):
            channels.setdefault(channel_id, []).append("watching")
    checks = []
    if scheduled_events:
        lacking = missing(Need.CREATE_EVENT, _granted(me.guild_permissions))
        checks.append(
            Check(
                FAIL,
                label,
                f"scheduled events are on, but {describe_missing(Need.CREATE_EVENT, lacking)}".replace(
                    "**", ""
                )
                + "; give its role that permission, or turn them off with /meetup settings scheduled_events:false",
            )
            if lacking
            else Check(OK, label, "scheduled events are on and Create Events is granted")
        )
    for channel_id, features in channels.items():
        checks.append(_channel(guild, channel_id, features, label))
    if not checks:
        checks.append(Check(OK, label, "no open meetup, watched channel or scheduled events to check"))
    return checks


def _channel(guild: discord.Guild, channel_id: int, features: list[str], label: str) -> Check:
    channel = guild.get_channel_or_thread(channel_id)
    uses = " and ".join(features)
    if channel is None:
        return Check(WARN, f"channel {channel_id} in {label}", f"has {uses} but no longer exists")
    granted = _granted(channel.permissions_for(guild.me))
    lacking = missing_for((need for feature in features for need in FEATURES[feature]), granted)
    subject = f"#{channel.name} in {label}"
    if lacking:
        return Check(
            FAIL, subject, f"{uses} need {', '.join(lacking)}; allow them for the bot in this channel"
        )
    threads = missing(Need.OPEN_THREAD, granted) if "open meetups" in features else []
    if threads:
        return Check(WARN, subject, f"{uses} work; recap threads would also need {', '.join(threads)}")
    return Check(OK, subject, f"{uses}: every permission granted")


def _granted(permissions: discord.Permissions) -> Collection[str]:
    return granted_names(lambda name: getattr(permissions, name))
