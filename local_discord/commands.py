"""Building application-command interaction data the way a Discord client does.

A user can only run commands the bot registered, with the options those
commands declare; values given as Python objects are encoded by the option's
registered type (and must fit it), and users, channels and roles are added to
``resolved`` exactly as Discord attaches them.
"""

from __future__ import annotations

from typing import Any

from local_discord import payloads
from local_discord.model import Channel, Role, User
from local_discord.state import World

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10
CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3


class UnknownCommand(LookupError):
    """The bot never registered this command, so no user could invoke it."""


def find_command(world: World, guild_id: int | None, name: str, kind: int) -> dict[str, Any]:
    """The registered command a user would see in this guild (guild commands first)."""
    scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
    for scope in scopes:
        for command in world.commands.get(scope, []):
            if command["name"] == name and command["type"] == kind:
                return command
    raise UnknownCommand(
        f"no {name!r} command (type {kind}) is registered; the bot must sync its command tree first"
    )


class OptionBuilder:
    """Encodes option values for one invocation and collects their ``resolved`` data."""

    def __init__(self, world: World, channel: Channel, invoker: User) -> None:
        self.world = world
        self.channel = channel
        self.invoker = invoker
        self.resolved: dict[str, dict[str, Any]] = {}

    def chat_input(
        self, command: dict[str, Any], path: list[str], values: dict[str, Any], focused: str | None = None
    ) -> list[dict[str, Any]]:
        """The nested ``options`` for ``/command sub... key=value``."""
        definitions = command.get("options") or []
        chain: list[tuple[int, str]] = []
        for part in path:
            match = next(
                (
                    o
                    for o in definitions
                    if o["name"] == part and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
                ),
                None,
            )
            if match is None:
                raise UnknownCommand(f"{command['name']} has no subcommand {part!r}")
            chain.append((match["type"], part))
            definitions = match.get("options") or []
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in definitions):
            raise UnknownCommand(f"{command['name']} {' '.join(path)} needs a subcommand")
        leaf = self._leaf_options(definitions, values, focused)
        for kind, name in reversed(chain):
            leaf = [{"type": kind, "name": name, "options": leaf}]
        return leaf

    def _leaf_options(
        self, definitions: list[dict[str, Any]], values: dict[str, Any], focused: str | None
    ) -> list[dict[str, Any]]:
        by_name = {d["name"]: d for d in definitions}
        for name in values:
            if name not in by_name:
                raise TypeError(f"unknown option {name!r}; the command declares {sorted(by_name)}")
        if focused is not None and not by_name.get(focused, {}).get("autocomplete"):
            raise TypeError(f"option {focused!r} does not have autocomplete")
        options = []
        for definition in definitions:
            name = definition["name"]
            if name not in values:
                if definition.get("required") and focused is None:
                    raise TypeError(f"required option {name!r} is missing")
                continue
            if name == focused:
                options.append(
                    {"type": definition["type"], "name": name, "value": str(values[name]), "focused": True}
                )
            else:
                options.append(
                    {"type": definition["type"], "name": name, "value": self.encode(definition, values[name])}
                )
        return options

    def encode(self, definition: dict[str, Any], value: Any) -> Any:
        """One option value as Discord sends it, checked against the option's type and limits."""
        kind = definition["type"]
        name = definition["name"]
        if kind == STRING:
            if isinstance(value, User | Channel | Role):
                # Picking someone in a text option makes the client insert the mention markup.
                value = value.mention
            _expect(name, value, str)
            _check_choice(definition, value)
            if len(value) > definition.get("max_length", 6000) or len(value) < definition.get(
                "min_length", 0
            ):
                # A Discord client will not send such a value: the field stops taking input.
                raise ValueError(
                    f"{name} must be {definition.get('min_length', 0)} to {definition.get('max_length', 6000)} characters"
                )
            return value
        if kind in (INTEGER, NUMBER):
            _expect(name, value, int if kind == INTEGER else (int, float))
            _check_choice(definition, value)
            if "min_value" in definition and value < definition["min_value"]:
                raise ValueError(f"{name} must be at least {definition['min_value']}")
            if "max_value" in definition and value > definition["max_value"]:
                raise ValueError(f"{name} must be at most {definition['max_value']}")
            return value
        if kind == BOOLEAN:
            _expect(name, value, bool)
            return value
        if (
            kind in (USER, MENTIONABLE)
            and isinstance(value, User | int | str)
            and not isinstance(value, bool)
        ):
            return self.resolve_user(value)
        if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
            self.resolved.setdefault("roles", {})[str(value.id)] = payloads.role(value)
            return str(value.id)
        if kind == CHANNEL and isinstance(value, Channel):
            return self._resolve_channel(value)
        raise TypeError(f"option {name!r} of type {kind} cannot take {value!r}")

    def resolve_user(self, value: User | int | str) -> str:
        """Encode a user option (object, id or username) and add the user, and member in guilds, to ``resolved``."""
        if isinstance(value, User):
            user: User | None = value
        elif isinstance(value, int) or value.isdigit():
            user = self.world.users.get(int(value))
        else:
            user = next((u for u in self.world.users.values() if u.username == value), None)
        if user is None:
            raise ValueError(f"no user {value!r}")
        self.resolved.setdefault("users", {})[str(user.id)] = payloads.user(user)
        if self.channel.guild_id is not None:
            member = self.world.member(self.channel.guild_id, user.id)
            if member is not None:
                perms = self.world.channel_permissions(self.channel, user.id)
                data = payloads.member(member, with_user=False, permissions=perms)
                self.resolved.setdefault("members", {})[str(user.id)] = data
        return str(user.id)

    def _resolve_channel(self, channel: Channel) -> str:
        data: dict[str, Any] = {
            "id": str(channel.id),
            "name": channel.name,
            "type": channel.type,
            "permissions": str(self.world.channel_permissions(channel, self.invoker.id)),
        }
        if channel.parent_id is not None:
            data["parent_id"] = str(channel.parent_id)
        if channel.is_thread:
            data["thread_metadata"] = payloads.channel(self.world, channel)["thread_metadata"]
        self.resolved.setdefault("channels", {})[str(channel.id)] = data
        return str(channel.id)


def _expect(name: str, value: Any, kinds: type | tuple[type, ...]) -> None:
    if not isinstance(value, kinds) or (isinstance(value, bool) and kinds is not bool):
        raise TypeError(f"option {name!r} expects {kinds}, got {value!r}")


def _check_choice(definition: dict[str, Any], value: Any) -> None:
    choices = definition.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"{value!r} is not one of the choices of {definition['name']!r}")
