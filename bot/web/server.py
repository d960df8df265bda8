"""The aiohttp application and its life: started in the bot's ``setup_hook``, stopped in ``close``.

Requests are not logged one by one: a supervisor probing /healthz and Prometheus scraping
/metrics every few seconds would bury the bot's own lines.
"""

from __future__ import annotations

import logging
import re

import discord
from aiohttp import web

from bot.config import WebSettings
from bot.db.database import Database
from bot.services.calendars import CalendarFeeds
from bot.services.nudges import NudgeService
from bot.web.health import health
from bot.web.metrics import CONTENT_TYPE_LATEST, Metrics

log = logging.getLogger(__name__)

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
"""What a feed token may look like (``secrets.token_urlsafe``)."""


class WebError(Exception):
    """The server cannot listen where ``[web] listen`` says; worded for the person who edits it."""


class WebServer:
    """GET /healthz, GET /metrics and GET /calendar/TOKEN.ics on ``[web] listen``."""

    def __init__(
        self,
        settings: WebSettings,
        client: discord.AutoShardedClient,
        database: Database,
        nudges: NudgeService,
        metrics: Metrics,
        feeds: CalendarFeeds,
    ) -> None:
        assert settings.listen is not None
        self._host, self._wanted_port = settings.listen
        self._settings = settings
        self._client = client
        self._database = database
        self._nudges = nudges
        self._metrics = metrics
        self._feeds = feeds
        self._runner: web.AppRunner | None = None
        self.port = 0
        """The port it listens on once started (the one the system picked, for port 0)."""
        self.app = web.Application()
        self.app.router.add_get("/healthz", self._healthz)
        self.app.router.add_get("/metrics", self._scrape)
        self.app.router.add_get("/calendar/{token}.ics", self._calendar)

    @property
    def base_url(self) -> str:
        """Where members reach the server: ``[web] public_url``, else the listen address."""
        if self._settings.public_url:
            return self._settings.public_url
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        runner = web.AppRunner(self.app, handle_signals=False, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._wanted_port).start()
        except OSError as error:
            await runner.cleanup()
            raise WebError(
                f"cannot listen on {self._host}:{self._wanted_port} ({error.strerror or error});"
                " choose a free port or an address of this machine"
            ) from None
        self._runner = runner
        self.port = runner.addresses[0][1]
        log.info("web server listening on %s:%d", self._host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        report = await health(self._client, self._database, self._settings.health_timeout)
        return web.json_response(report, status=200 if report["status"] == "ok" else 503)

    async def _scrape(self, request: web.Request) -> web.Response:
        try:
            backlog = await self._nudges.backlog()
        except Exception:
            # The rest of the metrics still tell a host what is wrong; /healthz names the database.
            log.warning("metrics: could not count the nudges", exc_info=True)
            backlog = None
        body = self._metrics.render(backlog=backlog, latencies=self._client.latencies)
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    async def _calendar(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        # Anything that cannot be a token is turned away before it reaches the database.
        if not TOKEN.fullmatch(token):
            raise web.HTTPNotFound()
        body = await self._feeds.feed(token, lambda guild_id: _name(self._client.get_guild(guild_id)))
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=body,
            content_type="text/calendar",
            charset="utf-8",
            headers={"Cache-Control": "private, max-age=300"},
        )


def _name(guild: discord.Guild | None) -> str | None:
    return guild.name if guild is not None else None
