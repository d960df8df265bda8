"""The REST pipeline every request goes through.

Route matching, authentication, body parsing (JSON, or multipart with
``payload_json`` and ``files[n]``), rate limits, spec validation, the handler,
then an answer carrying the bucket's headers. Every request is logged, and everything that shows the bot
misusing the API (unknown routes, bodies Discord would refuse) is collected as a
validation issue so the test fixture can fail the test.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from local_discord.ratelimit import RateLimiter
from local_discord.routing import (
    ApiError,
    ApiRequest,
    Router,
    UploadedFile,
    invalid_form,
    major_parameter,
)
from local_discord.validation import Problem, SpecValidator, discord_errors

API_PREFIX = "/api/v10"
# Interaction routes authenticate by their token alone and are exempt from the global limit.
_TOKEN_AUTHENTICATED = ("/interactions/", "/webhooks/{webhook_id}/{webhook_token}")


@dataclass
class RequestRecord:
    """One REST request as the server saw and answered it."""

    method: str
    route: str
    path: str
    json: Any
    files: list[UploadedFile]
    status: int
    time: float
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationIssue:
    """A request Discord would have refused, or a route it does not have."""

    method: str
    path: str
    message: str
    route: str | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.message}"


class RestApi:
    """Serves ``/api/v10`` for one LocalDiscord."""

    def __init__(
        self,
        router: Router,
        limiter: RateLimiter,
        validator: SpecValidator | None,
        token: str,
        on_change: Callable[[], None],
    ) -> None:
        self.router = router
        self.limiter = limiter
        self.validator = validator
        self.token = token
        self.on_change = on_change
        self.requests: list[RequestRecord] = []
        self.issues: list[ValidationIssue] = []
        self.outages: dict[str, list[int]] = {}
        """Route templates (``"POST /channels/{channel_id}/messages"``) and the 5xx statuses their next
        requests get, as when Discord's servers are in trouble."""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request under the API prefix."""
        path = request.raw_path.split("?", 1)[0][len(API_PREFIX) :] or "/"
        query = dict(request.query)
        match = self.router.match(request.method, path)
        if match is None:
            self.issues.append(ValidationIssue(request.method, path, "no such route on Discord's API"))
            api_request = ApiRequest(request.method, path, path, {}, query)
            return self._answer(api_request, 404, {"message": "404: Not Found", "code": 0}, {})
        route, params = match
        api_request = ApiRequest(request.method, route.template, path, params, query)
        by_token = route.template.startswith(_TOKEN_AUTHENTICATED)
        if not by_token and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._answer(api_request, 401, {"message": "401: Unauthorized", "code": 0}, {})
        headers: dict[str, str] = {}
        try:
            content_type = await self._read_body(request, api_request)
            failing = self.outages.get(f"{request.method} {route.template}")
            if failing:
                return self._answer(api_request, failing.pop(0), {"message": "Server Error", "code": 0}, {})
            decision = self.limiter.check(
                f"{request.method} {route.template}", major_parameter(params), global_exempt=by_token
            )
            headers = decision.headers
            if decision.limited:
                return self._answer(api_request, 429, decision.body, headers)
            self._validate(api_request, content_type)
            reply = await route.handler(api_request)
        except ApiError as error:
            if error.status == 400:
                self.issues.append(ValidationIssue(request.method, path, _describe(error), route.template))
            return self._answer(api_request, error.status, error.body(), headers)
        return self._answer(api_request, reply.status if reply.body is not None else 204, reply.body, headers)

    def _answer(
        self, api_request: ApiRequest, status: int, body: Any, headers: Mapping[str, str]
    ) -> web.Response:
        self.requests.append(
            RequestRecord(
                method=api_request.method,
                route=f"{api_request.method} {api_request.template}",
                path=api_request.path,
                json=api_request.json,
                files=api_request.files,
                status=status,
                time=time.monotonic(),
                query=dict(api_request.query),
            )
        )
        self.on_change()
        return _respond(status, body, headers)

    async def _read_body(self, request: web.Request, api_request: ApiRequest) -> str | None:
        if not request.can_read_body:
            return None
        content_type = request.content_type
        if content_type == "multipart/form-data":
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    continue
                data = await part.read()
                if part.name == "payload_json":
                    api_request.json = _parse_json(data)
                elif part.name:
                    api_request.files.append(
                        UploadedFile(
                            part.name,
                            part.filename or part.name,
                            bytes(data),
                            part.headers.get("Content-Type"),
                        )
                    )
            return content_type
        raw = await request.read()
        if raw:
            api_request.json = _parse_json(raw)
        return content_type

    def _validate(self, api_request: ApiRequest, content_type: str | None) -> None:
        if self.validator is None or not self.validator.knows(api_request.method, api_request.template):
            return
        method, template = api_request.method, api_request.template
        problems: list[Problem] = [
            *self.validator.check_parameters(method, template, "path", api_request.params),
            *self.validator.check_parameters(method, template, "query", api_request.query),
        ]
        if api_request.json is not None and content_type is not None:
            if not self.validator.body_accepted(method, template, content_type):
                problems.append(Problem((), f"{content_type} body not accepted here", "CONTENT_TYPE_INVALID"))
            else:
                body = copy.deepcopy(api_request.json)
                problems.extend(self.validator.check_body(method, template, content_type, body))
        if problems:
            raise invalid_form(discord_errors(problems))


def _parse_json(raw: bytes | bytearray) -> Any:
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ApiError(400, 50109, "The request body contains invalid JSON.") from error


def _describe(error: ApiError) -> str:
    if not error.errors:
        return f"{error.code} {error.message}"
    details = []

    def walk(node: dict[str, Any], trail: list[str]) -> None:
        for key, value in node.items():
            if key == "_errors":
                details.extend(f"{'.'.join(trail) or '(body)'}: {e['message']}" for e in value)
            else:
                walk(value, [*trail, key])

    walk(error.errors, [])
    return f"{error.code} {error.message}: " + "; ".join(details)


def _respond(status: int, body: Any, headers: Mapping[str, str]) -> web.Response:
    # Via is what discord.py looks for to tell Discord's own 429s from a Cloudflare ban.
    all_headers = {**headers, "Via": "1.1 google"}
    if status == 204 or body is None:
        return web.Response(status=204 if status < 300 else status, headers=all_headers)
    all_headers["Content-Type"] = "application/json"
    return web.Response(status=status, body=json.dumps(body).encode(), headers=all_headers)
