"""Alembic: upgrade an empty database, downgrade to base and back, no drift from the models.

On the run's database (SQLite, or PostgreSQL with COMMUNIQUE_TEST_DB=postgresql)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
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


def test_upgrade_on_empty_database_creates_every_table(new_database: Callable[[], str]) -> None:
    url = new_database()
    migrate.upgrade(get_settings(database_url=url))
    assert _tables(url) >= TABLES


def test_downgrade_to_base_and_up_again(new_database: Callable[[], str]) -> None:
    settings = get_settings(database_url=new_database())
    migrate.upgrade(settings)
    migrate.downgrade(settings, "base")
    assert _tables(settings.database_url) == set()
    migrate.upgrade(settings)
    assert _tables(settings.database_url) >= TABLES


def test_autogenerate_finds_no_difference_with_models(new_database: Callable[[], str]) -> None:
    settings = get_settings(database_url=new_database())
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


@pytest.mark.sqlite_only
def test_sqlite_connections_have_foreign_keys_wal_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(get_settings(database_url=f"sqlite:///{tmp_path / 'p.db'}"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


@pytest.mark.postgresql_only
def test_postgresql_search_index_has_a_gin_index_and_follows_sources(database_url: str) -> None:
    engine = make_engine(get_settings(database_url=database_url))
    with engine.begin() as conn:
        kinds = conn.exec_driver_sql(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = 'search_index'::regclass"
        ).scalars()
        assert "gin" in set(kinds)
        dossier = conn.exec_driver_sql(
            "INSERT INTO dossier (title, description, created_at, updated_at) "
            "VALUES ('D', '', now(), now()) RETURNING id"
        ).scalar()
        conn.exec_driver_sql(
            "INSERT INTO source (title, outlet, url, author, language, role, dossier_id, "
            "original, media_type, filename, text, sha256, created_at, updated_at) VALUES "
            "('', 'Okapi Weekly', '', '', 'en', 'report', %s, '', 'text/plain', 'a.txt', "
            "'A narwhal swam by.', 'x', now(), now())",
            (dossier,),
        )
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM search_index WHERE document @@ "
            "websearch_to_tsquery('simple', 'narwhal okapi')"
        ).scalar()
        assert found == 1
    engine.dispose()
