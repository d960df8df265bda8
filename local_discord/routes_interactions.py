"""REST routes for interaction callbacks and the application's interaction webhook."""

from __future__ import annotations

from local_discord.interactions import Interactions, PendingInteraction
from local_discord.routing import ApiRequest, Reply, Router

WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"


def register(router: Router, interactions: Interactions) -> None:
    """Add the interaction routes to ``router``."""
    routes = InteractionRoutes(interactions)
    router.add("POST", "/interactions/{interaction_id}/{interaction_token}/callback", routes.callback)
    router.add("POST", WEBHOOK, routes.followup)
    router.add("GET", WEBHOOK + "/messages/{message_id}", routes.get_message)
    router.add("PATCH", WEBHOOK + "/messages/{message_id}", routes.edit_message)
    router.add("DELETE", WEBHOOK + "/messages/{message_id}", routes.delete_message)
    router.add("GET", WEBHOOK + "/messages/@original", routes.get_original)
    router.add("PATCH", WEBHOOK + "/messages/@original", routes.edit_original)
    router.add("DELETE", WEBHOOK + "/messages/@original", routes.delete_original)


class InteractionRoutes:
    """Handlers; the interaction token is the only credential these routes need."""

    def __init__(self, interactions: Interactions) -> None:
        self.interactions = interactions

    def _pending(self, request: ApiRequest) -> PendingInteraction:
        return self.interactions.for_webhook(request.id("webhook_id"), request.params["webhook_token"])

    def _render(self, message_id: int) -> Reply:
        core = self.interactions.core
        return Reply(core.render(core.world.messages[message_id]))

    async def callback(self, request: ApiRequest) -> Reply:
        """Answer an interaction; ``with_response`` asks for the callback response object."""
        pending = self.interactions.find(request.id("interaction_id"), request.params["interaction_token"])
        response = self.interactions.callback(pending, request.json or {}, request.files)
        wants = request.query.get("with_response", "false").lower() in ("true", "1")
        return Reply(response if wants else None)

    async def followup(self, request: ApiRequest) -> Reply:
        """Send a follow-up; ``wait`` decides between the message and 204."""
        pending = self._pending(request)
        message = self.interactions.followup(pending, request.json or {}, request.files)
        wants = request.query.get("wait", "false").lower() in ("true", "1")
        return self._render(message.id) if wants else Reply()

    async def get_original(self, request: ApiRequest) -> Reply:
        """The original response."""
        return self._render(self.interactions.original(self._pending(request)).id)

    async def edit_original(self, request: ApiRequest) -> Reply:
        """Edit the original response; this completes a deferred one."""
        pending = self._pending(request)
        message = self.interactions.edit(
            pending, self.interactions.original(pending), request.json or {}, request.files
        )
        return self._render(message.id)

    async def delete_original(self, request: ApiRequest) -> Reply:
        """Delete the original response."""
        self.interactions.core.delete_message(self.interactions.original(self._pending(request)))
        return Reply()

    async def get_message(self, request: ApiRequest) -> Reply:
        """A follow-up (or the original) by id."""
        pending = self._pending(request)
        return self._render(self.interactions.webhook_message(pending, request.id("message_id")).id)

    async def edit_message(self, request: ApiRequest) -> Reply:
        """Edit a follow-up (or the original) by id."""
        pending = self._pending(request)
        message = self.interactions.webhook_message(pending, request.id("message_id"))
        self.interactions.edit(pending, message, request.json or {}, request.files)
        return self._render(message.id)

    async def delete_message(self, request: ApiRequest) -> Reply:
        """Delete a follow-up (or the original) by id."""
        pending = self._pending(request)
        self.interactions.core.delete_message(
            self.interactions.webhook_message(pending, request.id("message_id"))
        )
        return Reply()
