"""Operations shared by the REST routes and the simulated users.

Each operation checks what Discord checks, changes the world, and dispatches
the gateway events Discord would send for it, so a message posted by a test
user and one posted by the bot travel the same path.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from local_discord import payloads
from local_discord.gateway import Gateway, Payload, Session
from local_discord.intents import Intent, message_intent, reaction_intent
from local_discord.limits import check_message_limits
from local_discord.mentions import AllowedMentionsError, compute_pings
from local_discord.model import LOADING, Attachment, Channel, Message, Pinged, Reaction, User
from local_discord.permissions import P
from local_discord.routing import (
    ApiError,
    UploadedFile,
    invalid_form,
    missing_access,
    missing_permissions,
    unknown,
)
from local_discord.snowflake import now
from local_discord.state import World

SETTABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15)
"""SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2: all a sender may set."""

REPLY = 19


@dataclass
class AppConfig:
    """The application the server plays host to."""

    token: str
    application_id: int
    bot: User
    base_url: str
    enabled_privileged: int


class Core:
    """World-changing operations with Discord's checks and gateway events."""

    def __init__(self, world: World, gateway: Gateway, app: AppConfig) -> None:
        self.world = world
        self.gateway = gateway
        self.app = app

    # -- look-ups with Discord's errors ----------------------------------------

    def channel(self, channel_id: int) -> Channel:
        """A channel the bot can address, or Discord's 404."""
        found = self.world.channels.get(channel_id)
        if found is None:
            raise unknown("Channel", 10003)
        return found

    def message(self, channel: Channel, message_id: int) -> Message:
        """A live message in ``channel``, or Discord's 404."""
        found = self.world.messages.get(message_id)
        if found is None or found.deleted or found.channel_id != channel.id or found.ephemeral:
            raise unknown("Message", 10008)
        return found

    def user(self, user_id: int) -> User:
        """A known user, or Discord's 404."""
        found = self.world.users.get(user_id)
        if found is None:
            raise unknown("User", 10013)
        return found

    def require(self, channel: Channel, *bits: int, user_id: int | None = None) -> int:
        """The bot's (or a user's) channel permissions, raising 403 if any bit is missing."""
        perms = self.world.channel_permissions(channel, self.app.bot.id if user_id is None else user_id)
        if not perms & P.VIEW_CHANNEL:
            raise missing_access()
        for bit in bits:
            if not perms & bit:
                raise missing_permissions()
        return perms

    # -- rendering ------------------------------------------------------------

    def sees_content(self, msg: Message, intents: int) -> bool:
        """Discord's MESSAGE_CONTENT rule: DMs, the bot's own messages and mentions are always visible."""
        return bool(
            intents & Intent.MESSAGE_CONTENT
            or msg.guild_id is None
            or msg.author.id == self.app.bot.id
            or self.app.bot.id in msg.pinged.users
        )

    def render(self, msg: Message) -> dict[str, Any]:
        """A message as a REST answer, redacted if the application lacks MESSAGE_CONTENT."""
        redact = not self.sees_content(msg, self.app.enabled_privileged)
        return payloads.message(self.world, msg, redact=redact)

    def _event_view(self, msg: Message, extra: dict[str, Any] | None = None) -> Any:
        def view(session: Session) -> dict[str, Any]:
            data = payloads.message(
                self.world, msg, gateway=True, redact=not self.sees_content(msg, session.intents)
            )
            if extra:
                data.update(extra)
            return data

        return view

    def _announce(self, event: str, data: Payload, msg: Message, intent: Callable[[bool], int]) -> None:
        """Dispatch an event about ``msg`` under the guild or DM flavour of ``intent``, to its guild's shard."""
        self.gateway.dispatch(event, data, guild_id=msg.guild_id, intent=intent(msg.guild_id is not None))

    # -- messages -------------------------------------------------------------

    def create_message(
        self,
        author: User,
        channel: Channel,
        body: dict[str, Any],
        files: list[UploadedFile] | None = None,
        *,
        message_type: int = 0,
        extra_flags: int = 0,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        interaction: dict[str, Any] | None = None,
    ) -> Message:
        """Create a message (deduplicating enforced nonces) and announce it over the gateway."""
        files = files or []
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            existing = self.world.message_for_nonce(channel.id, author.id, str(nonce))
            if existing is not None:
                return existing
        has_payload = (
            any(body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll")) or files
        )
        if not has_payload and not extra_flags & LOADING:
            raise ApiError(400, 50006, "Cannot send an empty message")
        check_message_limits(by_bot=author.bot, body=body)
        reference, referenced = self._reference(channel, body.get("message_reference"))
        msg = Message(
            id=self.world.ids.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author,
            content=str(body.get("content") or ""),
            embeds=[_normalise_embed(e) for e in body.get("embeds") or []],
            components=_number_components(body.get("components") or []),
            type=REPLY if reference is not None and message_type == 0 else message_type,
            flags=(int(body.get("flags") or 0) & SETTABLE_FLAGS) | extra_flags,
            tts=bool(body.get("tts")),
            nonce=nonce,
            message_reference=reference,
            webhook_id=webhook_id,
            application_id=self.app.application_id if webhook_id is not None else None,
            interaction_metadata=interaction_metadata,
            interaction=interaction,
        )
        msg.attachments = self._attachments(msg, body.get("attachments"), files, keep=[])
        msg.pinged = self._pings(author, channel, msg.content, body, referenced)
        self.world.store_message(msg)
        if nonce is not None and body.get("enforce_nonce"):
            self.world.remember_nonce(msg, str(nonce))
        if not msg.ephemeral:
            extra = {"nonce": nonce} if nonce is not None else None
            self._announce("MESSAGE_CREATE", self._event_view(msg, extra), msg, message_intent)
        self.world.touch()
        return msg

    def edit_message(
        self, msg: Message, body: dict[str, Any], files: list[UploadedFile] | None = None
    ) -> Message:
        """Apply an edit; content edits re-parse mentions with the edit's own allowed_mentions."""
        channel = self.world.channels[msg.channel_id]
        check_message_limits(by_bot=msg.author.bot, body=body)
        if "content" in body:
            msg.content = str(body["content"] or "")
            msg.pinged = self._pings(msg.author, channel, msg.content, body, None)
        if "embeds" in body:
            msg.embeds = [_normalise_embed(e) for e in body["embeds"] or []]
        if "components" in body:
            msg.components = _number_components(body["components"] or [])
        if body.get("flags") is not None:
            msg.flags = (msg.flags & ~SETTABLE_FLAGS) | (int(body["flags"]) & SETTABLE_FLAGS)
        if "attachments" in body or files:
            msg.attachments = self._attachments(
                msg, body.get("attachments"), files or [], keep=msg.attachments
            )
        msg.flags &= ~LOADING
        msg.edited_timestamp = now()
        msg.edits += 1
        if not msg.ephemeral:
            self._announce("MESSAGE_UPDATE", self._event_view(msg), msg, message_intent)
        self.world.touch()
        return msg

    def delete_message(self, msg: Message) -> None:
        """Delete a message and announce it (the author's own deletions included)."""
        msg.deleted = True
        if not msg.ephemeral:
            data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id is not None:
                data["guild_id"] = str(msg.guild_id)
            self._announce("MESSAGE_DELETE", data, msg, message_intent)
        self.world.touch()

    def _reference(
        self, channel: Channel, reference: dict[str, Any] | None
    ) -> tuple[dict[str, Any] | None, Message | None]:
        if not reference or reference.get("type", 0) != 0 or reference.get("message_id") is None:
            return None, None
        referenced = self.world.messages.get(int(reference["message_id"]))
        ref_channel = int(reference.get("channel_id") or channel.id)
        if referenced is None or referenced.deleted or ref_channel != channel.id:
            if reference.get("fail_if_not_exists", True):
                raise invalid_form(
                    {
                        "message_reference": {
                            "_errors": [
                                {"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}
                            ]
                        }
                    }
                )
            return None, None
        data: dict[str, Any] = {"type": 0, "channel_id": str(channel.id), "message_id": str(referenced.id)}
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
        return data, referenced

    def _pings(
        self, author: User, channel: Channel, content: str, body: dict[str, Any], referenced: Message | None
    ) -> Pinged:
        guild = self.world.guild_of(channel)
        perms = self.world.channel_permissions(channel, author.id)
        try:
            return compute_pings(
                content,
                body.get("allowed_mentions"),
                known_users=guild.members if guild else channel.recipient_ids,
                known_roles=guild.roles if guild else (),
                mentionable_roles=[r.id for r in guild.roles.values() if r.mentionable] if guild else (),
                can_mention_everyone=bool(guild and perms & P.MENTION_EVERYONE),
                replied_user_id=referenced.author.id
                if referenced and referenced.author.id != author.id
                else None,
            )
        except AllowedMentionsError as error:
            raise invalid_form(
                {
                    "allowed_mentions": {
                        "_errors": [
                            {"code": "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", "message": str(error)}
                        ]
                    }
                }
            ) from error

    def _attachments(
        self,
        msg: Message,
        listed: list[dict[str, Any]] | None,
        files: list[UploadedFile],
        keep: list[Attachment],
    ) -> list[Attachment]:
        by_id = {str(a.get("id")): a for a in listed or []}
        kept = [a for a in keep if listed is None or str(a.id) in by_id]
        for index, upload in enumerate(files):
            meta = by_id.get(str(index), {})
            attachment_id = self.world.ids.next()
            filename = meta.get("filename") or upload.filename
            attachment = Attachment(
                id=attachment_id,
                filename=filename,
                content=upload.content,
                content_type=_content_type(filename, upload.content_type),
                url=f"{self.app.base_url}/attachments/{msg.channel_id}/{attachment_id}/{filename}",
                description=meta.get("description"),
            )
            self.world.attachments[attachment_id] = attachment
            kept.append(attachment)
        return kept

    # -- reactions --------------------------------------------------------------

    def add_reaction(self, msg: Message, user: User, emoji: str) -> None:
        """Add ``user``'s reaction (a no-op if already there, as on Discord) and announce it."""
        reaction = msg.reaction(emoji)
        if reaction is None:
            name, emoji_id = _split_emoji(emoji)
            reaction = Reaction(emoji_name=name, emoji_id=emoji_id)
            msg.reactions.append(reaction)
        if user.id in reaction.user_ids:
            return
        reaction.user_ids.append(user.id)
        data = self._reaction_event(msg, user, reaction)
        data["message_author_id"] = str(msg.author.id)
        if msg.guild_id is not None:
            member = self.world.member(msg.guild_id, user.id)
            if member is not None:
                data["member"] = payloads.member(member)
        self._announce("MESSAGE_REACTION_ADD", data, msg, reaction_intent)
        self.world.touch()

    def remove_reaction(self, msg: Message, user: User, emoji: str) -> None:
        """Remove ``user``'s reaction if present and announce it."""
        reaction = msg.reaction(emoji)
        if reaction is None or user.id not in reaction.user_ids:
            return
        reaction.user_ids.remove(user.id)
        if not reaction.user_ids:
            msg.reactions.remove(reaction)
        data = self._reaction_event(msg, user, reaction)
        self._announce("MESSAGE_REACTION_REMOVE", data, msg, reaction_intent)
        self.world.touch()

    def _reaction_event(self, msg: Message, user: User, reaction: Reaction) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user_id": str(user.id),
            "channel_id": str(msg.channel_id),
            "message_id": str(msg.id),
            "emoji": reaction.emoji_payload(),
            "burst": False,
            "burst_colors": [],
            "type": 0,
        }
        if msg.guild_id is not None:
            data["guild_id"] = str(msg.guild_id)
        return data


def _split_emoji(emoji: str) -> tuple[str, int | None]:
    name, _, emoji_id = emoji.partition(":")
    if emoji_id:
        return name, int(emoji_id)
    if emoji.isascii():
        raise ApiError(400, 10014, "Unknown Emoji")
    return emoji, None


def _content_type(filename: str, declared: str | None) -> str | None:
    """Discord sniffs the type from the name when the upload only says "some bytes"."""
    if declared and declared != "application/octet-stream":
        return declared
    guessed, _ = mimetypes.guess_type(filename)
    if guessed is not None and guessed.startswith("text/"):
        return f"{guessed}; charset=utf-8"
    return guessed or declared


def _normalise_embed(embed: dict[str, Any]) -> dict[str, Any]:
    # Discord stores every embed a bot sends as "rich", whatever type was asked for.
    return {**embed, "type": "rich"}


def _number_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give components without an ``id`` the sequential ids Discord assigns."""
    counter = iter(range(1, 10_000))

    def visit(component: dict[str, Any]) -> dict[str, Any]:
        numbered = {"id": next(counter), **component}
        if isinstance(numbered.get("components"), list):
            numbered["components"] = [visit(c) for c in numbered["components"]]
        for key in ("accessory", "component"):
            if isinstance(numbered.get(key), dict):
                numbered[key] = visit(numbered[key])
        return numbered

    return [visit(c) for c in components]
