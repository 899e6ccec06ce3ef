"""Everything SQLite-specific lives here (pragmas, file locations), so the rest stays portable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

from app.db_page_version import is_version_table
from app.db_sqlite_keys import is_keys_table

BUSY_TIMEOUT_MS = 15_000


def ensure_parent_dir(database_url: str) -> None:
    """Create the folder of a file-backed SQLite database so a fresh checkout just works."""
    url = make_url(database_url)
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def engine_options(database_url: str) -> dict[str, Any]:
    """Pool sized for the threadpool of a worker: connections to a local file are cheap."""
    database = make_url(database_url).database
    if not database or database == ":memory:":
        return {"connect_args": connect_args()}
    return {"connect_args": connect_args(), "pool_size": 20, "max_overflow": 40, "pool_timeout": 60}


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
            "backup and restore work on a SQLite database file or a PostgreSQL database"
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


# ---------------------------------------------------------------- full-text search (FTS5)
#
# One FTS5 table holds every searchable text: sources (kind 'source', rowid = source id, kept
# in sync by triggers on ``source``) and claim-group labels (kind 'claim', negative rowids,
# written by :func:`index_claims`). Columns: title, outlet, body (indexed) and kind, ref_id,
# dossier_id (stored only). Migration 0003 creates it; a later migration that rebuilds the
# ``source`` table (Alembic batch mode on SQLite) drops the triggers with the old table and
# must call :func:`create_search_index` again.

SEARCH_TABLE = "search_index"
SEARCH_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
#: Snippet markers: private-use characters, removed from every indexed text.
MARK_START = "\ue000"
MARK_END = "\ue001"
ELLIPSIS = "\u2026"
SNIPPET_TOKENS = 24
#: bm25 weights of title, outlet, body (the stored-only columns weigh nothing).
_BM25 = "bm25(search_index, 5.0, 2.0, 1.0, 0.0, 0.0, 0.0)"
_CLEAN = "replace(replace({}, char(57344), ''), char(57345), '')"


def _columns(prefix: str) -> str:
    """The indexed values of a ``source`` row (``prefix`` is "new." in triggers)."""
    title = _CLEAN.format(f"{prefix}title || ' ' || {prefix}filename")
    return f"{title}, {_CLEAN.format(prefix + 'outlet')}, {_CLEAN.format(prefix + 'text')}"


_SOURCE_ROW = (
    "INSERT INTO search_index(rowid, kind, ref_id, dossier_id, title, outlet, body) "
    f"VALUES (new.id, 'source', new.id, new.dossier_id, {_columns('new.')});"
)
_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
    "title, outlet, body, kind UNINDEXED, ref_id UNINDEXED, dossier_id UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS search_source_ai AFTER INSERT ON source BEGIN {_SOURCE_ROW} END",
    "CREATE TRIGGER IF NOT EXISTS search_source_au "
    "AFTER UPDATE OF text, title, outlet, filename, dossier_id ON source BEGIN "
    f"DELETE FROM search_index WHERE rowid = old.id; {_SOURCE_ROW} END",
    "CREATE TRIGGER IF NOT EXISTS search_source_ad AFTER DELETE ON source BEGIN "
    "DELETE FROM search_index WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS search_dossier_ad AFTER DELETE ON dossier BEGIN "
    "DELETE FROM search_index WHERE kind = 'claim' AND dossier_id = old.id; END",
)
_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS search_source_ai",
    "DROP TRIGGER IF EXISTS search_source_au",
    "DROP TRIGGER IF EXISTS search_source_ad",
    "DROP TRIGGER IF EXISTS search_dossier_ad",
    "DROP TABLE IF EXISTS search_index",
)


def is_search_table(name: str | None) -> bool:
    """True for the FTS5 table and its shadow tables (not part of the SQLModel metadata)."""
    return name is not None and (
        name == SEARCH_TABLE or name in {SEARCH_TABLE + s for s in SEARCH_SHADOW_SUFFIXES}
    )


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: autogenerate ignores the search, keys and page-version
    tables (they live outside the models)."""
    outside = is_search_table(name) or is_keys_table(name) or is_version_table(name)
    return not (type_ == "table" and outside)


def create_search_index(conn: Connection) -> None:
    """Create the FTS5 table and its triggers if missing, and (re)index every source.

    Idempotent: safe to call again after a migration that rebuilt the ``source`` table.
    """
    for statement in _SEARCH_DDL:
        conn.exec_driver_sql(statement)
    rebuild_source_index(conn)


