"""``python -m bot [--config PATH]`` runs the bot; ``python -m bot sync`` registers its commands;
``python -m bot demo`` plays a whole meetup against a loopback Discord and prints it;
``python -m bot copy-storage --to URL`` copies the SQLite database into PostgreSQL."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

import discord

from bot.app import build_bot
from bot.config import Config, ConfigError, load_config
from bot.db.engines import StorageError
from bot.db.migrate import SchemaError

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", type=Path, default=argparse.SUPPRESS, help="TOML config file (default: config.toml)"
    )
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__, parents=[common])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", parents=[common], help="run the bot (the default)")
    sync = commands.add_parser(
        "sync", parents=[common], help="register the slash commands with Discord and exit"
    )
    sync.add_argument(
        "--guild", type=int, help="register for this server only (instant), instead of globally"
    )
    demo = commands.add_parser(
        "demo", help="play a whole meetup against a loopback Discord and print what everyone sees"
    )
    demo.add_argument("--html", type=Path, metavar="PATH", help="also write the transcript as one HTML page")
    demo.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="also write the README pictures there (needs Chromium)",
    )
    copy = commands.add_parser(
        "copy-storage",
        parents=[common],
        help="copy the configured SQLite database into an empty PostgreSQL database and exit",
    )
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql://USER@HOST:PORT/DATABASE")
    return parser


def _demo(html: Path | None, screenshots: Path | None) -> int:
    # Imported here: the demo brings the loopback Discord, which running the bot never needs.
    from bot import demo

    try:
        return demo.run(html=html, screenshots=screenshots)
    except KeyboardInterrupt:
        print("demo interrupted", file=sys.stderr)
        return 130


async def _run(config: Config) -> None:
    bot = await build_bot(config)
    async with bot:
        await bot.start(config.discord.token)


async def _sync(config: Config, guild_id: int | None) -> int:
    bot = await build_bot(config, start_scheduler=False)
    async with bot:
        await bot.login(config.discord.token)
        guild = discord.Object(guild_id) if guild_id else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    where = f"server {guild_id}" if guild_id else "every server (global; may take up to an hour to appear)"
    print(f"registered {len(synced)} commands for {where}: {', '.join(c.name for c in synced)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "demo":
        return _demo(arguments.html, arguments.screenshots)
    if arguments.command == "copy-storage":
        return _copy_storage(getattr(arguments, "config", None), arguments.to)
    try:
        config = load_config(getattr(arguments, "config", None))
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    discord.utils.setup_logging(level=logging.INFO, root=True)
    try:
        if arguments.command == "sync":
            return asyncio.run(_sync(config, arguments.guild))
        asyncio.run(_run(config))
    except discord.LoginFailure:
        print(
            "config error: Discord refused the bot token; copy it again from the Developer Portal",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print(
            "config error: enable the Message Content intent for the bot in the Developer Portal, "
            "or set [discord] message_content_intent = false",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    except (StorageError, SchemaError) as error:
        return _storage_problem(error)
    except KeyboardInterrupt:
        return 0
    return 0


def _copy_storage(config_path: Path | None, url: str) -> int:
    """Copy the SQLite database of the config into PostgreSQL at ``url``; stop the bot first."""
    from bot.db.copy import CopyRefusedError, copy_storage
    from bot.db.engines import describe, postgres_url

    try:
        # Copying talks to no Discord, so a config without a token is fine here.
        config = load_config(
            config_path, {**os.environ, "DISCORD_TOKEN": os.environ.get("DISCORD_TOKEN") or "-"}
        )
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    if config.storage.url:
        print(
            "copy-storage: the config already uses [storage] url; point --config at the one whose"
            " [storage] path is the SQLite file to copy",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    try:
        target = postgres_url(url)
        copied = asyncio.run(copy_storage(config.storage.path, url))
    except StorageError as error:
        print(f"copy-storage: --to: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except CopyRefusedError as error:
        print(f"copy-storage: {error}; nothing was written", file=sys.stderr)
        return EXIT_CONFIG
    tables = ", ".join(f"{name} {count}" for name, count in copied.items())
    print(f"copied {sum(copied.values())} rows from {config.storage.path} into {describe(target)} ({tables})")
    return 0


def _storage_problem(error: StorageError | SchemaError) -> int:
    """The database named in the config cannot be used: one line naming the key, no traceback."""
    key = "[storage] url" if isinstance(error, StorageError) else "[storage] path"
    print(f"config error: {key}: {error}", file=sys.stderr)
    return EXIT_CONFIG


if __name__ == "__main__":
    sys.exit(main())
