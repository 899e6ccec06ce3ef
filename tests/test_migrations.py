"""Alembic: upgrade an empty database, downgrade to base and back, no drift from the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401
import app.models_accounts  # noqa: F401
import app.models_review  # noqa: F401
from app import migrate
from app.db import make_engine
from app.db_sqlite import include_name
from app.settings import get_settings

TABLES = {"dossier", "source", "segment"}


def _tables(url: str) -> set[str]:
    engine = make_engine(get_settings(database_url=url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_on_empty_database_creates_every_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate.upgrade(get_settings(database_url=url))
    assert _tables(url) >= TABLES


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'cycle.db'}")
    migrate.upgrade(settings)
    migrate.downgrade(settings, "base")
    assert _tables(settings.database_url) == set()
    migrate.upgrade(settings)
    assert _tables(settings.database_url) >= TABLES


def test_autogenerate_finds_no_difference_with_models(tmp_path: Path) -> None:
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'drift.db'}")
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with engine.connect() as conn:
        # include_name: the same filter as alembic/env.py (the FTS5 search tables are not
        # models).
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_sqlite_connections_have_foreign_keys_wal_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(get_settings(database_url=f"sqlite:///{tmp_path / 'p.db'}"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()
