"""Errors the person at the keyboard caused and can fix; their text is shown to them in their language."""

from __future__ import annotations

from typing import Any

from bot.domain.messages import Message


class UserError(Exception):
    """Refused input or action; the message says what was wrong and what to do instead.

    The text is a template with named placeholders and their values (see
    :class:`~bot.domain.messages.Message`), translated where the refusal is answered.
    """

    def __init__(self, template: str, /, **params: Any) -> None:
        self.text = Message(template, params)
        super().__init__(str(self.text))

    @property
    def message(self) -> str:
        """The refusal in English, for logs and for callers that show no member anything."""
        return str(self.text)


class NotAllowed(UserError):
    """The member lacks the role or permission the action needs."""


class NotFound(UserError):
    """The meetup (or option) the member named does not exist here."""
