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
