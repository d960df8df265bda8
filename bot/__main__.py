"""``python -m bot [--config PATH]`` runs the bot; ``python -m bot sync`` registers its commands;
``python -m bot demo`` plays a whole meetup against a loopback Discord and prints it;
``python -m bot copy-storage --to URL`` copies the SQLite database into PostgreSQL;
``python -m bot backup --to FILE`` copies the live SQLite database into a new file;
``python -m bot doctor`` checks that everything the bot needs is in place.

Exit codes: 0 done (or stopped by SIGTERM/Ctrl-C), 1 the doctor found something missing, 2 something
in the config, the token, the intents or the database needs changing (one line says what), 3 Discord
could not be reached."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
from importlib import metadata
from pathlib import Path

import discord

from bot.app import build_bot
from bot.config import Config, ConfigError, WebSettings, load_config
from bot.db.engines import StorageError
from bot.lifecycle import EXIT_CONFIG, UnknownGuild, explain, run_until_stopped, setup_logging


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", type=Path, default=argparse.SUPPRESS, help="TOML config file (default: config.toml)"
    )
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=__doc__,
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", parents=[common], help="run the bot (the default)")
    sync = commands.add_parser(
        "sync", parents=[common], help="register the slash commands with Discord and exit"
    )
    sync.add_argument(
        "--guild",
        type=int,
        metavar="ID",
        help="register for this server only (instant), instead of globally; ID is the server's numeric"
        " id (Developer Mode on, right-click the server, Copy Server ID)",
    )
    sync.add_argument(
        "--clear",
        action="store_true",
        help="remove the commands registered for --guild (after moving to global commands), or the"
        " global ones without --guild",
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
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the configured SQLite database, while the bot runs, into a new file and exit",
    )
    backup.add_argument("--to", required=True, type=Path, metavar="FILE", help="the new backup file")
    commands.add_parser(
        "doctor",
        parents=[common],
        help="check the token, intents, database and each server's permissions, one line each; exit 1"
        " when something needed is missing",
    )
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
        await run_until_stopped(bot, lambda: bot.start(config.discord.token))


async def _sync(config: Config, guild_id: int | None, clear: bool) -> int:
    # Registering commands serves nothing: the web server stays off, so a running bot keeps its port.
    bot = await build_bot(dataclasses.replace(config, web=WebSettings()), start_scheduler=False)
    async with bot:
        await bot.login(config.discord.token)
        guild = discord.Object(guild_id) if guild_id else None
        if clear:
            bot.tree.clear_commands(guild=guild)
        elif guild is not None:
            bot.tree.copy_global_to(guild=guild)
        try:
            synced = await bot.tree.sync(guild=guild)
        except (discord.Forbidden, discord.NotFound) as error:
            if guild_id is None:
                raise
            raise UnknownGuild(
                f"the bot is not in server {guild_id} (Discord answered: {error.text or error.status}); invite it"
                " with the link in README.md first, check the id, or run sync without --guild"
            ) from None
    where = f"server {guild_id}" if guild_id else "every server (global; may take up to an hour to appear)"
    if clear:
        print(f"removed the commands registered for {where}")
    else:
        print(f"registered {len(synced)} commands for {where}: {', '.join(c.name for c in synced)}")
    return 0


async def _doctor(config: Config) -> int:
    from bot.doctor import FAIL, diagnose

    checks = await diagnose(config)
    for check in checks:
        print(check.line())
    failed = [check.subject for check in checks if check.status == FAIL]
    if failed:
        print(f"{len(failed)} of {len(checks)} checks failed: {'; '.join(failed)}")
        return 1
    print(f"all {len(checks)} checks passed")
    return 0


def _version() -> str:
    try:
        return metadata.version("meetup-bot")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "demo":
        return _demo(arguments.html, arguments.screenshots)
    if arguments.command == "copy-storage":
        return _copy_storage(getattr(arguments, "config", None), arguments.to)
    if arguments.command == "backup":
        return _backup(getattr(arguments, "config", None), arguments.to)
    try:
        config = load_config(getattr(arguments, "config", None))
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(config.logging.level, config.logging.format)
    storage_key = "[storage] url" if config.storage.url else "[storage] path"
    try:
        if arguments.command == "sync":
            return asyncio.run(_sync(config, arguments.guild, arguments.clear))
        if arguments.command == "doctor":
            return asyncio.run(_doctor(config))
        asyncio.run(_run(config))
    except KeyboardInterrupt:
        return 0
    except Exception as error:
        explained = explain(error, storage_key=storage_key)
        if explained is None:
            raise
        code, line = explained
        print(line, file=sys.stderr)
        return code
    return 0


def _sqlite_config(config_path: Path | None, with_url: str) -> Config | None:
    """The config of a command that works on the SQLite file and talks to no Discord (so it needs
    no token); None, after one line on stderr, when it cannot be read or names PostgreSQL."""
    try:
        config = load_config(
            config_path, {**os.environ, "DISCORD_TOKEN": os.environ.get("DISCORD_TOKEN") or "-"}
        )
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return None
    if config.storage.url:
        print(with_url, file=sys.stderr)
        return None
    return config


def _backup(config_path: Path | None, to: Path) -> int:
    """Copy the live SQLite database of the config to ``to``; PostgreSQL has pg_dump for that."""
    from bot.db.backup import BackupRefusedError, backup_sqlite

    config = _sqlite_config(
        config_path,
        "backup: the config uses PostgreSQL ([storage] url); back it up with pg_dump"
        " (README.md, 'Backups and restoring')",
    )
    if config is None:
        return EXIT_CONFIG
    try:
        counts = backup_sqlite(config.storage.path, to)
    except BackupRefusedError as error:
        print(f"backup: {error}", file=sys.stderr)
        return EXIT_CONFIG
    tables = ", ".join(f"{name} {count}" for name, count in counts.items())
    print(f"backed up {config.storage.path} to {to}: {sum(counts.values())} rows ({tables})")
    return 0


def _copy_storage(config_path: Path | None, url: str) -> int:
    """Copy the SQLite database of the config into PostgreSQL at ``url``; stop the bot first."""
    from bot.db.copy import CopyRefusedError, copy_storage
    from bot.db.engines import describe, postgres_url

    config = _sqlite_config(
        config_path,
        "copy-storage: the config already uses [storage] url; point --config at the one whose"
        " [storage] path is the SQLite file to copy",
    )
    if config is None:
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


if __name__ == "__main__":
    sys.exit(main())
