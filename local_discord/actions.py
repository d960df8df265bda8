"""Acting as Discord users: commands, components, modals, reactions and messages.

Each action produces exactly the gateway traffic Discord would, and
interactions return an :class:`InteractionResult` as soon as the bot's callback
arrives (or fail after the configured timeout, Discord's 3 s rule stretched for
slow machines).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from local_discord.commands import CHAT_INPUT, MESSAGE_COMMAND, USER_COMMAND, OptionBuilder, find_command
from local_discord.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    Interactions,
    Modal,
    PendingInteraction,
)
from local_discord.model import Channel, Message, User
from local_discord.permissions import P
from local_discord.routes_channels import open_dm_channel
from local_discord.routing import UploadedFile

if TYPE_CHECKING:
    from local_discord.core import Core


class InteractionResult:
    """What the bot answered to one interaction, and what it did afterwards."""

    def __init__(self, pending: PendingInteraction, interactions: Interactions) -> None:
        self._pending = pending
        self._interactions = interactions

    @property
    def type(self) -> int:
        """The callback type (4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal)."""
        assert self._pending.response_type is not None
        return self._pending.response_type

    @property
    def message(self) -> Message | None:
        """The response message as it is now (the component's message for types 6 and 7)."""
        if self._pending.original_id is None:
            return None
        return self._interactions.core.world.messages[self._pending.original_id]

    @property
    def content(self) -> str | None:
        """Current content of the response message."""
        return self.message.content if self.message else None

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """Current embeds of the response message."""
        return self.message.embeds if self.message else []

    @property
    def components(self) -> list[dict[str, Any]]:
        """Current components of the response message."""
        return self.message.components if self.message else []

    @property
    def ephemeral(self) -> bool:
        """Whether the response is visible only to the invoking user."""
        return bool(self.message and self.message.ephemeral)

    @property
    def modal(self) -> Modal | None:
        """The modal the bot opened (type 9)."""
        return self._pending.modal

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """The autocomplete choices the bot offered (type 8)."""
        return self._pending.choices

    @property
    def followups(self) -> list[Message]:
        """Follow-up messages sent through the interaction webhook, in order."""
        world = self._interactions.core.world
        return [world.messages[i] for i in self._pending.followup_ids]

    @property
    def interaction_id(self) -> int:
        """The interaction's id."""
        return self._pending.id

    async def final(self, timeout: float = 5.0) -> Message:
        """The response once complete: a deferred response waits for the edit of ``@original``."""
        pending = self._pending
        if pending.response_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE):
            try:
                await self._interactions.core.world.wait_for(lambda: pending.original_edits > 0, timeout)
            except TimeoutError:
                raise TimeoutError(
                    f"the bot did not complete its deferred response within {timeout} s"
                ) from None
        message = self.message
        if message is None:
            raise LookupError(f"callback type {pending.response_type} has no response message")
        return message

    def __repr__(self) -> str:
        return f"<InteractionResult type={self._pending.response_type} content={self.content!r}>"


