"""No data loss: backups under concurrent writes, restore, and a bulk import killed halfway."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.cli import main
from app.db import make_engine
from app.settings import Settings, get_settings
from tests.robustness import record
from tests.writers import backup_while_writing


def _article(n: int) -> str:
    return (
        f"Delegation {n} arrived in the capital on day {n}. "
        f"Officials said talks on item {n} went well. "
        f"A joint statement numbered {n} was issued in the evening.\n"
    )


def _complete(db_file: Path) -> tuple[int, list[str]]:
    """Number of sources and the problems found: each source must have text, hash and segments."""
    conn = sqlite3.connect(db_file)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        problems = []
        rows = conn.execute("SELECT id, text, sha256 FROM source").fetchall()
        for source_id, text, digest in rows:
            if hashlib.sha256(text.encode()).hexdigest() != digest:
                problems.append(f"source {source_id}: hash does not match its text")
            n = conn.execute("SELECT count(*) FROM segment WHERE source_id=?", (source_id,))
            if n.fetchone()[0] == 0:
                problems.append(f"source {source_id}: no segments")
        return len(rows), problems
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_backup_while_writing_then_restore_round_trip(settings: Settings, tmp_path: Path) -> None:
    written = backup_while_writing(settings, "Busy", _article, tmp_path / "snap.db", 400)
    count, problems = _complete(tmp_path / "snap.db")
    assert problems == [] and 20 <= count <= len(written)

    restored_url = f"sqlite:///{tmp_path / 'restored.db'}"
    result = CliRunner(env={"COMMUNIQUE_DATABASE_URL": restored_url}).invoke(
        main, ["restore", "--yes", str(tmp_path / "snap.db")]
    )
    assert result.exit_code == 0, result.output
    assert _complete(tmp_path / "restored.db") == (count, [])
    record("backup_restore_round_trips_under_writes", 1)


def test_restore_refuses_a_file_that_is_not_a_backup(settings: Settings, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a database at all" * 100)
    runner = CliRunner(env={"COMMUNIQUE_DATABASE_URL": settings.database_url})
    result = runner.invoke(main, ["restore", "--yes", str(bogus)])
    assert result.exit_code != 0
    assert "nothing was restored" in result.output


def test_bulk_import_killed_halfway_loses_nothing_and_resumes(
    tmp_path: Path, new_database: Callable[[], str]
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    total = 300
    for n in range(total):
        (folder / f"{n:03}.txt").write_text(_article(n), encoding="utf-8")
    url = new_database()
    env = {**os.environ, "COMMUNIQUE_DATABASE_URL": url}
    command = [sys.executable, "-m", "app.cli", "import", str(folder), "--new-dossier", "Batch"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _count(url) >= 10:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored, problems = _complete_at(url)
    assert problems == []
    assert 10 <= stored < total, "the kill should land halfway"

    rerun = [*command[:-2], "--dossier", "1"]
    finished = subprocess.run(rerun, env=env, capture_output=True, text=True, check=True)
    assert f"{total - stored} stored, {stored} skipped as duplicate, 0 refused" in finished.stdout
    assert _complete_at(url) == (total, [])
    record("faults_sigkill_mid_import", 1)
    record("records_lost", 0)


def _count(url: str) -> int:
    """Sources stored so far (0 while the import has not created the tables yet)."""
    engine = make_engine(get_settings(database_url=url))
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM source").scalar() or 0)
    except (OperationalError, ProgrammingError):
        return 0
    finally:
        engine.dispose()


def _complete_at(url: str) -> tuple[int, list[str]]:
    """:func:`_complete` on any database: SQLite files get their integrity check too."""
    database = make_url(url).database
    if url.startswith("sqlite") and database:
        return _complete(Path(database))
    from tests.test_backup_postgres import _complete as complete_pg

    return complete_pg(url)


def test_backup_explains_when_the_database_is_not_a_sqlite_file(tmp_path: Path) -> None:
    result = CliRunner(env={"COMMUNIQUE_DATABASE_URL": "sqlite://"}).invoke(
        main, ["backup", str(tmp_path / "b.db")]
    )
    assert result.exit_code != 0
    assert "SQLite database file" in result.output


def test_backup_of_an_unreachable_postgresql_server_says_so(tmp_path: Path) -> None:
    # Port 1 on loopback: nothing listens there.
    url = "postgresql+psycopg://u:secret@127.0.0.1:1/x"
    result = CliRunner(env={"COMMUNIQUE_DATABASE_URL": url}).invoke(
        main, ["backup", str(tmp_path / "b.dump")]
    )
    assert result.exit_code != 0
    assert "pg_dump failed" in result.output or "pg_dump is not installed" in result.output
    assert "secret" not in result.output
    assert not (tmp_path / "b.dump").exists() and not (tmp_path / "b.dump.partial").exists()
