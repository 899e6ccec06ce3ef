"""The comparison job queue in the database: claims, leases, retries, one dossier at a time.

These use the standard ``engine`` fixture, so they run on PostgreSQL too (SKIP LOCKED path)
when the suite does. Workers are named strings here; tests/test_job_workers.py runs real
worker processes."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import ComparisonJob, ComparisonRun, DossierCreate, SourceCreate, utcnow
from app.services import comparison_jobs, dossiers, job_queue, sources
from app.services.comparison_worker import QueueWorker
from app.services.job_queue import LeasePolicy

POLICY = LeasePolicy(seconds=30, max_attempts=2)
TEXTS = [
    "The ministers met in Oslo on Tuesday and signed a fishing accord for ten years.",
    "Ministers signed a ten-year fishing accord in Oslo on Tuesday. Talks lasted six hours.",
]


def dossier_with_sources(engine: Engine, title: str, texts: list[str] = TEXTS) -> int:
    with Session(engine) as session:
        dossier = dossiers.create_dossier(session, DossierCreate(title=title))
        assert dossier.id is not None
        for text in texts:
            sources.import_source(session, dossier.id, SourceCreate(text=text))
        return dossier.id


def queue(engine: Engine, dossier_id: int) -> int:
    with Session(engine) as session:
        job = comparison_jobs.queue_job(session, dossier_id)
        assert job.id is not None
        return job.id


def job(engine: Engine, job_id: int) -> ComparisonJob:
    with Session(engine) as session:
        found = session.get(ComparisonJob, job_id)
        assert found is not None
        return found


def expire(engine: Engine, job_id: int) -> None:
    """What the clock does to the lease of a worker killed mid-job."""
    with Session(engine) as session:
        row = session.get(ComparisonJob, job_id)
        assert row is not None
        row.lease_until = utcnow() - timedelta(seconds=1)
        session.add(row)
        session.commit()


def test_a_claim_takes_the_oldest_job_and_records_its_worker_and_lease(engine: Engine) -> None:
    first = queue(engine, dossier_with_sources(engine, "A"))
    queue(engine, dossier_with_sources(engine, "B"))
    before = utcnow()
    claim = job_queue.claim(engine, "worker-1", POLICY)
    assert claim is not None and claim.job_id == first and claim.attempt == 1
    row = job(engine, first)
    assert (row.status, row.claimed_by, row.attempts) == ("running", "worker-1", 1)
    assert row.lease_until is not None and row.lease_until >= before + timedelta(seconds=29)


def test_two_workers_claim_different_jobs_and_a_third_finds_none(engine: Engine) -> None:
    ids = {queue(engine, dossier_with_sources(engine, t)) for t in ("A", "B")}
    one = job_queue.claim(engine, "worker-1", POLICY)
    two = job_queue.claim(engine, "worker-2", POLICY)
    assert one is not None and two is not None
    assert {one.job_id, two.job_id} == ids
    assert job_queue.claim(engine, "worker-3", POLICY) is None


def test_a_dossier_with_a_running_job_is_not_claimed_again(engine: Engine) -> None:
    dossier_id = dossier_with_sources(engine, "A")
    queue(engine, dossier_id)
    running = job_queue.claim(engine, "worker-1", POLICY)
    assert running is not None
    newer = queue(engine, dossier_id)  # a change while the first job computes
    other = queue(engine, dossier_with_sources(engine, "B"))
    second = job_queue.claim(engine, "worker-2", POLICY)
    assert second is not None and second.job_id == other
    assert job_queue.claim(engine, "worker-3", POLICY) is None
    assert job(engine, newer).status == "queued"
    job_queue.finish(engine, running, "digest", None)
    third = job_queue.claim(engine, "worker-3", POLICY)
    assert third is not None and third.job_id == newer


def test_the_database_refuses_two_running_or_two_queued_jobs_of_one_dossier(
    engine: Engine,
) -> None:
    dossier_id = dossier_with_sources(engine, "A")
    for status in ("running", "queued"):
        with Session(engine) as session:
            session.add(ComparisonJob(dossier_id=dossier_id, status=status))
            session.commit()
            session.add(ComparisonJob(dossier_id=dossier_id, status=status))
            with pytest.raises(IntegrityError):
                session.commit()


def test_queueing_twice_gives_the_waiting_job(engine: Engine) -> None:
    dossier_id = dossier_with_sources(engine, "A")
    assert queue(engine, dossier_id) == queue(engine, dossier_id)


def test_a_job_whose_lease_ran_out_is_claimed_by_another_worker(engine: Engine) -> None:
    job_id = queue(engine, dossier_with_sources(engine, "A"))
    lost = job_queue.claim(engine, "killed-worker", POLICY)
    assert lost is not None
    assert job_queue.claim(engine, "worker-2", POLICY) is None  # lease still live
    expire(engine, job_id)
    retried = job_queue.claim(engine, "worker-2", POLICY)
    assert retried is not None and retried.job_id == job_id and retried.attempt == 2
    # The killed worker's late writes no longer touch the job.
    assert not job_queue.extend(engine, lost, POLICY)
    assert not job_queue.finish(engine, lost, "digest", None)
    assert job(engine, job_id).claimed_by == "worker-2"


def test_after_max_attempts_the_job_fails_with_a_clear_error(engine: Engine) -> None:
    job_id = queue(engine, dossier_with_sources(engine, "A"))
    for attempt in range(POLICY.max_attempts):
        claim = job_queue.claim(engine, f"worker-{attempt}", POLICY)
        assert claim is not None and claim.attempt == attempt + 1
        expire(engine, job_id)
    assert job_queue.claim(engine, "worker-last", POLICY) is None
    row = job(engine, job_id)
    assert row.status == "failed" and row.finished_at is not None
    assert row.error.startswith("WorkerLost: the worker comparing this dossier stopped")
    assert "2 times" in row.error and "worker-1" in row.error


def test_a_released_job_goes_back_to_the_queue_without_counting_the_claim(
    engine: Engine,
) -> None:
    job_id = queue(engine, dossier_with_sources(engine, "A"))
    claim = job_queue.claim(engine, "stopping-worker", POLICY)
    assert claim is not None
    assert job_queue.release(engine, claim)
    row = job(engine, job_id)
    assert (row.status, row.claimed_by, row.attempts, row.lease_until) == ("queued", "", 0, None)
    again = job_queue.claim(engine, "worker-2", POLICY)
    assert again is not None and again.job_id == job_id and again.attempt == 1


def test_the_heartbeat_keeps_a_long_job_claimed(engine: Engine) -> None:
    short = LeasePolicy(seconds=0.6, max_attempts=2)
    job_id = queue(engine, dossier_with_sources(engine, "A"))
    seen: list[str | None] = []

    def slow_run(engine: Engine, claim: job_queue.Claim) -> None:
        time.sleep(1.5)  # longer than the lease: only the heartbeat keeps it
        seen.append(job_queue.claim(engine, "thief", short) and "stolen")
        comparison_jobs.run_claimed(engine, claim)

    worker = QueueWorker(engine, slow_run, short, name="worker-1")
    assert worker.run_once()
    assert seen == [None]
    row = job(engine, job_id)
    assert (row.status, row.claimed_by, row.attempts) == ("done", "worker-1", 1)


def test_a_worker_runs_the_job_and_stores_the_comparison_for_every_process(
    engine: Engine,
) -> None:
    dossier_id = dossier_with_sources(engine, "A")
    job_id = queue(engine, dossier_id)
    worker = QueueWorker(engine, comparison_jobs.run_claimed, POLICY, name="worker-1")
    assert worker.run_forever(until_empty=True) == 1
    row = job(engine, job_id)
    assert row.status == "done" and row.error == "" and row.lease_until is None
    with Session(engine) as session:
        run = session.exec(select(ComparisonRun).where(ComparisonRun.dossier_id == dossier_id))
        assert [r.input_hash for r in run] == [row.input_hash]


def test_workers_claiming_at_once_take_each_job_exactly_once(engine: Engine) -> None:
    jobs = {queue(engine, dossier_with_sources(engine, f"D{n}", TEXTS[:1])) for n in range(12)}
    taken: list[int] = []
    lock = threading.Lock()

    def claim_all(name: str) -> None:
        while (claim := job_queue.claim(engine, name, POLICY)) is not None:
            with lock:
                taken.append(claim.job_id)

    threads = [threading.Thread(target=claim_all, args=(f"w{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken) == sorted(jobs)


def test_a_source_saved_while_a_job_runs_queues_the_next_comparison(engine: Engine) -> None:
    dossier_id = dossier_with_sources(engine, "A")
    queue(engine, dossier_id)
    running = job_queue.claim(engine, "worker-1", POLICY)
    assert running is not None
    with Session(engine) as session:
        read = comparison_jobs.comparisons.input_hash(sources.list_sources(session, dossier_id))
    job_queue.note_input(engine, running, read)
    with Session(engine) as session:  # the same content again: the running job covers it
        comparison_jobs.ensure_job(session, dossier_id, read)
    assert job_queue.claim(engine, "worker-2", POLICY) is None
    with Session(engine) as session:  # a third source arrives mid-run
        sources.import_source(session, dossier_id, SourceCreate(text="Talks resume in May."))
        now = comparison_jobs.comparisons.input_hash(sources.list_sources(session, dossier_id))
        comparison_jobs.ensure_job(session, dossier_id, now)
    job_queue.finish(engine, running, read, None)
    following = job_queue.claim(engine, "worker-2", POLICY)
    assert following is not None and following.dossier_id == dossier_id
