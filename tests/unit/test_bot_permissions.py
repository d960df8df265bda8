"""What the bot needs from Discord for each action, and how the missing permissions are named."""

from __future__ import annotations

import pytest

from bot.domain.bot_permissions import Need, describe_missing, missing

POSTING = {"view_channel", "send_messages", "embed_links", "attach_files", "read_message_history"}


@pytest.mark.parametrize(
    ("need", "granted", "lacking"),
    [
        (Need.CREATE_EVENT, {"manage_events"}, ["Create Events"]),
        (Need.CREATE_EVENT, {"create_events"}, []),
        (Need.EDIT_OWN_EVENT, {"manage_events"}, []),
        (Need.EDIT_OWN_EVENT, {"create_events"}, []),
        (Need.EDIT_OWN_EVENT, set(), ["Create Events or Manage Events"]),
        (Need.POST, POSTING, []),
        (Need.POST, POSTING - {"send_messages"}, ["Send Messages"]),
        (
            Need.REPLY,
            POSTING - {"read_message_history", "attach_files"},
            ["Attach Files", "Read Message History"],
        ),
        (Need.REACT, POSTING, ["Add Reactions"]),
    ],
)
def test_missing_names_what_discord_requires(need: Need, granted: set[str], lacking: list[str]) -> None:
    """Each need lists Discord's own names for the permissions the bot lacks, in table order."""
    assert missing(need, granted) == lacking


def test_description_names_each_permission_and_the_action() -> None:
    """The sentence an admin reads names the permissions in bold and what they are for."""
    text = str(describe_missing(Need.POST, ["Send Messages", "Embed Links"]))
    assert (
        text
        == "the bot lacks the **Send Messages**, **Embed Links** permissions it needs to post in this channel"
    )


def test_a_poll_needs_reactions_as_well_as_posting() -> None:
    """Votes are reactions: without Add Reactions the bot could post a poll nobody sees how to vote on."""
    granted = {"view_channel", "send_messages", "embed_links", "read_message_history"}
    assert missing(Need.POLL, granted) == ["Add Reactions"]
