"""Interactions: INTERACTION_CREATE payloads, the callback, and the webhook follow-ups.

An interaction is created by a simulated user, answered by the bot through
``POST /interactions/{id}/{token}/callback`` and then continued through the
application's webhook (``@original`` edits and follow-ups). The callback types a
given interaction accepts, the deferred "thinking" message and its replacement
by the first follow-up all behave as on Discord.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from local_discord import payloads
from local_discord.core import Core
from local_discord.model import EPHEMERAL, LOADING, Channel, Message, User
from local_discord.routing import ApiError, UploadedFile, invalid_form, unknown

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
CHANNEL_MESSAGE = 4
DEFERRED_MESSAGE = 5
DEFERRED_UPDATE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

_ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
}
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
TOKEN_LIFETIME_S = 15 * 60
"""How long Discord honours an interaction's token for editing its answer and following up."""


@dataclass
class ModalField:
    """One input of a modal the bot opened, with the value it was prefilled with."""

    custom_id: str
    type: int
    label: str | None = None
    value: str | None = None
    required: bool = True
    style: int | None = None
    options: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Modal:
    """A modal as the bot sent it (callback type 9)."""

    custom_id: str
    title: str
    components: list[dict[str, Any]]
    fields: list[ModalField]

    def field(self, custom_id: str) -> ModalField:
        """The input with this custom_id."""
        for candidate in self.fields:
            if candidate.custom_id == custom_id:
                return candidate
        raise KeyError(custom_id)


@dataclass(eq=False)
class PendingInteraction:
    """An interaction and everything the bot did in answer to it."""

    id: int
    token: str
    type: int
    user: User
    channel: Channel
    data: dict[str, Any]
    source_message: Message | None = None
    created: float = field(default_factory=time.monotonic)
    response_type: int | None = None
    callback_data: dict[str, Any] | None = None
    original_id: int | None = None
    original_edits: int = 0
    followup_ids: list[int] = field(default_factory=list)
    modal: Modal | None = None
    choices: list[dict[str, Any]] | None = None
    responded: asyncio.Event = field(default_factory=asyncio.Event)


