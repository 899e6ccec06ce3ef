"""Migration 0010_job_leases on a database with jobs left by the single-process worker."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app import migrate
from app.db import make_engine
from app.settings import get_settings

JOBS = [(1, "done"), (1, "queued"), (1, "queued"), (2, "running"), (3, "queued"), (3, "failed")]


def test_upgrade_keeps_one_waiting_job_per_dossier_and_requeues_running_ones(
    tmp_path: Path,
) -> None:
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(settings, "0009")
    engine = make_engine(settings)
    with engine.begin() as conn:
        for n in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO dossier (id, title, description, created_at, updated_at) "
                    "VALUES (:n, :t, '', '2026-01-01', '2026-01-01')"
                ),
                {"n": n, "t": f"Dossier {n}"},
            )
        for dossier_id, status in JOBS:
            conn.execute(
                text(
                    "INSERT INTO comparison_job (dossier_id, status, input_hash, error, created_at)"
                    " VALUES (:d, :s, '', '', '2026-01-01')"
                ),
                {"d": dossier_id, "s": status},
            )
    migrate.upgrade(settings)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, dossier_id, status, claimed_by, attempts FROM comparison_job")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        (1, 1, "done", "", 0),
        (2, 1, "queued", "", 0),  # the later duplicate (id 3) is gone
        (4, 2, "queued", "", 0),  # left running by a stopped process: queued again
        (5, 3, "queued", "", 0),
        (6, 3, "failed", "", 0),
    ]
