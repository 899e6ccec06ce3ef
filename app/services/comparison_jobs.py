"""Comparison jobs: a queued request to bring a dossier's comparison up to date, its state
(queued → running → done | failed, with the error and timestamps) kept in ``comparison_job``.

Invariants:
- a dossier has at most one queued job: a change while a job waits is picked up by it,
  because a job compares the dossier's content as it is when the job *starts*;
- a failed job is not retried by itself while the content it failed on is unchanged (a page
  shows its error and a retry button); any change of content queues a new job;
- the job row is committed before its runner is woken, so a worker never looks for a job
  that is not there; any worker of any process may run it (:mod:`app.services.job_queue`
  holds the claim, the lease and the retries of a job whose worker was killed).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.models import ComparisonJob, JobStatus
from app.services import comparison_worker, comparisons, job_queue
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
    if job.status == JobStatus.queued:
        return False  # it reads the sources when it starts
    if job.status == JobStatus.running:
        # A source saved while a job runs is not in what that job read: queue the next one.
        # A job that has not yet noted what it read will read the sources as they are now.
        return bool(job.input_hash) and job.input_hash != digest
    return not (job.status == JobStatus.failed and job.input_hash == digest)


def ensure_job(session: Session, dossier_id: int, digest: str) -> None:
    """Queue a job unless one is waiting, one is running on this content, or one failed on it."""
    if _needs_job(latest_job(session, dossier_id), digest):
        queue_job(session, dossier_id)


def queue_job(session: Session, dossier_id: int) -> ComparisonJob:
    """Store a queued job (commits) and wake the database's runner."""
    waiting = _waiting(session, dossier_id)
    if waiting is not None:
        return waiting
    job = ComparisonJob(dossier_id=dossier_id)
    session.add(job)
    try:
        session.commit()
    except IntegrityError:  # another process queued one a moment ago: that one will do
        session.rollback()
        waiting = _waiting(session, dossier_id)
        if waiting is None:
            raise
        return waiting
    assert job.id is not None
    engine = session.get_bind().engine
    runner = comparison_worker.runner_for(engine)
    if runner is not None:
        runner.submit(engine, job.id)
    return job


def _running(session: Session, dossier_id: int) -> ComparisonJob | None:
    return session.exec(
        select(ComparisonJob).where(
            ComparisonJob.dossier_id == dossier_id, ComparisonJob.status == JobStatus.running
        )
    ).first()


def _waiting(session: Session, dossier_id: int) -> ComparisonJob | None:
    return session.exec(
        select(ComparisonJob).where(
            ComparisonJob.dossier_id == dossier_id, ComparisonJob.status == JobStatus.queued
        )
    ).first()


def retry(session: Session, dossier_id: int) -> ComparisonJob:
    """Queue the dossier's comparison again (after a failure); a waiting job is reused."""
    comparisons.dossier_comparison(session, dossier_id)  # NotFound for a missing dossier
    running = latest_job(session, dossier_id)
    if running is not None and running.status == JobStatus.running:
        return running
    return queue_job(session, dossier_id)


def run_claimed(engine: Engine, claim: job_queue.Claim) -> None:
    """A worker's step on the job it claimed: compare, record done or failed with its error.

    The engine's failure is the job's (recorded, shown on the pages); a worker being stopped
    (a ``BaseException``) is not, and leaves the job to the worker's release.
    """
    with Session(engine, expire_on_commit=False) as session:
        rows = comparisons.sources.list_sources(session, claim.dossier_id)
        session.commit()
        job_queue.note_input(engine, claim, comparisons.input_hash(rows))
        try:
            digest, error = comparisons.compute_now(session, claim.dossier_id), None
        except Exception as exc:  # recorded on the job, shown on the dossier's pages
            session.rollback()
            log.exception("comparison job %s of dossier %s failed", claim.job_id, claim.dossier_id)
            digest, error = comparisons.input_hash(rows), _one_line(exc)
    job_queue.finish(engine, claim, digest, error)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:ERROR_MAX]


def status(session: Session, dc: DossierComparison) -> ComparisonStatus:
    """The state of ``dc``'s dossier comparison as a page shows it."""
    dossier_id = dc.dossier.id
    urls = {
        "poll_url": f"/dossiers/{dossier_id}/comparison",
        "retry_url": f"/dossiers/{dossier_id}/comparison/retry",
    }
    job = latest_job(session, dossier_id or 0) if dc.stale else None
    if job is not None and job.status == JobStatus.queued:
        # The newer job waits for the one running on older content: the sources are being
        # compared, and the page says so until the newest content is done.
        job = _running(session, dossier_id or 0) or job
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
