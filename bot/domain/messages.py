"""Text for a person, kept as its English template and values until their language is known.

The domain decides *what* to say (a refusal, the problem with a typed date) without knowing who
reads it; the reply boundary chooses the language. A template names its placeholders
(``"`{option}` is too long"``) and the values travel beside it, so a translation can move them
but never loses or mangles one, and member text in a value is never read as a template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str]) -> str:
        """The text in the language ``translate`` looks templates up in; values that are
        messages themselves (a status, a permission) are put in the same language. A message
        without values is shown as it is, braces and all."""
        if not self.params:
            return translate(self.template)
        values = {
            name: value.render(translate) if isinstance(value, Message | Joined) else value
            for name, value in self.params.items()
        }
        return translate(self.template).format(**values)

    def __str__(self) -> str:
        return self.render(lambda template: template)


def marked(template: str, /) -> str:
    """Mark a template kept apart from where it is filled (in a table, say) for translation."""
    return template


def lazy(template: str, /, **params: Any) -> Message:
    """Mark ``template`` for translation where the reader's language is not known yet."""
    return Message(template, params)


@dataclass(frozen=True)
class Joined:
    """Messages shown one after another (each problem of a field on a line of its own, say), all
    in the reader's language."""

    parts: tuple[Message, ...]
    separator: str = "\n"

    def render(self, translate: Callable[[str], str]) -> str:
        return self.separator.join(part.render(translate) for part in self.parts)
