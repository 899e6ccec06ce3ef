"""``communique copy-db``: copy every row of one database into another, empty one.

For a team moving from SQLite to PostgreSQL (either direction works). The target is migrated
first and must hold no rows; everything is copied in one transaction on the target (a failure
leaves it empty), ids kept, tables in foreign-key order. Afterwards PostgreSQL's id sequences
continue at max(id) + 1, the sources' search rows exist (the target's triggers wrote them as
rows arrived, and their word keys are filled in: PostgreSQL ``keys``, SQLite ``source_keys``)
and the claim-group search rows are copied from the source's index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

BATCH_ROWS = 500


class CopyRefused(ValueError):
    """The copy cannot start: nothing was written."""


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)
    claims: int = 0


def _tables() -> list[Table]:
    from sqlmodel import SQLModel  # noqa: PLC0415

    import app.models  # noqa: F401, PLC0415  (registers the tables)
    import app.models_accounts  # noqa: F401, PLC0415
    import app.models_review  # noqa: F401, PLC0415

    return list(SQLModel.metadata.sorted_tables)


def _revision(conn: Connection) -> str | None:
    from alembic.migration import MigrationContext  # noqa: PLC0415

    return MigrationContext.configure(conn).get_current_revision()


def _check(source: Connection, target: Connection, tables: list[Table]) -> None:
    """Refuse a source at another migration than the target, or a target holding rows."""
    from sqlalchemy import func, select  # noqa: PLC0415  (sqlalchemy costs `compare` 0.35 s)

    theirs, ours = _revision(source), _revision(target)
    if theirs != ours:
        raise CopyRefused(
            f"the source database is at migration {theirs or 'none'}, the target at {ours}: "
            "run `communique db upgrade` on the source first; nothing was copied"
        )
    filled = []
    for table in tables:
        count = target.execute(select(func.count()).select_from(table)).scalar_one()
        if count:
            filled.append(f"{table.name} ({count})")
    if filled:
        raise CopyRefused(
            "the target database is not empty: "
            + ", ".join(filled)
            + "; copy-db only fills an empty database, nothing was copied"
        )


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    from sqlalchemy import select  # noqa: PLC0415

    copied = 0
    result = source.execution_options(yield_per=BATCH_ROWS).execute(select(table))
    for batch in result.mappings().partitions(BATCH_ROWS):
        target.execute(table.insert(), [dict(row) for row in batch])
        copied += len(batch)
    return copied


def _reset_sequences(target: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of each table is max(id) + 1 (rows came with their ids)."""
    if target.dialect.name != "postgresql":
        return  # SQLite takes max(rowid) + 1 by itself
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or key[0].type.python_type is not int:
            continue
        target.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
            f"coalesce((SELECT max({key[0].name}) FROM {table.name}), 0) + 1, false)"
        )


def _fill_search_keys(target: Connection) -> None:
    """The word keys of the copied sources (Core inserts bypass the ORM hook)."""
    from app import db_postgres, db_sqlite_keys  # noqa: PLC0415
    from app.services.key_search import source_vector, source_words  # noqa: PLC0415

    if target.dialect.name == "postgresql":
        db_postgres.fill_missing_keys(target, source_vector)
    elif db_sqlite_keys.has_keys_table(target):
        db_sqlite_keys.fill_missing_keys(target, source_words)


def _copy_claims(source: Connection, target: Connection) -> int:
    """Claim-group rows of the source's search index, re-indexed on the target."""
    from app import db  # noqa: PLC0415

    if not (db.has_search_index(source) and db.has_search_index(target)):
        return 0
    rows = source.exec_driver_sql(
        "SELECT dossier_id, ref_id, title, body FROM search_index WHERE kind = 'claim' "
        "ORDER BY dossier_id, ref_id"
    ).all()
    by_dossier: dict[int, list[tuple[int, str, str]]] = {}
    for dossier_id, ref_id, label, text in rows:
        by_dossier.setdefault(int(dossier_id), []).append((int(ref_id), str(label), str(text)))
    for dossier_id, claims in by_dossier.items():
        db.index_claims(target, dossier_id, claims)
    return len(rows)


def copy_database(source_url: str, target_url: str) -> CopyReport:
    """Copy every table of ``source_url`` into the empty database ``target_url`` (migrated
    here first). Raises :class:`CopyRefused` before writing anything when it cannot."""
    from app import migrate  # noqa: PLC0415
    from app.db import make_engine  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415

    if source_url == target_url:
        raise CopyRefused("the source and the target are the same database; nothing was copied")
    migrate.upgrade(get_settings(database_url=target_url))
    source_engine = make_engine(get_settings(database_url=source_url))
    target_engine = make_engine(get_settings(database_url=target_url))
    tables = _tables()
    report = CopyReport()
    try:
        with source_engine.connect() as source, target_engine.begin() as target:
            _check(source, target, tables)
            for table in tables:
                report.rows[table.name] = _copy_table(source, target, table)
            _reset_sequences(target, tables)
            report.claims = _copy_claims(source, target)
            _fill_search_keys(target)
    finally:
        source_engine.dispose()
        target_engine.dispose()
    return report


@click.command("copy-db")
@click.option("--from", "source_url", required=True, help="URL of the database to copy.")
@click.option("--to", "target_url", required=True, help="URL of the empty target database.")
def copy_db_cmd(source_url: str, target_url: str) -> None:
    """Copy a whole database (e.g. SQLite) into an empty one (e.g. PostgreSQL), ids kept."""
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    try:
        report = copy_database(source_url, target_url)
    except CopyRefused as exc:
        raise click.ClickException(str(exc)) from exc
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise click.ClickException(f"the copy failed ({reason}); nothing was copied") from exc
    total = sum(report.rows.values())
    click.echo(
        f"Copied {total:,} rows in {len(report.rows)} tables and {report.claims:,} "
        "claim-group search rows."
    )
