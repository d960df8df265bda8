"""Checking every REST request against Discord's OpenAPI description.

The spec is loaded once per process and validators are built once per
operation. Its one known gap is bridged before validating: discord.py sends
some snowflakes as JSON integers, which Discord accepts but the spec types as
strings, so integers that fail *only* because a snowflake was expected are
turned into strings. Nothing else is loosened.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:discord-openapi"
_MAX_COERCION_ROUNDS = 8

_CODE_BY_TYPE = {
    "string": "BASE_TYPE_BAD_STRING",
    "integer": "BASE_TYPE_BAD_INT",
    "number": "BASE_TYPE_BAD_NUMBER",
    "boolean": "BASE_TYPE_BAD_BOOLEAN",
    "array": "BASE_TYPE_BAD_ARRAY",
    "object": "BASE_TYPE_BAD_DICT",
}
_CODE_BY_KEYWORD = {
    "required": "BASE_TYPE_REQUIRED",
    "maxLength": "BASE_TYPE_MAX_LENGTH",
    "minLength": "BASE_TYPE_MIN_LENGTH",
    "maxItems": "BASE_TYPE_MAX_LENGTH",
    "minItems": "BASE_TYPE_MIN_LENGTH",
    "enum": "BASE_TYPE_CHOICES",
    "const": "BASE_TYPE_CHOICES",
    "maximum": "NUMBER_TYPE_MAX",
    "minimum": "NUMBER_TYPE_MIN",
    "pattern": "STRING_TYPE_REGEX",
}


@dataclass(frozen=True)
class Problem:
    """One reason a request does not match the spec."""

    path: tuple[str | int, ...]
    message: str
    code: str


@functools.cache
def load_spec(path: Path) -> tuple[dict[str, Any], Registry]:
    """Read the spec and wrap it in a registry; cached because the file is large."""
    spec = json.loads(path.read_text())
    registry: Registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    return spec, registry


def _pointer(*parts: str) -> str:
    escaped = (p.replace("~", "~0").replace("/", "~1") for p in parts)
    return "/" + "/".join(quote(p, safe="@") for p in escaped)


class SpecValidator:
    """Validates request bodies and parameters of the operations the spec describes."""

    def __init__(self, spec_path: Path) -> None:
        self.spec, self.registry = load_spec(spec_path.resolve())
        self._body: dict[tuple[str, str, str], Draft202012Validator | None] = {}
        self._params: dict[tuple[str, str, str], tuple[Draft202012Validator, dict[str, str]] | None] = {}

    def _operation(self, method: str, template: str) -> dict[str, Any] | None:
        item = self.spec["paths"].get(template)
        return None if item is None else item.get(method.lower())

    def knows(self, method: str, template: str) -> bool:
        """Whether the spec describes this operation at all."""
        return self._operation(method, template) is not None

    def _validator_at(self, *parts: str) -> Draft202012Validator:
        schema = {"$ref": SPEC_URI + "#" + _pointer(*parts)}
        return Draft202012Validator(schema, registry=self.registry)

    def _body_validator(self, method: str, template: str, content_type: str) -> Draft202012Validator | None:
        key = (method, template, content_type)
        if key not in self._body:
            operation = self._operation(method, template) or {}
            content = (operation.get("requestBody") or {}).get("content", {})
            self._body[key] = (
                self._validator_at(
                    "paths", template, method.lower(), "requestBody", "content", content_type, "schema"
                )
                if content_type in content
                else None
            )
        return self._body[key]

    def body_accepted(self, method: str, template: str, content_type: str) -> bool:
        """Whether the operation takes a body of this content type."""
        operation = self._operation(method, template) or {}
        return content_type in (operation.get("requestBody") or {}).get("content", {})

    def check_body(self, method: str, template: str, content_type: str, body: Any) -> list[Problem]:
        """Validate a (JSON or payload_json) body; integer snowflakes are stringified in place first."""
        validator = self._body_validator(method, template, content_type)
        if validator is None:
            return []
        return _validate_with_snowflake_bridge(validator, body)

    def check_parameters(
        self, method: str, template: str, where: str, values: Mapping[str, str]
    ) -> list[Problem]:
        """Validate path or query parameters, converting each text value to its schema's type."""
        compiled = self._parameter_validator(method, template, where)
        if compiled is None:
            return []
        validator, types = compiled
        converted: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, raw in values.items():
            kind = types.get(name)
            if kind is None:
                continue
            try:
                converted[name] = _convert(raw, kind)
            except ValueError:
                problems.append(
                    Problem((name,), f"Value {raw!r} is not a valid {kind}.", "NUMBER_TYPE_COERCE")
                )
        problems.extend(_problems(validator.iter_errors(converted)))
        return problems

    def _parameter_validator(
        self, method: str, template: str, where: str
    ) -> tuple[Draft202012Validator, dict[str, str]] | None:
        key = (method, template, where)
        if key in self._params:
            return self._params[key]
        item = self.spec["paths"].get(template) or {}
        declared = [
            *item.get("parameters", []),
            *(self._operation(method, template) or {}).get("parameters", []),
        ]
        properties: dict[str, Any] = {}
        types: dict[str, str] = {}
        for parameter in declared:
            if parameter.get("in") != where:
                continue
            schema = parameter.get("schema", {})
            properties[parameter["name"]] = schema
            types[parameter["name"]] = self._type_of(schema)
        compiled = None
        if properties:
            schema = {"type": "object", "properties": _absolutise(properties)}
            compiled = (Draft202012Validator(schema, registry=self.registry), types)
        self._params[key] = compiled
        return compiled

    def _type_of(self, schema: dict[str, Any]) -> str:
        if "$ref" in schema:
            schema = self.registry.resolver(SPEC_URI).lookup(schema["$ref"]).contents
        kind = schema.get("type", "string")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "string")
        return str(kind)