class UserActions:
    """Mixin for LocalDiscord: everything a simulated person can do."""

    core: Core
    interactions: Interactions
    interaction_timeout: float

    # -- application commands ---------------------------------------------------------

    async def slash(self, user: User, channel: Channel, command: str, **options: Any) -> InteractionResult:
        """Run ``/command [group] [sub] option=value...`` as ``user`` in ``channel``."""
        data = self._chat_input_data(user, channel, command, options, focused=None)
        return await self._interact(user, channel, APPLICATION_COMMAND, data)

    async def autocomplete(
        self, user: User, channel: Channel, command: str, *, focused: str, **options: Any
    ) -> list[dict[str, Any]]:
        """Type into option ``focused`` and return the choices the bot offers."""
        data = self._chat_input_data(user, channel, command, options, focused=focused)
        result = await self._interact(user, channel, AUTOCOMPLETE, data)
        return result.choices or []

    async def message_command(self, user: User, message: Message, name: str) -> InteractionResult:
        """Run a message context-menu command on ``message``."""
        channel = self.core.world.channels[message.channel_id]
        self._require(user, channel, P.USE_APPLICATION_COMMANDS)
        command = find_command(self.core.world, channel.guild_id, name, MESSAGE_COMMAND)
        self._check_command_permissions(user, channel, command)
        data = self._command_header(command)
        data["target_id"] = str(message.id)
        data["resolved"] = {"messages": {str(message.id): self.core.render(message)}}
        return await self._interact(user, channel, APPLICATION_COMMAND, data)

    async def user_command(self, user: User, channel: Channel, target: User, name: str) -> InteractionResult:
        """Run a user context-menu command on ``target``."""
        self._require(user, channel, P.USE_APPLICATION_COMMANDS)
        command = find_command(self.core.world, channel.guild_id, name, USER_COMMAND)
        self._check_command_permissions(user, channel, command)
        builder = OptionBuilder(self.core.world, channel, user)
        data = self._command_header(command)
        data["target_id"] = builder.resolve_user(target)
        data["resolved"] = builder.resolved
        return await self._interact(user, channel, APPLICATION_COMMAND, data)

    def _chat_input_data(
        self, user: User, channel: Channel, command: str, options: dict[str, Any], focused: str | None
    ) -> dict[str, Any]:
        self._require(user, channel, P.USE_APPLICATION_COMMANDS)
        name, *path = command.split()
        registered = find_command(self.core.world, channel.guild_id, name, CHAT_INPUT)
        self._check_command_permissions(user, channel, registered)
        builder = OptionBuilder(self.core.world, channel, user)
        data = self._command_header(registered)
        data["options"] = builder.chat_input(registered, path, options, focused)
        if builder.resolved:
            data["resolved"] = builder.resolved
        return data

    def _command_header(self, command: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": command["type"]}
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data

    def _check_command_permissions(self, user: User, channel: Channel, command: dict[str, Any]) -> None:
        context = 0 if channel.guild_id is not None else 1
        if command.get("contexts") is not None and context not in command["contexts"]:
            raise PermissionError(f"/{command['name']} is not offered in this context ({context})")
        required = command.get("default_member_permissions")
        if required is None or channel.guild_id is None:
            return
        perms = self.core.world.channel_permissions(channel, user.id)
        if int(required) & ~perms and not perms & P.ADMINISTRATOR:
            raise PermissionError(
                f"{user.username} may not use /{command['name']} (default_member_permissions)"
            )

    # -- components and modals -------------------------------------------------------------

    async def click_button(self, user: User, message: Message, custom_id: str) -> InteractionResult:
        """Click an enabled button of ``message``."""
        component = _find_component(message.components, custom_id)
        if component is None or component.get("type") != 2:
            raise LookupError(f"message {message.id} has no button {custom_id!r}")
        if component.get("disabled"):
            raise PermissionError(f"button {custom_id!r} is disabled")
        data = {"custom_id": custom_id, "component_type": 2, "id": component.get("id")}
        return await self._component(user, message, data)

    async def select(
        self, user: User, message: Message, custom_id: str, values: list[str]
    ) -> InteractionResult:
        """Pick ``values`` in a string select menu of ``message``."""
        component = _find_component(message.components, custom_id)
        if component is None or component.get("type") != 3:
            raise LookupError(f"message {message.id} has no select menu {custom_id!r}")
        offered = {o["value"] for o in component.get("options") or []}
        if not set(values) <= offered:
            raise ValueError(f"{values} are not all among the options {sorted(offered)}")
        data = {"custom_id": custom_id, "component_type": 3, "values": values, "id": component.get("id")}
        return await self._component(user, message, data)

    async def _component(self, user: User, message: Message, data: dict[str, Any]) -> InteractionResult:
        channel = self.core.world.channels[message.channel_id]
        self._require(user, channel)
        return await self._interact(user, channel, MESSAGE_COMPONENT, data, source=message)

    async def submit_modal(
        self, user: User, channel: Channel, custom_id: str, values: dict[str, str | list[str]]
    ) -> InteractionResult:
        """Fill in and submit the modal the bot last showed ``user`` with this custom_id."""
        shown = self.interactions.last_modal(user, custom_id)
        assert shown.modal is not None
        known = {f.custom_id for f in shown.modal.fields}
        unknown = set(values) - known
        if unknown:
            raise KeyError(f"the modal has no fields {sorted(unknown)}; it has {sorted(known)}")
        components = [_submitted(c, values) for c in shown.modal.components]
        data = {"custom_id": custom_id, "components": components}
        return await self._interact(user, channel, MODAL_SUBMIT, data, source=shown.source_message)

    # -- reactions and messages ---------------------------------------------------------------

    async def react(self, user: User, message: Message, emoji: str) -> None:
        """Add a reaction as ``user`` (unicode character, or ``name:id`` for a custom emoji)."""
        channel = self.core.world.channels[message.channel_id]
        if message.reaction(emoji) is None:
            self._require(user, channel, P.READ_MESSAGE_HISTORY, P.ADD_REACTIONS)
        else:
            self._require(user, channel, P.READ_MESSAGE_HISTORY)
        self.core.add_reaction(message, user, emoji)

    async def unreact(self, user: User, message: Message, emoji: str) -> None:
        """Withdraw ``user``'s reaction."""
        self.core.remove_reaction(message, user, emoji)

    async def post_message(
        self,
        user: User,
        channel: Channel,
        content: str = "",
        *,
        reply_to: Message | None = None,
        embeds: list[dict[str, Any]] | None = None,
        files: list[tuple[str, bytes]] | None = None,
    ) -> Message:
        """Post a message as ``user``; it reaches the bot as MESSAGE_CREATE."""
        send_bit = P.SEND_MESSAGES_IN_THREADS if channel.is_thread else P.SEND_MESSAGES
        self._require(user, channel, send_bit)
        body: dict[str, Any] = {"content": content}
        if embeds:
            body["embeds"] = embeds
        if reply_to is not None:
            body["message_reference"] = {"message_id": reply_to.id, "channel_id": reply_to.channel_id}
        uploads = [
            UploadedFile(f"files[{i}]", name, data, None) for i, (name, data) in enumerate(files or [])
        ]
        return self.core.create_message(user, channel, body, uploads)

    async def edit_user_message(self, user: User, message: Message, content: str) -> Message:
        """Edit a message ``user`` wrote; it reaches the bot as MESSAGE_UPDATE."""
        if message.author is not user:
            raise PermissionError("people can only edit their own messages")
        return self.core.edit_message(message, {"content": content})

    async def delete_user_message(self, user: User, message: Message) -> None:
        """Delete a message as ``user`` (their own, or any with MANAGE_MESSAGES)."""
        if message.author is not user:
            self._require(user, self.core.world.channels[message.channel_id], P.MANAGE_MESSAGES)
        self.core.delete_message(message)

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between the bot and ``user`` (opened on first use)."""
        return open_dm_channel(self.core, user)

    # -- plumbing -------------------------------------------------------------------------------

    def _require(self, user: User, channel: Channel, *bits: int) -> None:
        perms = self.core.world.channel_permissions(channel, user.id)
        missing = [P(b).name for b in (P.VIEW_CHANNEL, *bits) if not perms & b]
        if missing:
            raise PermissionError(f"{user.username} lacks {missing} in channel {channel.id}")

    async def _interact(
        self, user: User, channel: Channel, kind: int, data: dict[str, Any], source: Message | None = None
    ) -> InteractionResult:
        if not self.core.gateway.serves(channel.guild_id):
            raise RuntimeError(
                "no bot session on the gateway holds this channel's shard,"
                " so nobody would receive the interaction"
            )
        pending = self.interactions.create(user, channel, kind, data, source)
        try:
            await asyncio.wait_for(pending.responded.wait(), self.interaction_timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not answer interaction {pending.id} ({data.get('name') or data.get('custom_id')})"
                f" within {self.interaction_timeout} s"
            ) from None
        return InteractionResult(pending, self.interactions)


def _find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        for key in ("components", "accessory", "component"):
            nested = component.get(key)
            children = nested if isinstance(nested, list) else [nested] if isinstance(nested, dict) else []
            found = _find_component(children, custom_id)
            if found is not None:
                return found
    return None


def _submitted(component: dict[str, Any], values: dict[str, str | list[str]]) -> dict[str, Any]:
    """Mirror one modal component as a client submits it, with the user's values."""
    kind = component.get("type")
    out: dict[str, Any] = {"type": kind}
    if "id" in component:
        out["id"] = component["id"]
    if kind == 1:
        out["components"] = [_submitted(c, values) for c in component.get("components") or []]
    elif kind == 18:
        out["component"] = _submitted(component.get("component") or {}, values)
    elif component.get("custom_id") is not None:
        custom_id = component["custom_id"]
        out["custom_id"] = custom_id
        if kind == 4:
            value = values.get(custom_id, component.get("value") or "")
            if not value and component.get("required", True):
                raise ValueError(f"required field {custom_id!r} left empty")
            out["value"] = value
        else:
            chosen = values.get(custom_id, [])
            out["values"] = [chosen] if isinstance(chosen, str) else list(chosen)
    return out
