"""Gateway v10 over a websocket: HELLO, IDENTIFY, heartbeats, dispatch, RESUME, chunking and sharding.

As on Discord, a client may send 120 frames a minute on one connection (4008 past that), and a
bot IDENTIFYs at the pace of its session start limit (:mod:`local_discord.shards`).

Frames are always uncompressed JSON text, which discord.py accepts even when it
asked for ``compress=zlib-stream``. Every dispatch is numbered per session and
kept, so that a session whose connection dropped can RESUME and receive what it
missed, in order and with the original sequence numbers, before RESUMED.
Every dispatch names its guild (None for DMs), and only sessions whose shard
owns that guild receive it, as :mod:`local_discord.shards` decides.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from local_discord import payloads
from local_discord.intents import ALL_INTENTS, PRIVILEGED, Intent
from local_discord.shards import InvalidShard, SessionStartLimit, Shard, owns, parse_shard, recommended_shards
from local_discord.state import World

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

Payload = dict[str, Any] | Callable[["Session"], dict[str, Any] | None]
"""Event data, or a function giving each session its own view of it (None: not for this one)."""


@dataclass
class GatewayConfig:
    """What the gateway must know about the application it serves."""

    token: str
    application_id: int
    application_flags: int
    heartbeat_interval_ms: int
    enabled_privileged: int
    guilds_per_shard: int
    max_guilds_per_shard: int
    url: str = ""
    resume_url: str = ""


@dataclass
class GatewayFrame:
    """One frame in the gateway log, for tests that check the protocol itself."""

    direction: str
    op: int
    t: str | None = None
    s: int | None = None
    session_id: str | None = None
    replayed: bool = False
    shard: Shard | None = None


SENDS_PER_MINUTE = 120
"""Discord's limit on what a client sends on one connection; past it the connection closes with 4008."""


class Connection:
    """One websocket; a writer task sends queued frames so their order is the dispatch order."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request) -> None:
        self.ws = ws
        self.request = request
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write())
        self._received: deque[float] = deque()

    def over_send_limit(self) -> bool:
        """Count one frame from the client; whether it makes more than Discord's 120 in 60 s."""
        now = time.monotonic()
        self._received.append(now)
        while now - self._received[0] >= 60:
            self._received.popleft()
        return len(self._received) > SENDS_PER_MINUTE

    def send(self, frame: str) -> None:
        """Queue a frame for sending."""
        self._queue.put_nowait(frame)

    async def close(self, code: int, reason: str = "") -> None:
        """Send what is queued, then a close frame with ``code``."""
        self._queue.put_nowait(None)
        with contextlib.suppress(Exception):
            await self._writer
        await self.ws.close(code=code, message=reason.encode())

    def abort(self) -> None:
        """Drop the TCP connection without a close frame, as a network failure would."""
        self._writer.cancel()
        transport = self.request.transport
        if transport is not None:
            transport.abort()

    async def finish(self) -> None:
        """Stop the writer once the socket is gone."""
        self._writer.cancel()
        with contextlib.suppress(BaseException):
            await self._writer

    async def _write(self) -> None:
        while (frame := await self._queue.get()) is not None:
            if self.ws.closed:
                return
            await self.ws.send_str(frame)


@dataclass(eq=False)
class Session:
    """A gateway session: survives its connection so it can be resumed."""

    id: str
    intents: int
    shard: Shard | None
    seq: int = 0
    history: list[tuple[int, str, str]] = field(default_factory=list)
    connection: Connection | None = None

    def owns(self, guild_id: int | None) -> bool:
        """Whether events of ``guild_id`` (None: events without a guild) are this session's to receive."""
        return owns(self.shard, guild_id)


