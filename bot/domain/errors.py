"""Errors the person at the keyboard caused and can fix; their text is shown to them as it is."""

from __future__ import annotations


class UserError(Exception):
    """Refused input or action; the message says what was wrong and what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(UserError):
    """The member lacks the role or permission the action needs."""


class NotFound(UserError):
    """The meetup (or option) the member named does not exist here."""
