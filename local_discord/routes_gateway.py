"""The REST route a bot asks before connecting: GET /gateway/bot."""

from __future__ import annotations

from local_discord.gateway import Gateway
from local_discord.routing import ApiRequest, Reply, Router


def register(router: Router, gateway: Gateway) -> None:
    """Add the gateway route to ``router``."""

    async def bot_gateway(request: ApiRequest) -> Reply:
        """The gateway URL, the recommended shard count and the session start limit."""
        return Reply(gateway.bot_gateway())

    router.add("GET", "/gateway/bot", bot_gateway)