def _absolutise(schema: Any) -> Any:
    """Point local ``#/components`` refs of a parameter schema at the spec document."""
    if isinstance(schema, dict):
        return {
            k: (SPEC_URI + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _absolutise(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_absolutise(v) for v in schema]
    return schema


def _convert(raw: str, kind: str) -> Any:
    if kind == "integer":
        return int(raw)
    if kind == "number":
        return float(raw)
    if kind == "boolean":
        lowered = raw.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise ValueError(raw)
    return raw


def _validate_with_snowflake_bridge(validator: Draft202012Validator, body: Any) -> list[Problem]:
    for _ in range(_MAX_COERCION_ROUNDS):
        errors = list(validator.iter_errors(body))
        fixes = [e for e in _walk(errors) if _is_integer_snowflake(e)]
        if not fixes:
            return _problems(errors)
        for error in fixes:
            _set_at(body, list(error.absolute_path), str(error.instance))
    return _problems(validator.iter_errors(body))


def _walk(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    for error in errors:
        yield error
        yield from _walk(error.context or [])


def _is_integer_snowflake(error: ValidationError) -> bool:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return (
        error.validator == "type"
        and schema.get("format") == "snowflake"
        and isinstance(error.instance, int)
        and not isinstance(error.instance, bool)
    )


def _set_at(document: Any, path: list[Any], value: Any) -> None:
    if not path:
        return
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _problems(errors: Iterable[ValidationError]) -> list[Problem]:
    problems = []
    for error in errors:
        leaf = best_match(error.context) if error.context else error
        problems.append(Problem(tuple(leaf.absolute_path), leaf.message, _code(leaf)))
    return problems


def _code(error: ValidationError) -> str:
    if error.validator == "type":
        expected = error.validator_value
        if isinstance(expected, list):
            expected = next((t for t in expected if t != "null"), "string")
        return _CODE_BY_TYPE.get(str(expected), "BASE_TYPE_BAD_TYPE")
    return _CODE_BY_KEYWORD.get(str(error.validator), "BASE_TYPE_INVALID")


def discord_errors(problems: list[Problem]) -> dict[str, Any]:
    """Nest problems the way Discord's 50035 ``errors`` object does (``{"a": {"0": {"_errors": [...]}}}``)."""
    tree: dict[str, Any] = {}
    for problem in problems:
        node = tree
        for key in problem.path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return tree


@functools.cache
def validator_for(spec_path: Path) -> SpecValidator:
    """One validator per spec file and process, so each operation's schema is compiled only once."""
    return SpecValidator(spec_path)
