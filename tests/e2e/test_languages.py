"""Swedish for Swedish members: the commands as registered, private answers by the member's
language, public posts by the server's, and DMs by the member's last language."""

from __future__ import annotations

from tests.e2e.conftest import BotHarness, World


async def test_registered_commands_carry_swedish_localizations(world: World, harness: BotHarness) -> None:
    """Syncing sends sv-SE descriptions for the group, each subcommand and option, Swedish choice
    names and a Swedish context menu name; the loopback checked the body against Discord's spec."""
    await harness.start()
    commands = world.ld.registered_commands()
    (meetup,) = [c for c in commands if c["name"] == "meetup"]
    assert meetup["description_localizations"]["sv-SE"].startswith("Planera träffar")
    subcommands = {option["name"]: option for option in meetup["options"]}
    for name in ("help", "propose", "close", "cancel", "reschedule", "list", "show", "settings", "venue"):
        assert subcommands[name]["description_localizations"]["sv-SE"], name
        for option in subcommands[name].get("options", []):
            assert option["description_localizations"]["sv-SE"], (name, option["name"])
    propose = {option["name"]: option for option in subcommands["propose"]["options"]}
    assert (
        propose["title"]["description_localizations"]["sv-SE"] == "Vad träffen är, t.ex. Pizza efter kursen"
    )
    (setting,) = subcommands["reminders"]["options"]
    assert [c["name_localizations"]["sv-SE"] for c in setting["choices"]] == ["på", "av"]
    assert [c["value"] for c in setting["choices"]] == ["on", "off"]
    (menu,) = [c for c in commands if c["type"] == 3]
    assert menu["name"] == "Plan a meetup"
    assert menu["name_localizations"]["sv-SE"] == "Planera en träff"
