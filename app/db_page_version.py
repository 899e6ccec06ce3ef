"""Page versions: counters that every write to what pages show moves forward.

Web workers keep rendered pages in process memory (app/web/page_cache.py) keyed on these, so a
page is never served stale after any process (another web worker, the ``communique worker``, a
CLI import, raw SQL) changed the data. Database triggers move them, not the application, so no
write path can forget to.

- ``page_version`` row 1 (``counter``) moves on every tracked change: the home and search pages
  key on it. Row 2 moves on changes to accounts (names shown on review decisions).
- ``dossier_page_version`` holds one counter per dossier, moved by changes to that dossier,
  its sources and segments, comparisons, jobs and review decisions: the pages of one dossier key
  on it (and row 2), so comparing or editing one dossier leaves the others' pages cached.

Invariants:
- a committed change to a row of :data:`TRACKED` (for ``comparison_job`` only the columns a
  page shows, so a worker renewing its lease invalidates nothing) increases row 1 (unless only
  the dossier's own pages show it: :data:`DOSSIER_ONLY`) and, when the row belongs to a
  dossier, that dossier's counter (a source moved between dossiers: both);
- the change and its bumps commit together: a reader that sees a new counter sees the data;
- ``epoch`` is random per database and renewed by a restore, so counters of two databases (or
  of one database before and after a restore) are never confused.

On SQLite row triggers do it (one writer at a time). On PostgreSQL deferred constraint triggers
do it at commit, each counter once per transaction; row 1 is always locked first and held to
the commit, so concurrent writers queue on it and cannot deadlock on the dossier rows.
"""

from __future__ import annotations

import secrets

from sqlalchemy import text
from sqlalchemy.engine import Connection

TABLE = "page_version"
DOSSIER_TABLE = "dossier_page_version"
ALL_PAGES, ACCOUNTS = 1, 2

#: Tables whose rows pages show, with the SQL expression (on ``{row}``, NEW or OLD) of the
#: dossier a row belongs to (None: every dossier's pages). Not tracked: sessions, login
#: throttling, the search tables (derived from tracked tables in the same transaction).
TRACKED: dict[str, str | None] = {
    "dossier": "{row}.id",
    "source": "{row}.dossier_id",
    "segment": "(SELECT dossier_id FROM source WHERE id = {row}.source_id)",
    "comparison_run": "{row}.dossier_id",
    "review_decision": "{row}.dossier_id",
    "comparison_job": "{row}.dossier_id",
    "app_user": None,
}
#: Tables only a dossier's own pages show (its comparison's state banner): a change moves that
#: dossier's counter, not the one of every page (a background comparison must not empty the
#: cache of the home and search pages).
DOSSIER_ONLY = frozenset(["comparison_job"])
#: ``comparison_job`` columns a page shows (its state banner); lease columns are left out.
JOB_COLUMNS = ("status", "error", "input_hash", "created_at", "started_at", "finished_at")

_PG_BUMP_ONCE = """
CREATE OR REPLACE FUNCTION communique_bump_once(name text, stmt text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('communique.' || name, true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('communique.' || name, 'on', true);
        EXECUTE stmt;
    END IF;
END $$
"""


def _pg_function(table: str, dossier_of: str | None) -> str:
    rows = [] if dossier_of is None else ["NEW", "OLD"]
    expression = dossier_of or ""
    dossier_bumps = "\n".join(
        f"""    IF TG_OP <> '{"DELETE" if row == "NEW" else "INSERT"}' THEN
        d := {expression.format(row=row)};
        IF d IS NOT NULL THEN
            PERFORM communique_bump_once('pv_' || d,
                'INSERT INTO {DOSSIER_TABLE} VALUES (' || d || ', 1) ON CONFLICT (dossier_id) '
                'DO UPDATE SET counter = {DOSSIER_TABLE}.counter + 1');
        END IF;
    END IF;"""
        for row in rows
    )
    extra = (
        ""
        if dossier_of is not None
        else (
            f"    PERFORM communique_bump_once('pv_accounts', "
            f"'UPDATE {TABLE} SET counter = counter + 1 WHERE id = {ACCOUNTS}');\n"
        )
    )
    # Row 1 is locked first in every case (without a bump when only the dossier's pages
    # change), so that writers always queue on it before taking any dossier's row.
    every = (
        f"'SELECT 1 FROM {TABLE} WHERE id = {ALL_PAGES} FOR UPDATE'"
        if table in DOSSIER_ONLY
        else f"'UPDATE {TABLE} SET counter = counter + 1 WHERE id = {ALL_PAGES}'"
    )
    return f"""
CREATE OR REPLACE FUNCTION communique_page_version_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
    PERFORM communique_bump_once('{"pv_lock" if table in DOSSIER_ONLY else "pv_all"}', {every});
{extra}{dossier_bumps}
    RETURN NULL;
END $$
"""