class Gateway:
    """Serves the gateway websocket and fans events out to sessions by shard and intent."""

    def __init__(self, world: World, config: GatewayConfig) -> None:
        self.world = world
        self.config = config
        self.sessions: dict[str, Session] = {}
        self.log: list[GatewayFrame] = []
        self.identifies = 0
        self.resumes = 0
        self.start_limit = SessionStartLimit()
        self.refusing = False
        """While set, new connections are answered 503 before the websocket opens (an outage)."""

    @property
    def connected(self) -> bool:
        """Whether some session currently has a live connection."""
        return any(s.connection is not None for s in self.sessions.values())

    # -- dispatching -------------------------------------------------------

    def serves(self, guild_id: int | None) -> bool:
        """Whether some session would receive events of ``guild_id`` (None: events without a guild)."""
        return any(s.owns(guild_id) for s in self.sessions.values())

    def bot_gateway(self) -> dict[str, Any]:
        """GET /gateway/bot: where to connect, how many shards Discord recommends, the start limit."""
        return {
            "url": self.config.url,
            "shards": recommended_shards(len(self.world.guilds), self.config.guilds_per_shard),
            "session_start_limit": self.start_limit.payload(),
        }

    def dispatch(self, event: str, data: Payload, *, guild_id: int | None, intent: int | None = None) -> None:
        """Send an event of ``guild_id`` to the sessions whose shard owns it and that asked for ``intent``.

        ``guild_id`` is None for events without a guild (DMs), which only shard 0
        receives; ``intent`` None means the event needs no intent.
        """
        for session in list(self.sessions.values()):
            if not session.owns(guild_id) or (intent is not None and not session.intents & intent):
                continue
            body = data(session) if callable(data) else data
            if body is not None:
                self._dispatch_to(session, event, body)
        self.world.touch()

    def _dispatch_to(self, session: Session, event: str, body: dict[str, Any]) -> None:
        session.seq += 1
        frame = json.dumps({"op": DISPATCH, "t": event, "s": session.seq, "d": body})
        session.history.append((session.seq, event, frame))
        if session.connection is not None:
            session.connection.send(frame)
            self.log.append(
                GatewayFrame("sent", DISPATCH, event, session.seq, session.id, shard=session.shard)
            )

    def _send_op(self, connection: Connection, op: int, data: Any = None) -> None:
        connection.send(json.dumps({"op": op, "t": None, "s": None, "d": data}))
        self.log.append(GatewayFrame("sent", op))

    # -- connection lifecycle ----------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """Run one gateway connection until either side closes it."""
        if self.refusing:
            raise web.HTTPServiceUnavailable(text="The gateway is unavailable.")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        connection = Connection(ws, request)
        self._send_op(connection, HELLO, {"heartbeat_interval": self.config.heartbeat_interval_ms})
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    await connection.close(4002, "Error while decoding payload.")
                    break
                session = await self._receive(connection, session, msg.data)
                self.world.touch()
        finally:
            await connection.finish()
            if session is not None and session.connection is connection:
                session.connection = None
                if ws.close_code in (1000, 1001):
                    self.sessions.pop(session.id, None)
            self.world.touch()
        return ws

    async def _receive(self, connection: Connection, session: Session | None, raw: str) -> Session | None:
        try:
            payload = json.loads(raw)
            op, data = payload["op"], payload.get("d")
        except (ValueError, KeyError, TypeError):
            await connection.close(4002, "Error while decoding payload.")
            return session
        self.log.append(GatewayFrame("received", op, session_id=session.id if session else None))
        if connection.over_send_limit():
            await connection.close(4008, "Rate limited.")
            return session
        if op == HEARTBEAT:
            self._send_op(connection, HEARTBEAT_ACK)
        elif op == IDENTIFY:
            if session is not None:
                await connection.close(4005, "Already authenticated.")
                return session
            return await self._identify(connection, data or {})
        elif op == RESUME:
            return await self._resume(connection, data or {})
        elif op == REQUEST_MEMBERS:
            if session is None:
                await connection.close(4003, "Not authenticated.")
            else:
                self._send_member_chunk(session, data or {})
        elif op not in (PRESENCE, VOICE_STATE):
            await connection.close(4001, "Unknown opcode.")
        return session

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        if data.get("token") != self.config.token:
            await connection.close(4004, "Authentication failed.")
            return None
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents > ALL_INTENTS:
            await connection.close(4013, "Invalid intent(s).")
            return None
        if intents & PRIVILEGED & ~self.config.enabled_privileged:
            await connection.close(4014, "Disallowed intent(s).")
            return None
        try:
            shard = parse_shard(data.get("shard"))
        except InvalidShard:
            await connection.close(4010, "Invalid shard.")
            return None
        if sum(owns(shard, g) for g in self.world.guilds) > self.config.max_guilds_per_shard:
            await connection.close(4011, "Sharding required.")
            return None
        if self.start_limit.exhausted:
            await connection.close(4004, "Authentication failed.")
            return None
        if not self.start_limit.start(0 if shard is None else shard[0]):
            self._send_op(connection, INVALID_SESSION, False)
            return None
        self.identifies += 1
        session = Session(id=secrets.token_hex(16), intents=intents, shard=shard)
        session.connection = connection
        self.sessions[session.id] = session
        self._dispatch_to(session, "READY", self._ready_payload(session))
        with_members = bool(intents & Intent.GUILD_PRESENCES)
        for guild in self.world.guilds.values():
            if session.owns(guild.id):
                guild_create = payloads.guild_create(self.world, guild, all_members=with_members)
                self._dispatch_to(session, "GUILD_CREATE", guild_create)
        return session

    def _ready_payload(self, session: Session) -> dict[str, Any]:
        me = payloads.user(self.world.users[self.world.bot_user_id])
        me.update(verified=True, mfa_enabled=False, email=None)
        ready: dict[str, Any] = {
            "v": 10,
            "user": me,
            "user_settings": {},
            "guilds": [{"id": str(g), "unavailable": True} for g in self.world.guilds if session.owns(g)],
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.config.resume_url,
            "application": {"id": str(self.config.application_id), "flags": self.config.application_flags},
        }
        if session.shard is not None:
            ready["shard"] = list(session.shard)
        return ready

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        if data.get("token") != self.config.token:
            await connection.close(4004, "Authentication failed.")
            return None
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            self._send_op(connection, INVALID_SESSION, False)
            return None
        seq = data.get("seq")
        if not isinstance(seq, int) or seq > session.seq:
            await connection.close(4007, "Invalid seq.")
            return None
        if session.connection is not None:
            session.connection.abort()
        session.connection = connection
        self.resumes += 1
        for number, event, frame in session.history:
            if number > seq:
                connection.send(frame)
                self.log.append(
                    GatewayFrame(
                        "sent", DISPATCH, event, number, session.id, replayed=True, shard=session.shard
                    )
                )
        self._dispatch_to(session, "RESUMED", {})
        return session

    def _send_member_chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data.get("guild_id") or 0))
        # A session knows only its shard's guilds; any other is as unknown to it as one that never existed.
        if guild is None or not session.owns(guild.id):
            return
        query = (data.get("query") or "").lower()
        limit = data.get("limit") or 0
        wanted = {int(u) for u in data.get("user_ids") or []}
        members = [
            m
            for m in guild.members.values()
            if (not wanted or m.id in wanted)
            and (
                not query
                or m.user.username.lower().startswith(query)
                or (m.nick or "").lower().startswith(query)
            )
        ]
        if limit and not wanted:
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [payloads.member(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in wanted - {m.id for m in members}],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    async def drop(self, code: int | None = None) -> None:
        """Cut every live connection: abruptly (no close frame) or with a resumable close code."""
        for session in self.sessions.values():
            connection = session.connection
            if connection is None:
                continue
            session.connection = None
            if code is None:
                connection.abort()
            else:
                await connection.close(code, "Connection dropped by the test.")
        self.world.touch()

    async def close_all(self) -> None:
        """Close every connection when the server stops (1001, like a Discord node going away)."""
        for session in self.sessions.values():
            if session.connection is not None:
                connection, session.connection = session.connection, None
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.close(1001, "Server stopping."), 1.0)
