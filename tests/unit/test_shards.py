"""Shard settings: Discord's routing formula, and the combinations refused before anything starts."""

from pathlib import Path

import pytest

from bot.config import ConfigError, parse_config
from bot.domain.shards import Shards, shard_of

TOKEN = {"DISCORD_TOKEN": "secret"}
URL = {"url": "postgresql://meetup@localhost:5432/meetups"}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SQLite default path, when parsed, is created in the test's own folder."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("guild_id", "count", "shard"),
    [
        (0, 2, 0),
        (1 << 22, 2, 1),
        (2 << 22, 2, 0),
        ((5 << 22) | 0x3FFFFF, 3, 2),
        (81384788765712384, 1, 0),
        (81384788765712384, 4, (81384788765712384 >> 22) % 4),
    ],
)
def test_shard_of_is_discords_formula(guild_id: int, count: int, shard: int) -> None:
    """The low 22 bits (worker, process, increment) never change the shard; the timestamp does."""
    assert shard_of(guild_id, count) == shard


def test_a_process_serves_the_servers_of_its_shards_only() -> None:
    """Shards [1] of 2 serve odd timestamps; [0, 1] of 2 serve everything."""
    assert Shards.of(2, [1]).serves(1 << 22)
    assert not Shards.of(2, [1]).serves(2 << 22)
    assert all(Shards.of(2, [0, 1]).serves(n << 22) for n in range(10))


def test_default_is_one_process_with_discords_recommendation() -> None:
    """Without shard keys the bot asks Discord for the count and serves every shard."""
    config = parse_config({}, TOKEN)
    assert config.discord.shard_count is None
    assert config.discord.shard_ids is None


def test_several_processes_on_postgresql() -> None:
    """One of two processes: its ids, sorted, and the total."""
    config = parse_config({"discord": {"shard_count": 4, "shard_ids": [3, 1]}, "storage": URL}, TOKEN)
    assert config.discord.shard_count == 4
    assert config.discord.shard_ids == (1, 3)


def test_all_shards_in_one_process_on_sqlite() -> None:
    """One process serving every shard is still one process: SQLite is fine."""
    config = parse_config({"discord": {"shard_count": 2, "shard_ids": [0, 1]}}, TOKEN)
    assert config.discord.shard_ids == (0, 1)


@pytest.mark.parametrize(
    ("discord", "storage", "message"),
    [
        ({"shard_ids": [0]}, URL, "[discord] shard_ids: also set [discord] shard_count"),
        ({"shard_count": 2, "shard_ids": [2]}, URL, "[discord] shard_ids: 2 is outside 0..1"),
        ({"shard_count": 2, "shard_ids": [-1, 0]}, URL, "[discord] shard_ids: -1 is outside 0..1"),
        ({"shard_count": 2, "shard_ids": [0]}, {}, "[discord] shard_ids: serving only some shards"),
        ({"shard_count": 0}, URL, "[discord] shard_count: write a whole number of shards"),
        ({"shard_count": "2"}, URL, "[discord] shard_count: write a whole number"),
        ({"shard_count": 2, "shard_ids": 0}, URL, "[discord] shard_ids: write a list of shard numbers"),
        ({"shard_count": 2, "shard_ids": [0, 0]}, URL, "[discord] shard_ids: lists the same shard twice"),
    ],
)
def test_impossible_combinations_name_the_key(discord: dict, storage: dict, message: str) -> None:
    """Ids outside the count, ids without a count, and part of the shards on SQLite are refused."""
    with pytest.raises(ConfigError) as refused:
        parse_config({"discord": discord, "storage": storage}, TOKEN)
    assert str(refused.value).startswith(message), str(refused.value)


def test_lease_and_takeover_interval_are_read_in_seconds() -> None:
    """Tests make the lease and the takeover look short through the config."""
    config = parse_config({"meetups": {"nudge_lease": "4s", "nudge_takeover_every": "1s"}}, TOKEN)
    assert config.meetups.nudge_lease.total_seconds() == 4
    assert config.meetups.nudge_takeover_every.total_seconds() == 1
