"""Each bad configuration input is refused with a line that names the key and what to write."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, parse_config

TOKEN = {"DISCORD_TOKEN": "secret"}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative storage paths resolve inside the test's own folder."""
    monkeypatch.chdir(tmp_path)


def test_defaults_with_token_from_environment() -> None:
    """With only a token, every documented default applies."""
    config = parse_config({}, TOKEN)
    assert config.discord.token == "secret"
    assert config.discord.api_base == "https://discord.com/api/v10"
    assert config.discord.gateway_url == "wss://gateway.discord.gg/"
    assert config.storage.path == Path("data/meetups.sqlite3")
    assert str(config.meetups.timezone) == "Europe/Stockholm"
    assert config.meetups.languages == ("en", "sv")
    assert config.meetups.poll_duration == timedelta(hours=48)
    assert config.meetups.reminder_offsets == (timedelta(hours=24), timedelta(hours=2))
    assert config.meetups.default_length == timedelta(hours=3)
    assert config.meetups.recap_delay == timedelta(hours=1)


def test_environment_token_beats_file() -> None:
    """DISCORD_TOKEN wins over [discord] token, so a secret need not live in the file."""
    assert parse_config({"discord": {"token": "from-file"}}, TOKEN).discord.token == "secret"
    assert parse_config({"discord": {"token": "from-file"}}, {}).discord.token == "from-file"


def test_requests_per_second_defaults_to_discords_global_limit() -> None:
    """Without the key the process paces itself to Discord's 50 requests a second; a share is accepted."""
    assert parse_config({}, TOKEN).discord.requests_per_second == 50
    assert parse_config({"discord": {"requests_per_second": 25}}, TOKEN).discord.requests_per_second == 25


def test_short_durations_for_tests() -> None:
    """Durations in seconds are accepted, which is how the tests keep time short."""
    config = parse_config({"meetups": {"poll_duration": "90s", "reminder_offsets": ["2s", "5s"]}}, TOKEN)
    assert config.meetups.poll_duration == timedelta(seconds=90)
    assert config.meetups.reminder_offsets == (timedelta(seconds=5), timedelta(seconds=2))


@pytest.mark.parametrize(
    ("raw", "environ", "message"),
    [
        ({}, {}, "no Discord bot token: set the DISCORD_TOKEN environment variable"),
        ({"discord": {"token": ""}}, {}, "no Discord bot token"),
        (
            {"meetups": {"poll_duraton": "2h"}},
            TOKEN,
            '[meetups] poll_duraton: unknown key; did you mean "poll_duration"',
        ),
        ({"meeetups": {}}, TOKEN, "[meeetups]: unknown section; did you mean [meetups]"),
        (
            {"meetups": {"poll_duration": "2 days"}},
            TOKEN,
            '[meetups] poll_duration: "2 days" is not a duration',
        ),
        ({"meetups": {"poll_duration": 48}}, TOKEN, "[meetups] poll_duration: write a duration in quotes"),
        ({"meetups": {"poll_duration": "0s"}}, TOKEN, "[meetups] poll_duration: must be longer than zero"),
        (
            {"meetups": {"reminder_offsets": "24h"}},
            TOKEN,
            "[meetups] reminder_offsets: write a list of durations",
        ),
        ({"meetups": {"reminder_offsets": ["2h", "2h"]}}, TOKEN, "lists the same duration twice"),
        (
            {"meetups": {"timezone": "Mars/Olympus"}},
            TOKEN,
            '[meetups] timezone: "Mars/Olympus" is not a known time zone',
        ),
        ({"meetups": {"languages": ["de"]}}, TOKEN, "[meetups] languages: 'de' is not supported"),
        ({"meetups": {"languages": []}}, TOKEN, "[meetups] languages: write a list of language codes"),
        ({"discord": {"api_base": "discord.com"}}, TOKEN, '[discord] api_base: "discord.com" is not a URL'),
        (
            {"discord": {"gateway_url": "http://x"}},
            TOKEN,
            '[discord] gateway_url: "http://x" is not a URL starting with ws',
        ),
        (
            {"discord": {"message_content_intent": "yes"}},
            TOKEN,
            "[discord] message_content_intent: write true or false",
        ),
        ({"discord": {"requests_per_second": "50"}}, TOKEN, "[discord] requests_per_second: write a whole"),
        ({"discord": {"requests_per_second": 0}}, TOKEN, "[discord] requests_per_second: write a whole"),
        ({"discord": {"requests_per_second": 2.5}}, TOKEN, "[discord] requests_per_second: write a whole"),
        ({"storage": {"path": 5}}, TOKEN, "[storage] path: write a non-empty text"),
        ({"storage": []}, TOKEN, "storage: write it as a section"),
        (
            {"storage": {"url": "mysql://bot:hunter2@db/meetups"}},
            TOKEN,
            '[storage] url: "mysql://" is not supported; write "postgresql://USER@HOST:PORT/DATABASE"',
        ),
        (
            {"storage": {"url": "postgresql://bot:hunter2@db"}},
            TOKEN,
            "[storage] url: name the host and the database",
        ),
        (
            {"storage": {"url": "postgresql://bot:hunter2@db:port/x"}},
            TOKEN,
            "[storage] url: the port is not a number",
        ),
        ({"web": {"listen": "8080"}}, TOKEN, '[web] listen: write "HOST:PORT", like "127.0.0.1:8080"'),
        ({"web": {"listen": "localhost:http"}}, TOKEN, '[web] listen: write "HOST:PORT"'),
        ({"web": {"listen": "localhost:80³"}}, TOKEN, '[web] listen: write "HOST:PORT"'),
        ({"web": {"listen": "127.0.0.1:70000"}}, TOKEN, "[web] listen: port 70000 is above 65535"),
        (
            {"web": {"public_url": "meetups.example"}},
            TOKEN,
            '[web] public_url: "meetups.example" is not a URL',
        ),
        ({"web": {"health_timeout": "0s"}}, TOKEN, "[web] health_timeout: must be longer than zero"),
        ({"logging": {"format": "xml"}}, TOKEN, '[logging] format: "xml" is not a format; write "text"'),
    ],
)
def test_bad_input_names_the_key(raw: dict, environ: dict, message: str) -> None:
    """A bad value is refused with a message that names its key and the fix."""
    with pytest.raises(ConfigError) as caught:
        parse_config(raw, environ)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_web_server_is_off_unless_listen_is_set() -> None:
    """No [web] listen, no web server; with it, the host and port are read (IPv6 in brackets)."""
    assert parse_config({}, TOKEN).web.listen is None
    web = parse_config({"web": {"listen": "[::1]:9000", "public_url": "https://meet.example/"}}, TOKEN).web
    assert web.listen == ("::1", 9000)
    assert web.public_url == "https://meet.example"
    assert parse_config({"logging": {"format": "JSON"}}, TOKEN).logging.format == "json"


