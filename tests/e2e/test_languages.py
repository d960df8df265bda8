"""Swedish for Swedish members: the commands as registered, private answers by the member's
language, public posts by the server's, and DMs by the member's last language."""

from __future__ import annotations

from local_discord import DEFAULT_MEMBER_PERMISSIONS, Message, P, User
from tests.e2e.conftest import BotHarness, World
from tests.e2e.helpers import offered_plan, text_of


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


async def test_private_answers_follow_the_members_language(world: World, harness: BotHarness) -> None:
    """Help, a refusal and a list in Swedish for a member whose Discord is Swedish; the same
    commands in English for one whose Discord is American English."""
    await harness.start()
    ld = world.ld
    world.bob.locale = "sv-SE"
    world.alice.locale = "en-US"
    help_sv = await ld.slash(world.bob, world.general, "meetup help")
    assert help_sv.ephemeral
    assert "**1. Föreslå**" in (help_sv.content or "")
    help_en = await ld.slash(world.alice, world.general, "meetup help")
    assert "**1. Propose**" in (help_en.content or "")

    refused_sv = await (await ld.slash(world.bob, world.general, "meetup show", meetup=7)).final()
    assert refused_sv.content == "Det finns ingen träff #7 på servern; `/meetup list` visar dem som finns."
    refused_en = await (await ld.slash(world.alice, world.general, "meetup show", meetup=7)).final()
    assert refused_en.content == "There is no meetup #7 in this server; `/meetup list` shows them."

    bad_sv = await ld.slash(world.bob, world.general, "meetup propose", title="Fika", dates="igår 19:00; blä")
    problems = (await bad_sv.final()).content
    assert problems.startswith("Några av `dates` behöver rättas till; inget publicerades.")
    assert "ingen tid jag kan läsa" in problems

    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="in 2 days 18:00")
    ).final()
    list_sv = await (await ld.slash(world.bob, world.general, "meetup list")).final()
    assert list_sv.embeds[0]["title"] == "Träffar"
    assert "röstning pågår, slutar" in list_sv.embeds[0]["description"]
    list_en = await (await ld.slash(world.alice, world.general, "meetup list")).final()
    assert list_en.embeds[0]["title"] == "Meetups"
    assert "voting, closes" in list_en.embeds[0]["description"]
    # The poll is public: the server has not chosen Swedish, so it is English.
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    assert "**When?**" in text_of(poll)


async def test_a_server_set_to_swedish_posts_polls_and_announcements_in_swedish(
    world: World, harness: BotHarness
) -> None:
    """`/meetup settings language:sv` makes the poll and the announcement Swedish, with the
    local time in Swedish words, whatever the language of the member who proposed."""
    await harness.start()
    ld = world.ld
    admin = ld.add_member(world.guild, "admin", permissions=DEFAULT_MEMBER_PERMISSIONS | P.MANAGE_GUILD)
    saved = await (await ld.slash(admin, world.general, "meetup settings", language="sv")).final()
    assert "`language`: sv" in saved.content
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="in 3 days 18:00")
    ).final()
    (poll,) = [m for m in world.bot_messages() if "Ny omröstning om en träff" in m.content]
    assert "**När?** Reagera med siffran för varje datum som passar dig:" in text_of(poll)
    assert poll.embeds[0]["title"] == "Träff #1: Fika"
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 röst**" in text_of(poll))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    await ld.wait_for(lambda: any("Nu är det bestämt!" in m.content for m in world.bot_messages()))
    (announcement,) = [m for m in world.bot_messages() if "Nu är det bestämt!" in m.content]
    text = text_of(announcement)
    assert "**Kommer (1):**" in text
    assert "Reagera ✅ kommer · ❔ kanske · ❌ kan inte" in text
    weekdays = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
    (local,) = [line for line in text.splitlines() if line.startswith("*Lokal tid: ")]
    assert any(day in local for day in weekdays), local
    assert " kl. 18:00 (tid i Stockholm)*" in local


