"""Limits Discord enforces beyond its schema: a bot's 2,000 characters, 6,000 across embeds."""

from __future__ import annotations

import discord
import pytest

from tests.local_discord.test_server import Stage, stage  # noqa: F401 (the fixture)

pytestmark = pytest.mark.timeout(20)


async def test_bot_content_over_2000_is_refused_on_post_and_edit(stage: Stage) -> None:  # noqa: F811
    """2,000 characters pass; 2,001 are a 400 50035 naming content, posted or edited in."""
    world = await stage()
    channel = world.bot_channel()
    message = await channel.send("x" * 2000)
    with pytest.raises(discord.HTTPException) as posted:
        await channel.send("x" * 2001)
    with pytest.raises(discord.HTTPException) as edited:
        await message.edit(content="y" * 2001)
    for refusal in (posted.value, edited.value):
        assert (refusal.status, refusal.code) == (400, 50035)
        assert "content" in refusal.text
    assert [m.content for m in world.ld.messages(world.channel)] == ["x" * 2000]
    assert [issue.message.split(": ")[-1] for issue in world.ld.take_validation_errors()] == [
        "Must be 2000 or fewer in length."
    ] * 2


async def test_embeds_over_6000_characters_together_are_refused(stage: Stage) -> None:  # noqa: F811
    """Each embed within its own limits, yet over 6,000 together: refused, as Discord does."""
    world = await stage()
    channel = world.bot_channel()
    full = discord.Embed(title="t" * 200, description="d" * 3800)
    await channel.send(embeds=[full, discord.Embed(description="e" * 2000)])
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(embeds=[full, discord.Embed(description="e" * 2001)])
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert "MAX_EMBED_SIZE_EXCEEDED" in refused.value.text or "Embed size" in refused.value.text
    assert len(world.ld.messages(world.channel)) == 1
    assert len(world.ld.take_validation_errors()) == 1
