"""Database engine and sessions. Sessions never commit here: the service layer does.

The search index differs per database (FTS5 on SQLite, ``tsvector`` on PostgreSQL); the
functions at the end pick the right one for a connection, so services stay portable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from app import db_postgres, db_sqlite, db_sqlite_keys
from app.settings import Settings

#: Connections per web worker on PostgreSQL: the threadpool's 40 threads rarely all hold one.
PG_POOL_SIZE = 10
PG_MAX_OVERFLOW = 20


def make_engine(settings: Settings) -> Engine:
    """Create the engine for ``settings.database_url`` (SQLite gets its pragmas)."""
    if settings.is_sqlite:
        db_sqlite.ensure_parent_dir(settings.database_url)
        engine = create_engine(
            settings.database_url, **db_sqlite.engine_options(settings.database_url)
        )
        db_sqlite.install_pragmas(engine)
        from app.services.key_search import source_words  # noqa: PLC0415

        db_sqlite_keys.install_source_keys(source_words)
        return engine
    from app.services.key_search import source_vector  # noqa: PLC0415

    db_postgres.install_source_keys(source_vector)
    return create_engine(
        settings.database_url,
        pool_pre_ping=True,
        pool_size=PG_POOL_SIZE,
        max_overflow=PG_MAX_OVERFLOW,
    )


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that rolls back whatever the caller did not commit."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


def has_search_index(conn: Connection) -> bool:
    """True when the database's full-text index exists (migration 0003 has run)."""
    if conn.dialect.name == "postgresql":
        return db_postgres.has_search_index(conn)
    return db_sqlite.has_search_index(conn)


def index_claims(conn: Connection, dossier_id: int, claims: Sequence[tuple[int, str, str]]) -> None:
    """Replace the claim-group rows of one dossier with ``(group_id, label, text)`` triples."""
    if conn.dialect.name == "postgresql":
        db_postgres.index_claims(conn, dossier_id, claims)
    else:
        db_sqlite.index_claims(conn, dossier_id, claims)