def drop_search_index(conn: Connection) -> None:
    for statement in _SEARCH_DROP:
        conn.exec_driver_sql(statement)


def rebuild_source_index(conn: Connection) -> None:
    """Replace the index rows of every source with their current text and metadata."""
    conn.exec_driver_sql("DELETE FROM search_index WHERE kind = 'source'")
    conn.exec_driver_sql(
        "INSERT INTO search_index(rowid, kind, ref_id, dossier_id, title, outlet, body) "
        f"SELECT id, 'source', id, dossier_id, {_columns('')} FROM source"
    )


def has_search_index(conn: Connection) -> bool:
    """True on SQLite when the FTS5 table exists (migration 0003 has run)."""
    if conn.dialect.name != "sqlite":
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SEARCH_TABLE,)
    ).first()
    return found is not None


def _clean(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def index_claims(conn: Connection, dossier_id: int, claims: Sequence[tuple[int, str, str]]) -> None:
    """Replace the claim-group rows of one dossier with ``(group_id, label, text)`` triples.

    Claim rows take negative rowids so they never collide with source ids. Nothing calls
    this yet: the comparison service should, whenever it stores a dossier's claim groups.
    The caller commits.
    """
    conn.exec_driver_sql(
        "DELETE FROM search_index WHERE kind = 'claim' AND dossier_id = ?", (dossier_id,)
    )
    lowest = conn.exec_driver_sql("SELECT min(0, coalesce(min(rowid), 0)) FROM search_index")
    next_id = int(lowest.scalar() or 0) - 1
    for offset, (group_id, label, text) in enumerate(claims):
        conn.exec_driver_sql(
            "INSERT INTO search_index(rowid, kind, ref_id, dossier_id, title, outlet, body) "
            "VALUES (?, 'claim', ?, ?, ?, '', ?)",
            (next_id - offset, group_id, dossier_id, _clean(label), _clean(text)),
        )


@dataclass(frozen=True, slots=True)
class FtsRow:
    """One match: ``snippet`` holds :data:`MARK_START`/:data:`MARK_END` around each hit."""

    kind: str
    ref_id: int
    dossier_id: int
    snippet: str
    rank: float


def search_fts(
    conn: Connection,
    match: str,
    *,
    dossier_id: int | None = None,
    outlet: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    kind: str | None = None,
) -> list[FtsRow]:
    """Rows matching the FTS5 expression ``match``, best (lowest bm25) first.

    ``match`` must be built from quoted strings only (see ``app.services.search``). Outlet
    and date filters apply to sources (case-insensitive outlet; sources without a date are
    left out when a date bound is given), so they leave claims out. ``kind`` keeps only
    'source' or 'claim' rows.
    """
    sql = (
        "SELECT search_index.kind, search_index.ref_id, search_index.dossier_id, "
        f"snippet(search_index, -1, ?, ?, ?, {SNIPPET_TOKENS}), {_BM25} AS rank "
        "FROM search_index LEFT JOIN source ON search_index.kind = 'source' "
        "AND source.id = search_index.ref_id "
        "JOIN dossier ON dossier.id = search_index.dossier_id "
        "WHERE search_index MATCH ? AND source.deleted_at IS NULL AND dossier.deleted_at IS NULL"
    )
    params: list[Any] = [MARK_START, MARK_END, ELLIPSIS, match]
    if kind is not None:
        # Before the snippet is cut: a source's snippet re-reads its whole text. The rowid's
        # sign says the kind (claims are negative) without reading each row's columns.
        sql += " AND search_index.kind = ?"
        sql += " AND search_index.rowid < 0" if kind == "claim" else " AND search_index.rowid > 0"
        params.append(kind)
    if dossier_id is not None:
        sql += " AND search_index.dossier_id = ?"
        params.append(dossier_id)
    if outlet:
        sql += " AND lower(source.outlet) = lower(?)"
        params.append(outlet)
    if date_from is not None:
        sql += " AND source.published_date >= ?"
        params.append(date_from.isoformat())
    if date_to is not None:
        sql += " AND source.published_date <= ?"
        params.append(date_to.isoformat())
    sql += " ORDER BY rank, search_index.rowid LIMIT ?"
    params.append(limit)
    rows = conn.exec_driver_sql(sql, tuple(params)).all()
    return [FtsRow(str(r[0]), int(r[1]), int(r[2]), str(r[3]), float(r[4])) for r in rows]
