"""Discord's limits on what a message may hold, which its OpenAPI description does not state.

The schema allows 4,000 characters of content (the limit for people with Nitro); a bot may send
2,000. And all embeds of one message together hold at most 6,000 characters of text, however
each field stays within its own limit. Both are refused with the 400 Discord sends, on posts and
edits alike.
"""

from __future__ import annotations

from typing import Any

from local_discord.routing import ApiError, invalid_form

MAX_BOT_CONTENT = 2000
MAX_EMBED_TEXT = 6000


def embed_text_length(embed: dict[str, Any]) -> int:
    """The characters Discord counts towards the 6,000: titles, descriptions, names, values, footer, author."""
    fields = embed.get("fields") or []
    return sum(
        len(str(text or ""))
        for text in (
            embed.get("title"),
            embed.get("description"),
            (embed.get("footer") or {}).get("text"),
            (embed.get("author") or {}).get("name"),
            *(field.get("name") for field in fields),
            *(field.get("value") for field in fields),
        )
    )


def check_message_limits(*, by_bot: bool, body: dict[str, Any]) -> None:
    """Refuse a post or edit over Discord's content or total embed size."""
    if by_bot and len(str(body.get("content") or "")) > MAX_BOT_CONTENT:
        raise _refusal("content", "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_BOT_CONTENT} or fewer in length.")
    if sum(embed_text_length(embed) for embed in body.get("embeds") or []) > MAX_EMBED_TEXT:
        raise _refusal(
            "embeds", "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {MAX_EMBED_TEXT}"
        )


def _refusal(field: str, code: str, message: str) -> ApiError:
    return invalid_form({field: {"_errors": [{"code": code, "message": message}]}})
