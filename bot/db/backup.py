"""A consistent copy of a live SQLite database, made with SQLite's online backup API.

Copying the file with ``cp`` while the bot writes can catch a transaction half-way (and leaves
the ``-wal`` file behind); the backup API copies the pages of one read snapshot instead, so the
copy holds every transaction that had committed when it started and none that had not, while the
bot goes on writing. The copy is written beside the target first and renamed into place only
once it passed SQLite's integrity check, so a backup that failed never looks like one that worked.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.db.engines import BUSY_TIMEOUT_MS


class BackupRefusedError(Exception):
    """The backup was not made; worded for the person who ran it."""


def backup_sqlite(source: Path, target: Path) -> dict[str, int]:
    """Copy ``source`` to the new file ``target``; returns the row count of each table copied."""
    if target.exists():
        raise BackupRefusedError(f"{target} already exists; name a new file, so no backup is overwritten")
    if not source.is_file() or source.stat().st_size == 0:
        raise BackupRefusedError(f"{source} holds no database yet; start the bot once first")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        copy = sqlite3.connect(partial)
        try:
            # All pages in one step: one snapshot, however long the copy takes.
            reader.backup(copy)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupRefusedError(
                    f"the copy failed SQLite's integrity check ({verdict}); nothing was kept"
                )
            tables = [
                name
                for (name,) in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts = {name: copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
        finally:
            copy.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupRefusedError(f"SQLite could not copy {source} ({error}); nothing was kept") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    partial.rename(target)
    return counts
