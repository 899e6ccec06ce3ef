"""The queue of comparison jobs in the database, shared by every worker of every process.

Invariants:
- a worker claims a job with a conditional ``UPDATE … WHERE status = 'queued'`` checked by its
  row count, in a transaction that starts with that write (SQLite's single writer, so it waits
  on the busy timeout instead of failing); on PostgreSQL the candidate is first locked with
  ``SELECT … FOR UPDATE SKIP LOCKED``, so concurrent workers pass over each other's candidates;
- a job is never claimed while its dossier has a running job, and the partial unique index
  ``uq_comparison_job_one_running`` makes the database refuse it whatever the race: two
  workers never compute one dossier at once;
- a running job belongs to ``claimed_by`` until ``lease_until``; its worker extends the lease
  while it computes. A job whose lease ran out lost its worker (killed, or hung): the next
  claim queues it again, or fails it with a clear error once it was claimed ``max_attempts``
  times;
- every later write of a worker on its job (lease, result, release) is conditional on
  ``claimed_by`` and ``status = 'running'``, so a worker that lost its lease never overwrites
  the job's new owner (the comparison it stored is still valid: the cache is keyed on content).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.models import ComparisonJob, JobStatus, utcnow

log = logging.getLogger("communique.jobs")

QUEUED, RUNNING = JobStatus.queued.value, JobStatus.running.value
CANDIDATES = 20
ERROR_MAX = 2000


@dataclass(frozen=True, slots=True)
class LeasePolicy:
    """How long a claim lasts without a heartbeat, and how many claims a job gets."""

    seconds: float = 30.0
    max_attempts: int = 3

    def until(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.seconds)


@dataclass(frozen=True, slots=True)
class Claim:
    job_id: int
    dossier_id: int
    worker: str
    attempt: int


def worker_name(role: str = "worker") -> str:
    """A name unique to this worker: host, process id, role and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{role}:{uuid.uuid4().hex[:6]}"


def _expired(now: datetime) -> ColumnElement[bool]:
    lease = col(ComparisonJob.lease_until)
    return and_(col(ComparisonJob.status) == RUNNING, or_(lease.is_(None), lease < now))


def requeue_expired(engine: Engine, policy: LeasePolicy) -> int:
    """Queue again (or fail, after ``max_attempts`` claims) the jobs whose lease ran out."""
    now = utcnow()
    with Session(engine) as session:
        lost = list(session.exec(select(ComparisonJob).where(_expired(now))))
    changed = 0
    for job in lost:
        changed += _requeue_one(engine, job, policy, now)
    return changed


def _requeue_one(engine: Engine, job: ComparisonJob, policy: LeasePolicy, now: datetime) -> int:
    who = job.claimed_by or "a stopped process"
    values: dict[str, object]
    if job.attempts >= policy.max_attempts:
        error = (
            f"WorkerLost: the worker comparing this dossier stopped before it finished, "
            f"{job.attempts} times (last: {who}); see that worker's log"
        )
        values = {"status": JobStatus.failed.value, "error": error[:ERROR_MAX]}
        values["finished_at"] = now
    else:
        values = {"status": QUEUED, "claimed_by": "", "lease_until": None}
    guard = and_(col(ComparisonJob.id) == job.id, _expired(now))
    try:
        with Session(engine) as session:
            done = session.exec(update(ComparisonJob).where(guard).values(**values))
            session.commit()
    except IntegrityError:
        # A newer job of this dossier waits already and compares its latest content.
        values = {"status": JobStatus.failed.value, "finished_at": now}
        values["error"] = f"WorkerLost: {who} stopped; a newer job of this dossier took over"
        with Session(engine) as session:
            done = session.exec(update(ComparisonJob).where(guard).values(**values))
            session.commit()
    if done.rowcount:
        log.warning("comparison job %s lost its worker %s: %s", job.id, who, values["status"])
    return int(done.rowcount)


def _claimable() -> ColumnElement[bool]:
    running = aliased(ComparisonJob)
    busy = exists().where(
        col(running.dossier_id) == col(ComparisonJob.dossier_id), col(running.status) == RUNNING
    )
    return and_(col(ComparisonJob.status) == QUEUED, ~busy)


