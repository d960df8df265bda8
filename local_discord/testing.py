"""Pytest plugin: LocalDiscords that validate every request against Discord's spec.

Use as a plugin (``pytest_plugins = ("local_discord.testing",)``) to get the
``local_discord`` and ``local_discord_factory`` fixtures. Each server they
create checks every request against the OpenAPI copy in ``tests/data``; at
teardown the test fails if any request was malformed, unless the test took the
errors it provoked on purpose with :meth:`LocalDiscord.take_validation_errors`.
To run a bot on one, see :mod:`local_discord.harness`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from local_discord.harness import Factory
from local_discord.server import LocalDiscord

SPEC_PATH = Path(__file__).resolve().parents[1] / "tests" / "data" / "discord-openapi" / "openapi.json"


def _check_clean(ld: LocalDiscord) -> None:
    if ld.validation_errors:
        listing = "\n".join(f"  - {issue}" for issue in ld.validation_errors)
        pytest.fail(f"the loopback Discord saw requests Discord would refuse:\n{listing}", pytrace=False)


@pytest_asyncio.fixture
async def local_discord_factory() -> AsyncIterator[Factory]:
    """Start LocalDiscords (spec-validated unless told otherwise); each must end free of validation errors."""
    started: list[LocalDiscord] = []

    async def start(**kwargs: Any) -> LocalDiscord:
        kwargs.setdefault("spec_path", SPEC_PATH)
        ld = LocalDiscord(**kwargs)
        await ld.start()
        started.append(ld)
        return ld

    yield start
    for ld in started:
        await ld.stop()
    for ld in started:
        _check_clean(ld)


@pytest_asyncio.fixture
async def local_discord(local_discord_factory: Factory) -> LocalDiscord:
    """A started, spec-validating LocalDiscord with default settings."""
    return await local_discord_factory()
