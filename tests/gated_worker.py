"""``communique worker`` whose engine waits for a gate file, for tests/test_job_workers.py.

Run as ``python -m tests.gated_worker WORKER-ARGS...`` with ``GATE`` (a path: the engine runs
once it exists) and ``STARTED`` (a path this process appends a line to when a comparison
starts: pid, number of sources, CPU niceness) in the environment. Everything else is the real
worker: claim, lease, heartbeat.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.services import comparisons


def main() -> None:
    gate, started = Path(os.environ["GATE"]), Path(os.environ["STARTED"])
    real = comparisons.run_engine

    def gated(texts: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
        with started.open("a", encoding="utf-8") as out:
            niceness = os.getpriority(os.PRIO_PROCESS, 0)
            out.write(f"{os.getpid()} {len(texts)} {niceness}\n")
        while not gate.exists():
            time.sleep(0.05)
        return real(texts, names)

    comparisons.run_engine = gated  # type: ignore[assignment]
    from app.cli import main as cli  # noqa: PLC0415

    cli(["worker", *sys.argv[1:]])


if __name__ == "__main__":
    main()
