"""``communique worker``: run the comparison jobs queued in the database (any number of these
processes, on any machine that reaches the database, share the queue).

SIGTERM or Ctrl+C once: finish the job in hand, then exit. Twice: give the job back to the queue
now (another worker takes it at once) and exit.
"""

from __future__ import annotations

import logging
import os
import signal
from types import FrameType

import click


@click.command("worker")
@click.option("--until-empty", is_flag=True, help="Exit once no job is waiting.")
@click.option("--name", default=None, help="Name shown on the jobs it claims (default: host:pid).")
def worker_cmd(until_empty: bool, name: str | None) -> None:
    """Run queued comparison jobs until stopped (SIGTERM finishes the job in hand)."""
    from app import migrate  # noqa: PLC0415
    from app.db import make_engine  # noqa: PLC0415
    from app.services import comparison_jobs, job_queue  # noqa: PLC0415
    from app.services.comparison_worker import QueueWorker  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415
    from app.web.app import lease_policy  # noqa: PLC0415

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = get_settings()
    if settings.worker_nice:
        # A comparison is batch work: where this process shares CPUs with web workers, the
        # scheduler serves page requests first (a comparison alone still gets the CPU).
        os.nice(settings.worker_nice)
    if settings.migrate_on_start:
        migrate.upgrade(settings)
    engine = make_engine(settings)
    worker = QueueWorker(
        engine,
        comparison_jobs.run_claimed,
        lease_policy(settings),
        name=name or job_queue.worker_name(),
        poll_seconds=settings.worker_poll_seconds,
    )
    _stop_on_signals(worker)
    click.echo(f"Worker {worker.name} on {engine.url!r}  (SIGTERM or Ctrl+C to stop)", err=True)
    ran = worker.run_forever(until_empty=until_empty)
    engine.dispose()
    click.echo(f"Worker {worker.name} stopped after {ran} job(s).", err=True)


def _stop_on_signals(worker: object) -> None:
    from app.services.comparison_worker import QueueWorker, StopWorker  # noqa: PLC0415

    assert isinstance(worker, QueueWorker)
    log = logging.getLogger("communique.worker")

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if worker.stop.is_set() and worker.current is not None:
            raise StopWorker  # second signal: the job goes back to the queue
        worker.stop.set()
        worker.wake.set()
        if worker.current is not None:
            log.info("stopping after job %s (signal again to release it)", worker.current.job_id)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
