"""Database engine and sessions. Sessions never commit here: the service layer does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from app import db_sqlite
from app.settings import Settings


def make_engine(settings: Settings) -> Engine:
    """Create the engine for ``settings.database_url`` (SQLite gets its pragmas)."""
    if settings.is_sqlite:
        db_sqlite.ensure_parent_dir(settings.database_url)
        engine = create_engine(
            settings.database_url, **db_sqlite.engine_options(settings.database_url)
        )
        db_sqlite.install_pragmas(engine)
        return engine
    return create_engine(settings.database_url, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that rolls back whatever the caller did not commit."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
