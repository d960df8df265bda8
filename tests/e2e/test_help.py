"""The first command end to end: /meetup help answers privately."""

from tests.e2e.conftest import BotHarness, World


async def test_help_answers_ephemerally(world: World, harness: BotHarness) -> None:
    """/meetup help explains proposing and voting, visible only to the member who asked."""
    await harness.start()
    result = await world.ld.slash(world.alice, world.general, "meetup help")
    assert result.ephemeral
    assert "/meetup propose" in (result.content or "")
    assert "1️⃣" in (result.content or "")
    assert world.bot_messages() == []


async def test_commands_are_registered_under_meetup(world: World, harness: BotHarness) -> None:
    """Syncing registers one /meetup command whose subcommands are every cog's commands."""
    await harness.start()
    (meetup,) = [c for c in world.ld.registered_commands() if c["name"] == "meetup"]
    names = {option["name"] for option in meetup["options"]}
    assert {"help", "propose", "close", "cancel", "list", "show", "reminders"} <= names
