"""Matching REST paths to route templates, and the request/response shapes handlers use.

Templates are spelled as in Discord's OpenAPI description (``/channels/{channel_id}``),
so the same string names a route in the request log, in rate-limit settings and
in the spec look-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote


class ApiError(Exception):
    """An error answer in Discord's shape: ``{"message": ..., "code": ...}`` (plus ``errors``)."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        """The JSON body Discord would send."""
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            data["errors"] = self.errors
        return data


def unknown(what: str, code: int) -> ApiError:
    """404 for an id that names nothing (``Unknown Channel``, ``Unknown Message``...)."""
    return ApiError(404, code, f"Unknown {what}")


def missing_permissions() -> ApiError:
    """403 for an action the bot's computed permissions do not allow."""
    return ApiError(403, 50013, "Missing Permissions")


def missing_access() -> ApiError:
    """403 for a channel the bot cannot see at all."""
    return ApiError(403, 50001, "Missing Access")


def invalid_form(errors: dict[str, Any]) -> ApiError:
    """400 for a body Discord refuses, with the per-field errors tree."""
    return ApiError(400, 50035, "Invalid Form Body", errors)


@dataclass
class UploadedFile:
    """A ``files[n]`` part of a multipart request."""

    field: str
    filename: str
    content: bytes
    content_type: str | None


@dataclass
class ApiRequest:
    """A parsed REST request as handlers see it."""

    method: str
    template: str
    path: str
    params: dict[str, str]
    query: Mapping[str, str]
    json: Any = None
    files: list[UploadedFile] = field(default_factory=list)

    def id(self, name: str) -> int:
        """A snowflake path parameter as an int (the spec check already vetted its digits)."""
        value = self.params[name]
        if not value.isdigit():
            raise ApiError(404, 0, "404: Not Found")
        return int(value)


@dataclass
class Reply:
    """A successful answer; a body of None means 204 No Content."""

    body: Any = None
    status: int = 200


Handler = Callable[[ApiRequest], Awaitable[Reply]]


@dataclass
class _Route:
    method: str
    template: str
    segments: list[str]
    handler: Handler

    @property
    def literal_count(self) -> int:
        return sum(not s.startswith("{") for s in self.segments)


class Router:
    """Finds the handler for a method and path, literal segments winning over parameters."""

    def __init__(self) -> None:
        self._routes: list[_Route] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        """Register ``handler`` for ``METHOD template``."""
        self._routes.append(_Route(method, template, template.strip("/").split("/"), handler))

    def match(self, method: str, raw_path: str) -> tuple[_Route, dict[str, str]] | None:
        """The best route for a raw (still percent-encoded) path, with its decoded parameters."""
        parts = [unquote(p) for p in raw_path.strip("/").split("/")]
        best: tuple[_Route, dict[str, str]] | None = None
        for route in self._routes:
            if route.method != method or len(route.segments) != len(parts):
                continue
            params = _bind(route.segments, parts)
            if params is not None and (best is None or route.literal_count > best[0].literal_count):
                best = (route, params)
        return best


def _bind(segments: list[str], parts: list[str]) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for segment, part in zip(segments, parts, strict=True):
        if segment.startswith("{"):
            if not part:
                return None
            params[segment[1:-1]] = part
        elif segment != part:
            return None
    return params


def major_parameter(params: Mapping[str, str]) -> str:
    """The top-level resource a rate-limit bucket is split by, as Discord does."""
    for name in ("channel_id", "guild_id"):
        if name in params:
            return params[name]
    for ident, token in (("webhook_id", "webhook_token"), ("interaction_id", "interaction_token")):
        if ident in params:
            return f"{params[ident]}+{params.get(token, '')}"
    return ""