async def test_an_unset_server_follows_its_preferred_locale(world: World, harness: BotHarness) -> None:
    """Without the setting, a server whose Discord language is Swedish gets Swedish posts."""
    world.guild.preferred_locale = "sv-SE"
    await harness.start()
    ld = world.ld
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="in 3 days 18:00")
    ).final()
    assert [m for m in world.bot_messages() if "Ny omröstning om en träff" in m.content]


async def test_a_poll_called_off_gives_its_reason_in_the_servers_language(
    world: World, harness: BotHarness
) -> None:
    """The reason a poll was called off is kept for the poll and `/meetup show`, which the whole
    server reads: it is written in the server's language, once, not as a second "called off"."""
    world.guild.preferred_locale = "sv-SE"
    await harness.start()
    ld = world.ld
    await (
        await ld.slash(
            world.alice, world.general, "meetup propose", title="Fika", dates="in 3 days 18:00", min_people=2
        )
    ).final()
    (poll,) = [m for m in world.bot_messages() if "Ny omröstning om en träff" in m.content]
    await ld.react(world.bob, poll, "1️⃣")
    await ld.wait_for(lambda: "**1 röst**" in text_of(poll))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()
    reason = "det populäraste datumet fick bara 1 röst, och det behövdes minst 2"
    await ld.wait_for(lambda: f"**Inställd**: {reason}" in text_of(poll))
    world.bob.locale = "sv-SE"
    shown = await (await ld.slash(world.bob, world.general, "meetup show", meetup=1)).final()
    assert f"Anledning: {reason}" in shown.embeds[0]["description"]
    assert "called off" not in text_of(poll) + shown.embeds[0]["description"]


async def test_a_swedish_members_reminder_is_swedish(world: World, harness: BotHarness) -> None:
    """DMs follow the language of the member's last interaction: Bob used the bot in Swedish, so
    his reminder is Swedish while Carol's, in the same English server, is English."""
    await harness.start(meetups={"reminder_offsets": ["5s"]})
    ld = world.ld
    world.bob.locale = "sv-SE"
    await (await ld.slash(world.bob, world.general, "meetup reminders", setting="on")).final()
    await (await ld.slash(world.carol, world.general, "meetup reminders", setting="on")).final()
    await (
        await ld.slash(world.alice, world.general, "meetup propose", title="Fika", dates="in 9 seconds")
    ).final()
    (poll,) = [m for m in world.bot_messages() if "New meetup poll" in m.content]
    for voter in (world.bob, world.carol):
        await ld.react(voter, poll, "1️⃣")
    await ld.wait_for(lambda: "**2 votes**" in text_of(poll))
    await (await ld.slash(world.alice, world.general, "meetup close", meetup=1)).final()

    def reminder(user: User) -> Message | None:
        return next((m for m in ld.dms(user) if m.content.startswith("⏰")), None)

    await ld.wait_for(
        lambda: reminder(world.bob) is not None and reminder(world.carol) is not None, timeout=10
    )
    bob, carol = reminder(world.bob), reminder(world.carol)
    assert bob is not None
    assert carol is not None
    assert bob.content.startswith("⏰ **Fika** är snart:")
    assert bob.embeds[0]["title"] == "Påminnelse: Fika"
    assert "**Kommer också:** Carol" in text_of(bob)
    assert carol.content.startswith("⏰ **Fika** is coming up")
    assert "**Also going:** Bob" in text_of(carol)


async def test_a_member_who_only_used_the_plan_button_and_form_gets_dms_in_their_language(
    world: World, harness: BotHarness
) -> None:
    """The *Plan it* button and the form are not commands, but a member who used them in Swedish
    is remembered as Swedish all the same, so the DMs they get follow."""
    bot = await harness.start()
    ld = world.ld
    offer, button = await offered_plan(world)
    world.bob.locale = "sv-SE"
    opened = await ld.click_button(world.bob, offer, button)
    assert opened.modal is not None
    submitted = await (await ld.submit_modal(world.bob, world.general, opened.modal.custom_id, {})).final()
    assert "Omröstningen för träff #1 är publicerad" in submitted.content
    assert (await bot.services.settings.texts_for(world.guild.id, world.bob.id)).language == "sv"
    assert (await bot.services.settings.texts_for(world.guild.id, world.carol.id)).language == "en"