def test_unwritable_storage_path() -> None:
    """A storage path nobody may write (not even root) is refused before the bot starts."""
    with pytest.raises(ConfigError, match=r'\[storage\] path: cannot write "/proc/meetups.sqlite3"'):
        parse_config({"storage": {"path": "/proc/meetups.sqlite3"}}, TOKEN)


def test_storage_path_under_a_file(tmp_path: Path) -> None:
    """A storage path whose folder is a file is refused with the reason."""
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ConfigError, match=r"\[storage\] path: cannot create the folder"):
        parse_config({"storage": {"path": str(tmp_path / "afile" / "db.sqlite3")}}, TOKEN)


def test_url_selects_postgresql_and_creates_no_file(tmp_path: Path) -> None:
    """With a url, the configured SQLite path is neither created nor used."""
    config = parse_config(
        {"storage": {"url": "postgresql://bot@db.example:5433/meetups", "path": "unused/meetups.sqlite3"}},
        TOKEN,
    )
    assert config.storage.target == "postgresql://bot@db.example:5433/meetups"
    assert not (tmp_path / "unused").exists()
    assert not (tmp_path / "data").exists()


def test_bad_url_never_shows_the_password() -> None:
    """A refused url is described without the password it carries."""
    with pytest.raises(ConfigError) as caught:
        parse_config({"storage": {"url": "postgres://bot:hunter2@db"}}, TOKEN)
    assert "hunter2" not in str(caught.value)


def test_missing_default_file_uses_defaults() -> None:
    """Without config.toml the defaults apply, so a fresh clone only needs the token."""
    assert load_config(None, TOKEN).meetups.poll_duration == timedelta(hours=48)


def test_missing_named_file_is_an_error(tmp_path: Path) -> None:
    """A --config path that does not exist is named in the error."""
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml", TOKEN)


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    """A file that is not TOML is reported with the parser's position."""
    path = tmp_path / "config.toml"
    path.write_text("[meetups\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path, TOKEN)


def test_example_config_is_valid() -> None:
    """The documented example loads as it is, once a token is given."""
    example = Path(__file__).parents[2] / "config.example.toml"
    config = load_config(example, TOKEN)
    assert config.meetups.reminder_offsets == (timedelta(hours=24), timedelta(hours=2))


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    """A UTF-8 file saved with a BOM (as some Windows editors do) reads like any other."""
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[meetups]\ntimezone = "Europe/Stockholm"\n')
    config = load_config(path, {"DISCORD_TOKEN": "t"})
    assert str(config.meetups.timezone) == "Europe/Stockholm"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('[meetups]\ntimezone = "UTC"\n'.encode("utf-16"), "the file is UTF-16 text; save it as UTF-8"),
        ('[meetups]\ntimezone = "Åland"\n'.encode("latin-1"), "not UTF-8 text (byte 0xc5 at position 22)"),
    ],
)
def test_text_that_is_not_utf8_is_refused_naming_the_encoding(
    tmp_path: Path, data: bytes, message: str
) -> None:
    """UTF-16 and legacy code pages are named, with the fix, before TOML sees them."""
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path, {"DISCORD_TOKEN": "t"})
