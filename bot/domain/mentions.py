"""Members named in a text option by ``@mention``, read strictly.

A mention is ``<@id>`` or ``<@!id>`` with a Discord id: a snowflake of 17 to 20 digits that fits a
signed 64-bit integer (every id Discord has issued does, and the database stores them so). Anything
else shaped like a mention is refused by name, not skipped and not stored, so a typo is noticed and
an id too large for the database never reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.domain.errors import UserError

MENTION_SHAPE = re.compile(r"<@!?(\d*)>")
LARGEST_ID = 2**63 - 1


def is_member_id(digits: str) -> bool:
    return 17 <= len(digits) <= 20 and int(digits) <= LARGEST_ID


def member_mentions(text: str | None, option: str, *, ignore: Collection[int] = ()) -> tuple[int, ...]:
    """Member ids from ``@mentions`` typed into ``option`` (minus ``ignore``, e.g. the bot itself).

    Text without any mention, or with something shaped like a mention that is not one, is refused.
    """
    if not text or not text.strip():
        return ()
    found = MENTION_SHAPE.findall(text)
    malformed = next((digits for digits in found if not is_member_id(digits)), None)
    if malformed is not None:
        raise UserError(
            "`{option}`: `<@{typed}>` is not a member; type @ and pick each member from the list",
            option=option,
            typed=malformed[:24],
        )
    if not found:
        raise UserError("`{option}`: mention the members, like `@Alice @Bob`", option=option)
    mentioned = tuple(dict.fromkeys(int(digits) for digits in found))
    return tuple(user_id for user_id in mentioned if user_id not in ignore)
