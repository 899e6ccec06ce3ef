"""Real ``communique worker`` processes sharing one database's job queue: a worker killed with
SIGKILL mid-job has its job finished by another, two workers never compute one dossier at
once, SIGTERM finishes (or, twice, releases) the job in hand."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import ComparisonRun, SourceCreate
from app.services import sources
from app.settings import REPO_ROOT, Settings
from tests.test_job_queue import dossier_with_sources, job, queue

TIMEOUT = 60.0
LEASE = 1.0
THIRD = "Fishermen in Bergen said the accord came too late for this season."


class Worker:
    def __init__(self, name: str, proc: subprocess.Popen[bytes], started: Path) -> None:
        self.name, self.proc, self.started = name, proc, started

    def has_started(self) -> bool:
        return self.started.exists()


@pytest.fixture
def spawn(settings: Settings, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    workers: list[Worker] = []
    env = {
        **os.environ,
        "COMMUNIQUE_DATABASE_URL": settings.database_url,
        "COMMUNIQUE_MIGRATE_ON_START": "false",
        "COMMUNIQUE_JOB_LEASE_SECONDS": str(LEASE),
        "COMMUNIQUE_JOB_MAX_ATTEMPTS": "3",
        "COMMUNIQUE_WORKER_POLL_SECONDS": "0.1",
    }

    def start(name: str, *, gate_open: bool) -> Worker:
        gate = tmp_path / f"gate-{name}"
        if gate_open:
            gate.touch()
        started = tmp_path / f"started-{name}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.gated_worker", "--name", name],
            cwd=REPO_ROOT,
            env={**env, "GATE": str(gate), "STARTED": str(started)},
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"{name}.log").open("wb"),
        )
        worker = Worker(name, proc, started)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.proc.poll() is None:
            worker.proc.kill()
        worker.proc.wait(TIMEOUT)


def open_gate(tmp_path: Path, name: str) -> None:
    (tmp_path / f"gate-{name}").touch()


def until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting until {what}")


def status_of(engine: Engine, job_id: int) -> str:
    return job(engine, job_id).status


def test_a_job_of_a_killed_worker_is_finished_by_another(
    engine: Engine, spawn: Callable[..., Worker]
) -> None:
    dossier_id = dossier_with_sources(engine, "Fishing accord")
    job_id = queue(engine, dossier_id)
    doomed = spawn("doomed", gate_open=False)
    until(doomed.has_started, "the first worker started comparing")
    assert job(engine, job_id).claimed_by == "doomed"
    doomed.proc.send_signal(signal.SIGKILL)
    doomed.proc.wait(TIMEOUT)
    assert status_of(engine, job_id) == "running"  # nobody told the database
    rescuer = spawn("rescuer", gate_open=True)
    until(lambda: status_of(engine, job_id) == "done", "the second worker finished the job")
    row = job(engine, job_id)
    assert (row.claimed_by, row.attempts, row.error) == ("rescuer", 2, "")
    with Session(engine) as session:
        runs = list(
            session.exec(select(ComparisonRun).where(ComparisonRun.dossier_id == dossier_id))
        )
    assert [r.input_hash for r in runs] == [row.input_hash]
    rescuer.proc.send_signal(signal.SIGTERM)
    assert rescuer.proc.wait(TIMEOUT) == 0


def test_two_workers_never_compute_one_dossier_at_once(
    engine: Engine, spawn: Callable[..., Worker], tmp_path: Path
) -> None:
    busy = dossier_with_sources(engine, "Fishing accord")
    first = queue(engine, busy)
    one = spawn("one", gate_open=False)
    until(one.has_started, "worker one started comparing")
    two = spawn("two", gate_open=False)
    with Session(engine) as session:
        sources.import_source(session, busy, SourceCreate(text=THIRD))
    second = queue(engine, busy)  # the dossier changed while its first job computes
    assert second != first
    other = queue(engine, dossier_with_sources(engine, "Port strike"))
    until(two.has_started, "worker two took the other dossier's job")
    assert job(engine, other).claimed_by == "two"
    time.sleep(3 * LEASE)  # leases would have run out without the heartbeats
    assert status_of(engine, second) == "queued"
    assert job(engine, first).claimed_by == "one" and status_of(engine, first) == "running"
    open_gate(tmp_path, "one")
    open_gate(tmp_path, "two")
    jobs = (first, second, other)
    until(lambda: all(status_of(engine, j) == "done" for j in jobs), "every job is done")
    assert [job(engine, j).attempts for j in (first, second, other)] == [1, 1, 1]


def test_sigterm_finishes_the_job_in_hand_and_twice_releases_it(
    engine: Engine, spawn: Callable[..., Worker], tmp_path: Path
) -> None:
    finished = queue(engine, dossier_with_sources(engine, "Fishing accord"))
    patient = spawn("patient", gate_open=False)
    until(patient.has_started, "the worker started comparing")
    patient.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert patient.proc.poll() is None  # still finishing its job
    open_gate(tmp_path, "patient")
    assert patient.proc.wait(TIMEOUT) == 0
    assert status_of(engine, finished) == "done"

    released = queue(engine, dossier_with_sources(engine, "Port strike"))
    hasty = spawn("hasty", gate_open=False)
    until(hasty.has_started, "the second worker started comparing")
    hasty.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    hasty.proc.send_signal(signal.SIGTERM)
    assert hasty.proc.wait(TIMEOUT) == 0
    row = job(engine, released)
    assert (row.status, row.claimed_by, row.attempts) == ("queued", "", 0)


def test_a_worker_compares_at_a_lower_cpu_priority(
    engine: Engine, spawn: Callable[..., Worker]
) -> None:
    # Web workers on the same machine are served first (COMMUNIQUE_WORKER_NICE, default 10).
    queue(engine, dossier_with_sources(engine, "Fishing accord"))
    worker = spawn("polite", gate_open=True)
    until(worker.has_started, "the worker started comparing")
    niceness = int(worker.started.read_text(encoding="utf-8").split()[2])
    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
    worker.proc.send_signal(signal.SIGTERM)
    assert worker.proc.wait(TIMEOUT) == 0
