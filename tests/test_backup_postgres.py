"""`communique backup`/`restore` on PostgreSQL (pg_dump/pg_restore, custom format): a backup
taken while a writer adds sources restores complete into another database; bad files and
missing tools get a clear error and restore nothing. Texts made up for the tests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session

from app import db_postgres_backup
from app.cli import main
from app.db import make_engine
from app.services import search
from app.settings import Settings, get_settings
from tests.robustness import record
from tests.writers import backup_while_writing


def _article(n: int) -> str:
    return f"Envoy {n} reached the lighthouse on day {n}. Talks on buoy {n} went well.\n"


def _complete(url: str) -> tuple[int, list[str]]:
    """Number of sources and the problems found (hash, segments), as test_faults does."""
    engine = make_engine(get_settings(database_url=url))
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT id, text, sha256 FROM source").all()
            problems = []
            for source_id, text, digest in rows:
                if hashlib.sha256(text.encode()).hexdigest() != digest:
                    problems.append(f"source {source_id}: hash does not match its text")
                n = conn.exec_driver_sql(
                    "SELECT count(*) FROM segment WHERE source_id = %s", (source_id,)
                ).scalar()
                if n == 0:
                    problems.append(f"source {source_id}: no segments")
            return len(rows), problems
    finally:
        engine.dispose()


@pytest.mark.postgresql_only
def test_backup_while_writing_then_restore_into_another_database(
    settings: Settings, new_database: Callable[[], str], tmp_path: Path
) -> None:
    written = backup_while_writing(settings, "Lighthouse", _article, tmp_path / "snap.dump", 300)
    assert (tmp_path / "snap.dump").read_bytes()[:5] == b"PGDMP"

    target = new_database()
    result = CliRunner(env={"COMMUNIQUE_DATABASE_URL": target}).invoke(
        main, ["restore", "--yes", str(tmp_path / "snap.dump")]
    )
    assert result.exit_code == 0, result.output
    count, problems = _complete(target)
    assert problems == [] and 20 <= count <= len(written)
    # The restored search index answers too (the tsvector rows came with the dump).
    restored = make_engine(get_settings(database_url=target))
    with Session(restored) as session:
        assert len(search.search(session, "lighthouse", limit=200).hits) == count
    restored.dispose()
    record("backup_restore_round_trips_under_writes", 1)


@pytest.mark.postgresql_only
def test_restore_refuses_files_that_are_not_communique_archives(
    settings: Settings, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.dump"
    bogus.write_bytes(b"PGDMP but not really an archive" * 10)
    runner = CliRunner(env={"COMMUNIQUE_DATABASE_URL": settings.database_url})
    for path in (bogus, tmp_path / "missing.dump"):
        result = runner.invoke(main, ["restore", "--yes", str(path)])
        assert result.exit_code != 0
        assert "nothing was restored" in result.output or "no such backup" in result.output
    # Still the seeded, migrated database it was.
    assert _complete(settings.database_url)[1] == []


def test_backup_without_pg_dump_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_postgres_backup, "PG_BIN_ROOT", str(tmp_path / "none"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    url = "postgresql+psycopg://u@127.0.0.1:1/x"
    result = CliRunner(env={"COMMUNIQUE_DATABASE_URL": url}).invoke(
        main, ["backup", str(tmp_path / "b.dump")]
    )
    assert result.exit_code != 0
    assert "pg_dump is not installed" in result.output
    assert "apt-get install postgresql-client" in result.output
