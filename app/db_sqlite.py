"""Everything SQLite-specific lives here (pragmas, file locations), so the rest stays portable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

BUSY_TIMEOUT_MS = 15_000


def ensure_parent_dir(database_url: str) -> None:
    """Create the folder of a file-backed SQLite database so a fresh checkout just works."""
    url = make_url(database_url)
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def connect_args() -> dict[str, Any]:
    # The web server hands sessions across threads; SQLAlchemy's pool keeps them safe.
    return {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}


def install_pragmas(engine: Engine) -> None:
    """Foreign keys, WAL and a busy timeout on every new connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def integrity_ok(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def _sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
        raise ValueError(
            "backup and restore work on a SQLite database file; use pg_dump for PostgreSQL"
        )
    return Path(url.database).expanduser().resolve()


def backup_to(database_url: str, target: Path) -> int:
    """Copy the live database to ``target`` with SQLite's online backup API.

    Safe while the server writes: the backup is a consistent snapshot. Returns its size in bytes.
    The copy goes to a temporary file first and is renamed, so ``target`` is never half-written.
    """
    import sqlite3  # noqa: PLC0415

    source_path = _sqlite_path(database_url)
    target = target.expanduser().resolve()
    if target == source_path:
        raise ValueError("the backup must go to another file than the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_MS / 1000)
    dest = sqlite3.connect(partial)
    try:
        # One step: under WAL a single read transaction gives a snapshot without blocking writers.
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        if dest.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError("the backup copy failed its integrity check")
    finally:
        dest.close()
        source.close()
    partial.replace(target)
    return target.stat().st_size


def restore_from(database_url: str, backup: Path) -> None:
    """Replace the database's content with ``backup`` through the backup API (all or nothing)."""
    import sqlite3  # noqa: PLC0415

    backup = backup.expanduser().resolve()
    if not backup.is_file():
        raise ValueError(f"{backup}: no such backup file")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ValueError(f"{backup} is damaged (integrity check failed); nothing was restored")
        tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            raise ValueError(f"{backup} is not a Communiqué database; nothing was restored")
        target_path = _sqlite_path(database_url)
        ensure_parent_dir(database_url)
        dest = sqlite3.connect(target_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise ValueError(
            f"{backup} is not a SQLite database ({exc}); nothing was restored"
        ) from exc
    finally:
        source.close()