def _sqlite_body(table: str, dossier_of: str | None, rows: list[str]) -> str:
    statements = []
    if table not in DOSSIER_ONLY:
        statements.append(f"UPDATE {TABLE} SET counter = counter + 1 WHERE id = {ALL_PAGES};")
    if dossier_of is None:
        statements.append(f"UPDATE {TABLE} SET counter = counter + 1 WHERE id = {ACCOUNTS};")
        return " ".join(statements)
    for d in (dossier_of.format(row=row) for row in rows):
        statements.append(
            f"INSERT OR IGNORE INTO {DOSSIER_TABLE} SELECT {d}, 0 WHERE {d} IS NOT NULL;"
        )
        statements.append(
            f"UPDATE {DOSSIER_TABLE} SET counter = counter + 1 WHERE dossier_id = {d};"
        )
    return " ".join(statements)


def _events() -> list[tuple[str, str, str, list[str]]]:
    """(trigger suffix, table, event, rows whose dossier is bumped) for every tracked change."""
    events = []
    for table in TRACKED:
        update = "UPDATE OF " + ", ".join(JOB_COLUMNS) if table == "comparison_job" else "UPDATE"
        events += [(f"{table}_ins", table, "INSERT", ["NEW"])]
        events += [(f"{table}_upd", table, update, ["NEW", "OLD"])]
        events += [(f"{table}_del", table, "DELETE", ["OLD"])]
    return events


def create(conn: Connection) -> None:
    """Create the version rows and the triggers that move them (once, in a migration)."""
    conn.exec_driver_sql(
        f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, counter BIGINT NOT NULL, "
        "epoch VARCHAR(32) NOT NULL)"
    )
    epoch = secrets.token_hex(16)
    for row_id in (ALL_PAGES, ACCOUNTS):
        conn.exec_driver_sql(f"INSERT INTO {TABLE} VALUES ({row_id}, 0, '{epoch}')")
    conn.exec_driver_sql(
        f"CREATE TABLE {DOSSIER_TABLE} (dossier_id BIGINT PRIMARY KEY, counter BIGINT NOT NULL)"
    )
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.exec_driver_sql(_PG_BUMP_ONCE)
        for table, dossier_of in TRACKED.items():
            conn.exec_driver_sql(_pg_function(table, dossier_of))
    for suffix, table, event, rows in _events():
        name = f"page_version_{suffix}"
        if postgres:
            conn.exec_driver_sql(
                f"CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                f"EXECUTE FUNCTION communique_page_version_{table}()"
            )
        else:
            body = _sqlite_body(table, TRACKED[table], rows)
            conn.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END")


def drop(conn: Connection) -> None:
    postgres = conn.dialect.name == "postgresql"
    for suffix, table, _, _ in _events():
        on = f" ON {table}" if postgres else ""
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS page_version_{suffix}{on}")
    if postgres:
        for table in TRACKED:
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS communique_page_version_{table}()")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS communique_bump_once(text, text)")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {DOSSIER_TABLE}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


def read(conn: Connection) -> tuple[str, int]:
    """(epoch, counter of every page) as this connection's transaction sees them."""
    row = conn.exec_driver_sql(f"SELECT epoch, counter FROM {TABLE} WHERE id = {ALL_PAGES}").one()
    return str(row[0]), int(row[1])


def read_dossier(conn: Connection, dossier_id: int) -> tuple[str, int, int]:
    """(epoch, the dossier's counter, the accounts counter): what its pages key on."""
    row = conn.execute(
        text(
            f"SELECT a.epoch, a.counter, (SELECT counter FROM {DOSSIER_TABLE} "
            f"WHERE dossier_id = :dossier) FROM {TABLE} a WHERE a.id = {ACCOUNTS}"
        ),
        {"dossier": dossier_id},
    ).one()
    return str(row[0]), int(row[2] or 0), int(row[1])


def source_dossier(conn: Connection, source_id: int) -> int | None:
    """The dossier a source belongs to (None for no such source)."""
    found = conn.execute(
        text("SELECT dossier_id FROM source WHERE id = :source"), {"source": source_id}
    ).scalar()
    return int(found) if found is not None else None


def renew_epoch(conn: Connection) -> None:
    """After a restore: pages cached for the database as it was are never served again."""
    conn.exec_driver_sql(
        f"UPDATE {TABLE} SET epoch = '{secrets.token_hex(16)}', counter = counter + 1"
    )


def is_version_table(name: str | None) -> bool:
    return name in (TABLE, DOSSIER_TABLE)
