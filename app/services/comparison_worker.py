"""Where comparison jobs run: workers claiming rows of ``comparison_job`` (see job_queue).

The row, not the process, holds a job's state, so any worker of any process may run it:
- :class:`QueueWorker` claims one job at a time, keeps its lease alive from a heartbeat thread
  while it computes, and records the result; ``communique worker`` runs one in its main thread;
- a *runner* is what pages and imports hand new jobs to, installed per database engine (the web
  app installs one at start-up): :class:`ThreadRunner` runs a QueueWorker in a thread of the web
  process (``comparison_worker = "thread"``), :class:`QueueOnly` leaves jobs to separate
  ``communique worker`` processes (``"external"``). An engine without a runner compares inline,
  as the command line does.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.engine import Engine

from app.services import job_queue
from app.services.job_queue import Claim, LeasePolicy

log = logging.getLogger("communique.worker")

RunClaim = Callable[[Engine, Claim], None]
CLOSE_WAIT_SECONDS = 10.0


class JobRunner(Protocol):
    def submit(self, engine: Engine, job_id: int) -> None:
        """Job ``job_id`` was queued in ``engine``'s database; never blocks on the job."""

    def close(self) -> None:
        """Stop taking jobs; jobs still queued stay queued in the table for any worker."""


class StopWorker(BaseException):
    """Raised in a worker's thread to abandon its job now (a second SIGTERM); not an error of
    the job, so it passes the job's ``except Exception``."""


class Heartbeat:
    """Extends a claim's lease every third of the lease while the block runs."""

    def __init__(self, engine: Engine, claim: Claim, policy: LeasePolicy) -> None:
        self._engine, self._claim, self._policy = engine, claim, policy
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=CLOSE_WAIT_SECONDS)

    def _beat(self) -> None:
        while not self._done.wait(self._policy.seconds / 3):
            try:
                if not job_queue.extend(self._engine, self._claim, self._policy):
                    return
            except Exception:  # a busy database: the next beat tries again
                log.exception("heartbeat of job %s failed", self._claim.job_id)


class QueueWorker:
    """Claims queued jobs of one database and runs them with ``run``, one at a time."""

    def __init__(
        self,
        engine: Engine,
        run: RunClaim,
        policy: LeasePolicy,
        *,
        name: str | None = None,
        poll_seconds: float = 1.0,
    ) -> None:
        self.engine, self.policy, self.poll_seconds = engine, policy, poll_seconds
        self.name = name or job_queue.worker_name()
        self.current: Claim | None = None
        self.stop = threading.Event()
        self.wake = threading.Event()
        self._run = run

    def run_once(self) -> bool:
        """Claim and run one job; False when none was waiting."""
        claim = job_queue.claim(self.engine, self.name, self.policy)
        if claim is None:
            return False
        self.current = claim
        try:
            with Heartbeat(self.engine, claim, self.policy):
                self._run(self.engine, claim)
        except StopWorker:
            job_queue.release(self.engine, claim)
            log.info("job %s released: the worker is stopping", claim.job_id)
            raise
        except Exception:  # the run records a job's own failure; keep the worker alive
            log.exception("comparison job %s crashed the worker step", claim.job_id)
        finally:
            self.current = None
        return True

    def run_forever(self, *, until_empty: bool = False) -> int:
        """Run jobs until :attr:`stop` is set (or the queue is empty); returns how many ran."""
        ran = 0
        while not self.stop.is_set():
            try:
                if self.run_once():
                    ran += 1
                    continue
            except StopWorker:
                return ran
            except Exception:  # the database went away for a moment: poll again later
                log.exception("worker %s could not claim a job", self.name)
            if until_empty:
                return ran
            self.wake.wait(self.poll_seconds)
            self.wake.clear()
        return ran


class ThreadRunner:
    """A :class:`QueueWorker` in a thread of this process, woken when a job is queued here."""

    def __init__(
        self, engine: Engine, run: RunClaim, policy: LeasePolicy, poll_seconds: float = 1.0
    ) -> None:
        name = job_queue.worker_name("thread")
        self.worker = QueueWorker(engine, run, policy, name=name, poll_seconds=poll_seconds)
        self._thread = threading.Thread(
            target=self.worker.run_forever, name="comparison-worker", daemon=True
        )
        self._thread.start()

    def submit(self, engine: Engine, job_id: int) -> None:
        self.worker.wake.set()

    def close(self) -> None:
        self.worker.stop.set()
        self.worker.wake.set()
        self._thread.join(timeout=CLOSE_WAIT_SECONDS)
        claim = self.worker.current
        if self._thread.is_alive() and claim is not None:
            # Still computing: hand the job back now rather than after its lease.
            job_queue.release(self.worker.engine, claim)


class QueueOnly:
    """Jobs stay in the table for ``communique worker`` processes (they poll it)."""

    def submit(self, engine: Engine, job_id: int) -> None:
        return None

    def close(self) -> None:
        return None


_runners: weakref.WeakKeyDictionary[Engine, JobRunner] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def install(engine: Engine, runner: JobRunner) -> None:
    with _lock:
        _runners[engine] = runner


def uninstall(engine: Engine) -> JobRunner | None:
    with _lock:
        return _runners.pop(engine, None)


def runner_for(engine: Engine) -> JobRunner | None:
    """The runner of ``engine``'s database, or None to compare inline."""
    with _lock:
        return _runners.get(engine)
