"""``./manage``, the one entry point a host uses: it says what it does and refuses an unusable Python."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "manage"), *arguments],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **environment},
        check=False,
    )


def fake_python(folder: Path, version: str) -> Path:
    """A stand-in interpreter that only reports its version, as ``manage`` asks it to."""
    path = folder / f"python{version}"
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_help_lists_every_command_and_the_environment_and_exits_0() -> None:
    """``--help`` is an answer, not an error."""
    done = manage("--help")
    assert done.returncode == 0
    for word in ("run", "sync", "demo", "test", "lint", "PYTHON", "VENV"):
        assert word in done.stdout


def test_an_unknown_command_is_named_and_exits_2() -> None:
    """A typo gets one line naming it, then the usage, on stderr."""
    done = manage("rnu")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == 'manage: unknown command "rnu"'


def test_a_python_older_than_3_11_is_refused_in_one_line(tmp_path: Path) -> None:
    """An old PYTHON stops before any venv is made, naming the version and the fix."""
    done = manage("lint", PYTHON=str(fake_python(tmp_path, "3.9")), VENV=str(tmp_path / "venv"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "3.11 or newer" in done.stderr
    assert "is 3.9" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_a_missing_python_is_refused_in_one_line(tmp_path: Path) -> None:
    """A PYTHON that cannot run says so, without a shell error."""
    done = manage("run", PYTHON=str(tmp_path / "no-such-python"))
    assert done.returncode == 2
    assert done.stderr.startswith("manage: cannot run PYTHON=")
