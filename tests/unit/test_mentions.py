"""Members named by @mention in a text option, and mention-shaped text that names nobody."""

import pytest

from bot.domain.errors import UserError
from bot.domain.mentions import member_mentions

ALICE, BOB = 123456789012345678, 98765432109876543


def test_reads_both_mention_forms_once_each_in_order() -> None:
    """``<@id>`` and ``<@!id>`` are the same member; repeats and the ignored ids drop out."""
    text = f"<@{BOB}> and <@!{ALICE}> <@{BOB}> <@111111111111111111>"
    assert member_mentions(text, "invite", ignore={111111111111111111}) == (BOB, ALICE)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_nothing_typed_names_nobody(text: str | None) -> None:
    """An empty option is no invitation at all, not an error."""
    assert member_mentions(text, "invite") == ()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<@1>", "<@1>"),
        ("<@!>", "<@>"),
        (f"<@{ALICE}> <@1234567890123456>", "<@1234567890123456>"),
        ("<@" + "9" * 21 + ">", "<@" + "9" * 21 + ">"),
        ("<@9223372036854775808>", "<@9223372036854775808>"),
    ],
)
def test_a_malformed_mention_is_refused_by_name(text: str, shown: str) -> None:
    """Ids too short for a snowflake or too large for 64 bits are refused, naming the option."""
    with pytest.raises(UserError, match=f"`invite`: `{shown}` is not a member"):
        member_mentions(text, "invite")


def test_text_without_a_mention_says_how_to_mention() -> None:
    """Names typed without @ are refused with an example."""
    with pytest.raises(UserError, match="mention the members, like `@Alice @Bob`"):
        member_mentions("Alice Bob", "invite")
