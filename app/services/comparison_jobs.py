"""Comparison jobs: a queued request to bring a dossier's comparison up to date, its state
(queued → running → done | failed, with the error and timestamps) kept in ``comparison_job``.

Invariants:
- a dossier has at most one queued job: a change while a job waits is picked up by it,
  because a job compares the dossier's content as it is when the job *starts*;
- a failed job is not retried by itself while the content it failed on is unchanged (a page
  shows its error and a retry button); any change of content queues a new job;
- the job row is committed before its id is handed to the runner, so a worker never looks
  for a job that is not there.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.models import ComparisonJob, JobStatus, utcnow
from app.services import comparison_worker, comparisons
from app.services.comparisons import DossierComparison

log = logging.getLogger("communique.jobs")

ERROR_MAX = 2000
ACTIVE = (JobStatus.queued.value, JobStatus.running.value)

ComparisonState = Literal["current", "queued", "running", "failed"]


class ComparisonStatus(BaseModel):
    """What a page says about its dossier's comparison."""

    state: ComparisonState
    stale: bool
    error: str = ""
    queued_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    poll_url: str
    retry_url: str


def latest_job(session: Session, dossier_id: int) -> ComparisonJob | None:
    return session.exec(
        select(ComparisonJob)
        .where(ComparisonJob.dossier_id == dossier_id)
        .order_by(col(ComparisonJob.id).desc())
    ).first()


def _needs_job(job: ComparisonJob | None, digest: str) -> bool:
    if job is None:
        return True
    if job.status in ACTIVE:
        return False
    return not (job.status == JobStatus.failed and job.input_hash == digest)


def ensure_job(session: Session, dossier_id: int, digest: str) -> None:
    """Queue a job unless one is waiting or running, or one failed on this very content."""
    if _needs_job(latest_job(session, dossier_id), digest):
        queue_job(session, dossier_id)


def queue_job(session: Session, dossier_id: int) -> ComparisonJob:
    """Store a queued job (commits) and hand it to the database's runner."""
    waiting = session.exec(
        select(ComparisonJob).where(
            ComparisonJob.dossier_id == dossier_id, ComparisonJob.status == JobStatus.queued
        )
    ).first()
    if waiting is not None:
        return waiting
    job = ComparisonJob(dossier_id=dossier_id)
    session.add(job)
    session.commit()
    assert job.id is not None
    engine = session.get_bind().engine
    runner = comparison_worker.runner_for(engine)
    if runner is not None:
        runner.submit(engine, job.id)
    return job


def retry(session: Session, dossier_id: int) -> ComparisonJob:
    """Queue the dossier's comparison again (after a failure); a waiting job is reused."""
    comparisons.dossier_comparison(session, dossier_id)  # NotFound for a missing dossier
    running = latest_job(session, dossier_id)
    if running is not None and running.status == JobStatus.running:
        return running
    return queue_job(session, dossier_id)


def run_job(engine: Engine, job_id: int) -> None:
    """The worker's step: claim the job, compare, record done or failed with its error."""
    with Session(engine, expire_on_commit=False) as session:
        job = session.get(ComparisonJob, job_id)
        if job is None or job.status != JobStatus.queued:
            return
        job.status, job.started_at = JobStatus.running.value, utcnow()
        job.input_hash = comparisons.input_hash(
            comparisons.sources.list_sources(session, job.dossier_id)
        )
        session.add(job)
        session.commit()
        try:
            job.input_hash = comparisons.compute_now(session, job.dossier_id)
            job.status = JobStatus.done.value
        except Exception as exc:  # recorded on the job, shown on the dossier's pages
            session.rollback()
            log.exception("comparison job %s of dossier %s failed", job_id, job.dossier_id)
            job.status, job.error = JobStatus.failed.value, _one_line(exc)
        job.finished_at = utcnow()
        session.add(job)
        session.commit()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:ERROR_MAX]


def resume(engine: Engine) -> int:
    """Hand jobs left queued or running by a stopped process to the runner again."""
    with Session(engine) as session:
        left = list(
            session.exec(select(ComparisonJob).where(col(ComparisonJob.status).in_(ACTIVE)))
        )
        for job in left:
            job.status = JobStatus.queued.value
            session.add(job)
        session.commit()
        ids = [job.id for job in left if job.id is not None]
    runner = comparison_worker.runner_for(engine)
    if runner is not None:
        for job_id in ids:
            runner.submit(engine, job_id)
    return len(ids)


def status(session: Session, dc: DossierComparison) -> ComparisonStatus:
    """The state of ``dc``'s dossier comparison as a page shows it."""
    dossier_id = dc.dossier.id
    urls = {
        "poll_url": f"/dossiers/{dossier_id}/comparison",
        "retry_url": f"/dossiers/{dossier_id}/comparison/retry",
    }
    job = latest_job(session, dossier_id or 0) if dc.stale else None
    if job is None:
        return ComparisonStatus(state="current", stale=dc.stale, **urls)
    return ComparisonStatus(
        state="failed" if job.status == JobStatus.failed else _active_state(job),
        stale=True,
        error=job.error,
        queued_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        **urls,
    )


def _active_state(job: ComparisonJob) -> ComparisonState:
    return "running" if job.status == JobStatus.running else "queued"