def claim(engine: Engine, worker: str, policy: LeasePolicy) -> Claim | None:
    """Claim the oldest claimable queued job for ``worker``, or None when there is none."""
    requeue_expired(engine, policy)
    if engine.dialect.name == "postgresql":
        return _claim_locked(engine, worker, policy)
    with Session(engine) as session:
        ids = list(
            session.exec(
                select(col(ComparisonJob.id))
                .where(_claimable())
                .order_by(col(ComparisonJob.id))
                .limit(CANDIDATES)
            )
        )
    for job_id in ids:
        assert job_id is not None
        found = _take(engine, job_id, worker, policy)
        if found is not None:
            return found
    return None


def _claim_locked(engine: Engine, worker: str, policy: LeasePolicy) -> Claim | None:
    query = (
        select(col(ComparisonJob.id))
        .where(_claimable())
        .order_by(col(ComparisonJob.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    with Session(engine) as session:
        try:
            job_id = session.exec(query).first()
            if job_id is None:
                return None
            found = _set_running(session, job_id, worker, policy)
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
    return found


def _take(engine: Engine, job_id: int, worker: str, policy: LeasePolicy) -> Claim | None:
    with Session(engine) as session:
        try:
            found = _set_running(session, job_id, worker, policy)
            session.commit()
        except IntegrityError:  # the dossier's other job was claimed in between
            session.rollback()
            return None
    return found


def _set_running(session: Session, job_id: int, worker: str, policy: LeasePolicy) -> Claim | None:
    now = utcnow()
    done = session.exec(
        update(ComparisonJob)
        .where(col(ComparisonJob.id) == job_id, _claimable())
        .values(
            status=RUNNING,
            claimed_by=worker,
            lease_until=policy.until(now),
            started_at=now,
            attempts=col(ComparisonJob.attempts) + 1,
        )
    )
    if done.rowcount != 1:
        return None
    job = session.exec(select(ComparisonJob).where(ComparisonJob.id == job_id)).one()
    return Claim(job_id, job.dossier_id, worker, job.attempts)


def _mine(claim: Claim) -> ColumnElement[bool]:
    return and_(
        col(ComparisonJob.id) == claim.job_id,
        col(ComparisonJob.claimed_by) == claim.worker,
        col(ComparisonJob.status) == RUNNING,
    )


def _write(engine: Engine, claim: Claim, **values: object) -> bool:
    with Session(engine) as session:
        done = session.exec(update(ComparisonJob).where(_mine(claim)).values(**values))
        session.commit()
    if not done.rowcount:
        log.warning(
            "comparison job %s is no longer %s's (its lease ran out)", claim.job_id, claim.worker
        )
    return bool(done.rowcount)


def extend(engine: Engine, claim: Claim, policy: LeasePolicy) -> bool:
    """Renew ``claim``'s lease (the heartbeat); False when the job is no longer its own."""
    return _write(engine, claim, lease_until=policy.until(utcnow()))


def note_input(engine: Engine, claim: Claim, input_hash: str) -> bool:
    return _write(engine, claim, input_hash=input_hash)


def finish(engine: Engine, claim: Claim, input_hash: str, error: str | None) -> bool:
    """Record the job done (``error`` None) or failed with its one-line ``error``."""
    status = JobStatus.done.value if error is None else JobStatus.failed.value
    return _write(
        engine,
        claim,
        status=status,
        error=(error or "")[:ERROR_MAX],
        input_hash=input_hash,
        finished_at=utcnow(),
        lease_until=None,
    )


def release(engine: Engine, claim: Claim) -> bool:
    """Give the job back to the queue (a worker stopping mid-job); the claim is not counted."""
    back = {"status": QUEUED, "claimed_by": "", "lease_until": None, "started_at": None}
    try:
        return _write(engine, claim, **back, attempts=max(claim.attempt - 1, 0))
    except IntegrityError:  # a newer job of the dossier waits: it compares the latest content
        error = f"Released: {claim.worker} stopped; a newer job of this dossier took over"
        return _write(
            engine, claim, status=JobStatus.failed.value, error=error, finished_at=utcnow()
        )
