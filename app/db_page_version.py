"""The page version: one row that every write to what pages show moves forward.

Web workers keep rendered pages in process memory (app/web/page_cache.py) keyed on this
version, so a page is never served stale after any process (another web worker, the
``communique worker``, a CLI import, raw SQL) changed the data. Database triggers move it, not
the application, so no write path can forget to.

Invariants:
- a committed change to a row of :data:`TRACKED` (for ``comparison_job`` only the columns a
  page shows, so a worker renewing its lease invalidates nothing) increases ``counter``;
- the change and its bump commit together: a reader that sees the new counter sees the data;
- ``epoch`` is random per database and renewed by a restore, so counters of two databases (or
  of one database before and after a restore) are never confused.

On SQLite row triggers bump it (one writer at a time, so no contention). On PostgreSQL a
deferred constraint trigger bumps it once per transaction at commit: the row lock on the
version row is taken last and held only while committing, so concurrent writers cannot
deadlock on it.
"""

from __future__ import annotations

import secrets

from sqlalchemy.engine import Connection

TABLE = "page_version"

#: Tables whose rows pages show. Not tracked: sessions, login throttling, the search tables
#: (derived from tracked tables in the same transaction).
TRACKED = ("dossier", "source", "segment", "comparison_run", "review_decision", "app_user")
#: ``comparison_job`` columns a page shows (its state banner); lease columns are left out.
JOB_COLUMNS = ("status", "error", "input_hash", "created_at", "started_at", "finished_at")

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION communique_bump_page_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('communique.page_version_bumped', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('communique.page_version_bumped', 'on', true);
        UPDATE {TABLE} SET counter = counter + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$
"""


def _events() -> list[tuple[str, str, str]]:
    """(trigger suffix, table, event) for every tracked change."""
    events = [(f"{t}_{op[:3]}", t, op) for t in TRACKED for op in ("INSERT", "UPDATE", "DELETE")]
    job_update = "UPDATE OF " + ", ".join(JOB_COLUMNS)
    events += [("comparison_job_ins", "comparison_job", "INSERT")]
    events += [("comparison_job_upd", "comparison_job", job_update)]
    events += [("comparison_job_del", "comparison_job", "DELETE")]
    return events


def create(conn: Connection) -> None:
    """Create the version row and the triggers that move it (idempotent on neither: once)."""
    conn.exec_driver_sql(
        f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, counter BIGINT NOT NULL, "
        "epoch VARCHAR(32) NOT NULL)"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {TABLE} (id, counter, epoch) VALUES (1, 0, '{secrets.token_hex(16)}')"
    )
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
    for suffix, table, event in _events():
        conn.exec_driver_sql(_trigger_sql(conn.dialect.name, suffix, table, event))


def _trigger_sql(dialect: str, suffix: str, table: str, event: str) -> str:
    name = f"page_version_{suffix}"
    if dialect == "postgresql":
        return (
            f"CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION communique_bump_page_version()"
        )
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
        f"UPDATE {TABLE} SET counter = counter + 1 WHERE id = 1; END"
    )


def drop(conn: Connection) -> None:
    postgres = conn.dialect.name == "postgresql"
    for suffix, table, _ in _events():
        on = f" ON {table}" if postgres else ""
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS page_version_{suffix}{on}")
    if postgres:
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS communique_bump_page_version()")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


def read(conn: Connection) -> tuple[str, int]:
    """(epoch, counter) as this connection's transaction sees them."""
    row = conn.exec_driver_sql(f"SELECT epoch, counter FROM {TABLE} WHERE id = 1").one()
    return str(row[0]), int(row[1])


def renew_epoch(conn: Connection) -> None:
    """After a restore: pages cached for the database as it was are never served again."""
    conn.exec_driver_sql(
        f"UPDATE {TABLE} SET epoch = '{secrets.token_hex(16)}', counter = counter + 1 WHERE id = 1"
    )


def is_version_table(name: str | None) -> bool:
    return name == TABLE
