"""Alembic environment: migrates ``SQLModel.metadata`` (app.models) on the configured database."""

from __future__ import annotations

from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
import app.models_accounts  # noqa: F401
import app.models_review  # noqa: F401
from alembic import context
from app.db import make_engine
from app.db_sqlite import include_name
from app.settings import get_settings

config = context.config
target_metadata = SQLModel.metadata


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,  # the FTS5 search tables live outside the models
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    engine = make_engine(get_settings(database_url=_database_url()))
    with engine.connect() as conn:
        _run_with(conn)
    engine.dispose()


def _run_with(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,  # the FTS5 search tables live outside the models
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