class Interactions:
    """Creates interactions and serves their callback and webhook routes."""

    def __init__(self, core: Core, deadline_seconds: float) -> None:
        self.core = core
        self.deadline_seconds = deadline_seconds
        self.token_lifetime_seconds = TOKEN_LIFETIME_S
        self.by_token: dict[str, PendingInteraction] = {}

    # -- creation ---------------------------------------------------------------

    def create(
        self, user: User, channel: Channel, kind: int, data: dict[str, Any], source: Message | None = None
    ) -> PendingInteraction:
        """Record an interaction and send INTERACTION_CREATE."""
        pending = PendingInteraction(
            id=self.core.world.ids.next(),
            token=f"aW50ZXJhY3Rpb24{secrets.token_urlsafe(48)}",
            type=kind,
            user=user,
            channel=channel,
            data=data,
            source_message=source,
        )
        self.by_token[pending.token] = pending
        self.core.gateway.dispatch("INTERACTION_CREATE", self._payload(pending), guild_id=channel.guild_id)
        return pending

    def _payload(self, pending: PendingInteraction) -> dict[str, Any]:
        world, app = self.core.world, self.core.app
        channel = pending.channel
        guild = world.guild_of(channel)
        user_perms = world.channel_permissions(channel, pending.user.id)
        channel_data = payloads.channel(world, channel)
        channel_data["permissions"] = str(user_perms)
        data: dict[str, Any] = {
            "id": str(pending.id),
            "application_id": str(app.application_id),
            "type": pending.type,
            "data": pending.data,
            "token": pending.token,
            "version": 1,
            "channel_id": str(channel.id),
            "channel": channel_data,
            "app_permissions": str(world.channel_permissions(channel, app.bot.id)),
            "locale": pending.user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
            "context": 0 if guild else 1,
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild is not None:
            member = guild.members[pending.user.id]
            data["guild_id"] = str(guild.id)
            data["guild_locale"] = guild.preferred_locale
            data["guild"] = {"id": str(guild.id), "locale": guild.preferred_locale, "features": []}
            data["member"] = payloads.member(member, permissions=user_perms)
        else:
            data["user"] = payloads.user(pending.user)
        if pending.source_message is not None:
            data["message"] = self.core.render(pending.source_message)
        return data

    # -- the callback -------------------------------------------------------------

    def find(self, interaction_id: int, token: str) -> PendingInteraction:
        """The interaction a callback is for, or Discord's "Unknown interaction"."""
        pending = self.by_token.get(token)
        if pending is None or pending.id != interaction_id:
            raise unknown("interaction", 10062)
        return pending

    def callback(
        self, pending: PendingInteraction, body: dict[str, Any], files: list[UploadedFile]
    ) -> dict[str, Any]:
        """Apply the bot's response and return the interaction callback response object."""
        if pending.response_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - pending.created > self.deadline_seconds:
            raise unknown("interaction", 10062)
        kind = body.get("type")
        allowed = set(_ALLOWED_CALLBACKS[pending.type])
        if pending.source_message is None:
            allowed -= {DEFERRED_UPDATE, UPDATE_MESSAGE}
        if kind not in allowed:
            raise invalid_form(
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "BASE_TYPE_CHOICES",
                                "message": f"Value must be one of {sorted(allowed)}.",
                            }
                        ]
                    }
                }
            )
        data = body.get("data") or {}
        message: Message | None = None
        if kind in (CHANNEL_MESSAGE, DEFERRED_MESSAGE):
            message = self._respond_with_message(pending, kind, data, files)
        elif kind == UPDATE_MESSAGE:
            assert pending.source_message is not None
            message = self.core.edit_message(pending.source_message, data, files)
            pending.original_id = message.id
        elif kind == DEFERRED_UPDATE:
            assert pending.source_message is not None
            pending.original_id = pending.source_message.id
        elif kind == AUTOCOMPLETE_RESULT:
            pending.choices = list(data.get("choices") or [])
        elif kind == MODAL:
            pending.modal = parse_modal(data)
        pending.response_type = kind
        pending.callback_data = data
        pending.responded.set()
        self.core.world.touch()
        return self._callback_response(pending, kind, message)

    def _respond_with_message(
        self, pending: PendingInteraction, kind: int, data: dict[str, Any], files: list[UploadedFile]
    ) -> Message:
        flags = EPHEMERAL if int(data.get("flags") or 0) & EPHEMERAL else 0
        if kind == DEFERRED_MESSAGE:
            flags |= LOADING
            data = {k: v for k, v in data.items() if k != "flags"}
        message = self.core.create_message(
            self.core.app.bot,
            pending.channel,
            data,
            files,
            message_type=self._message_type(pending),
            extra_flags=flags,
            webhook_id=self.core.app.application_id,
            interaction_metadata=self._metadata(pending),
            interaction=self._legacy_interaction(pending),
        )
        pending.original_id = message.id
        return message

    def _callback_response(
        self, pending: PendingInteraction, kind: int, message: Message | None
    ) -> dict[str, Any]:
        interaction: dict[str, Any] = {"id": str(pending.id), "type": pending.type}
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            interaction["response_message_id"] = str(message.id)
            interaction["response_message_loading"] = kind == DEFERRED_MESSAGE
            interaction["response_message_ephemeral"] = message.ephemeral
            resource["message"] = payloads.message(self.core.world, message)
        return {"interaction": interaction, "resource": resource}

    def _message_type(self, pending: PendingInteraction) -> int:
        if pending.type == APPLICATION_COMMAND:
            return 20 if pending.data.get("type", 1) == 1 else 23
        return 0

    def _metadata(self, pending: PendingInteraction) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "id": str(pending.id),
            "type": pending.type,
            "user": payloads.user(pending.user),
            "authorizing_integration_owners": {"0": str(pending.channel.guild_id or 0)},
        }
        if pending.type == APPLICATION_COMMAND:
            metadata["name"] = command_name(pending.data)
            metadata["command_type"] = pending.data.get("type", 1)
            if pending.data.get("target_id") and pending.data.get("type") == 3:
                metadata["target_message_id"] = pending.data["target_id"]
        if pending.source_message is not None:
            metadata["interacted_message_id"] = str(pending.source_message.id)
        return metadata

    def _legacy_interaction(self, pending: PendingInteraction) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(pending.id),
            "type": pending.type,
            "name": command_name(pending.data)
            if pending.type == APPLICATION_COMMAND
            else pending.data.get("custom_id", ""),
            "user": payloads.user(pending.user),
        }
        if pending.channel.guild_id is not None:
            data["member"] = payloads.member(
                self.core.world.guilds[pending.channel.guild_id].members[pending.user.id], with_user=False
            )
        return data

    # -- webhook routes -----------------------------------------------------------------

    def for_webhook(self, application_id: int, token: str) -> PendingInteraction:
        """The interaction behind an application webhook token, or Discord's "Unknown Webhook"; a
        token older than Discord's 15 minutes is refused as invalid."""
        pending = self.by_token.get(token)
        if pending is None or application_id != self.core.app.application_id:
            raise unknown("Webhook", 10015)
        if time.monotonic() - pending.created > self.token_lifetime_seconds:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        return pending

    def original(self, pending: PendingInteraction) -> Message:
        """The original response message (or the component's message for update responses)."""
        if pending.original_id is None:
            raise unknown("Message", 10008)
        message = self.core.world.messages[pending.original_id]
        if message.deleted:
            raise unknown("Message", 10008)
        return message

    def webhook_message(self, pending: PendingInteraction, message_id: int) -> Message:
        """A message this interaction's webhook created (original or follow-up)."""
        if message_id in pending.followup_ids or message_id == pending.original_id:
            message = self.core.world.messages[message_id]
            if not message.deleted:
                return message
        raise unknown("Message", 10008)

    def edit(
        self, pending: PendingInteraction, message: Message, body: dict[str, Any], files: list[UploadedFile]
    ) -> Message:
        """Edit a webhook message; an edit of the original is what completes a deferred response."""
        self.core.edit_message(message, body, files)
        if message.id == pending.original_id:
            pending.original_edits += 1
        self.core.world.touch()
        return message

    def followup(
        self, pending: PendingInteraction, body: dict[str, Any], files: list[UploadedFile]
    ) -> Message:
        """Send a follow-up; after a deferred response the first one replaces the "thinking" message."""
        if pending.response_type is None:
            raise unknown("Webhook", 10015)
        if pending.response_type == DEFERRED_MESSAGE and pending.original_edits == 0:
            original = self.original(pending)
            if original.flags & LOADING:
                edit = {
                    k: v
                    for k, v in body.items()
                    if k in ("content", "embeds", "components", "allowed_mentions", "attachments")
                }
                return self.edit(pending, original, edit, files)
        flags = EPHEMERAL if int(body.get("flags") or 0) & EPHEMERAL else 0
        message = self.core.create_message(
            self.core.app.bot,
            pending.channel,
            body,
            files,
            message_type=self._message_type(pending),
            extra_flags=flags,
            webhook_id=self.core.app.application_id,
            interaction_metadata={
                **self._metadata(pending),
                "original_response_message_id": str(pending.original_id or 0),
            },
        )
        pending.followup_ids.append(message.id)
        self.core.world.touch()
        return message

    def last_modal(self, user: User, custom_id: str) -> PendingInteraction:
        """The latest interaction of ``user`` that the bot answered with this modal."""
        for pending in reversed(list(self.by_token.values())):
            if pending.user is user and pending.modal is not None and pending.modal.custom_id == custom_id:
                return pending
        raise LookupError(f"the bot never showed {user.username} a modal with custom_id {custom_id!r}")


def command_name(data: dict[str, Any]) -> str:
    """The full invoked name, e.g. ``meetup propose`` for a subcommand."""
    parts = [data.get("name", "")]
    options = data.get("options") or []
    while options and options[0].get("type") in (1, 2):
        parts.append(options[0]["name"])
        options = options[0].get("options") or []
    return " ".join(parts)


def parse_modal(data: dict[str, Any]) -> Modal:
    """Read the inputs of a modal from its component tree (action rows or labels)."""
    fields: list[ModalField] = []

    def visit(component: dict[str, Any], label: str | None) -> None:
        kind = component.get("type")
        if kind == 1:
            for child in component.get("components") or []:
                visit(child, None)
        elif kind == 18:
            visit(component.get("component") or {}, component.get("label"))
        elif component.get("custom_id") is not None:
            fields.append(
                ModalField(
                    custom_id=component["custom_id"],
                    type=kind or 0,
                    label=label or component.get("label"),
                    value=component.get("value"),
                    required=component.get("required", True),
                    style=component.get("style"),
                    options=list(component.get("options") or []),
                )
            )

    components = data.get("components") or []
    for top in components:
        visit(top, None)
    return Modal(data.get("custom_id", ""), data.get("title", ""), components, fields)
