"""Where comparison jobs run: the small interface pages and imports hand jobs to.

A :class:`JobRunner` takes the id of a queued :class:`~app.models.ComparisonJob` row and runs
it some time later; the row, not the runner, holds the job's state, so a runner can be
swapped for workers in other processes that claim rows from the table. Runners are installed
per database engine (the web app installs one at start-up); an engine without a runner
compares inline, as the command line does.
"""

from __future__ import annotations

import logging
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.engine import Engine

log = logging.getLogger("communique.worker")

RunJob = Callable[[Engine, int], None]


class JobRunner(Protocol):
    def submit(self, engine: Engine, job_id: int) -> None:
        """Run job ``job_id`` of ``engine``'s database later; never blocks on the job."""

    def close(self) -> None:
        """Stop taking jobs; jobs still queued stay queued in the table for the next start."""


class ThreadRunner:
    """One in-process worker thread reading a FIFO of job ids."""

    def __init__(self, run_job: RunJob) -> None:
        self._run_job = run_job
        self._queue: queue.Queue[tuple[Engine, int] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="comparison-worker", daemon=True)
        self._thread.start()

    def submit(self, engine: Engine, job_id: int) -> None:
        self._queue.put((engine, job_id))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            engine, job_id = item
            try:
                self._run_job(engine, job_id)
            except Exception:  # run_job records failures itself; keep the worker alive
                log.exception("comparison job %s crashed the worker step", job_id)


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
