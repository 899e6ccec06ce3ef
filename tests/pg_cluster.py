"""A throw-away PostgreSQL cluster for the test session (and `python -m tests.pg_cluster`).

Root cannot use Debian's system cluster (peer authentication), so the cluster is created with
``initdb -A trust`` in a temporary folder, as the ``postgres`` OS user when running as root,
and listens on a free loopback port only. :func:`find_bin_dir` says where the server binaries
are, or ``None`` when PostgreSQL is not installed (the caller then skips with that reason).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "postgres"
_DEBIAN_BINS = Path("/usr/lib/postgresql")


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb``/``pg_ctl``/``postgres``: Debian's newest, else PATH."""
    if _DEBIAN_BINS.is_dir():
        versions = sorted(
            (p for p in _DEBIAN_BINS.iterdir() if (p / "bin" / "postgres").exists()),
            key=lambda p: int(p.name) if p.name.isdigit() else 0,
        )
        if versions:
            return versions[-1] / "bin"
    found = shutil.which("postgres")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as the ``postgres`` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *command]
    return command


class Cluster:
    """A running cluster: ``url(name)`` gives a SQLAlchemy URL of database ``name``."""

    def __init__(self, bin_dir: Path, folder: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        subprocess.run(_as_owner(list(command)), check=True, capture_output=True, cwd="/")

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, SUPERUSER)
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        # -F (no fsync) and a small footprint: a test cluster never needs to survive a crash.
        options = (
            f"-k {self.folder} -h 127.0.0.1 -p {self.port} -F "
            "-c max_connections=200 -c shared_buffers=32MB -c full_page_writes=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self._wait()

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start on port {self.port}")

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


@contextmanager
def running_cluster(bin_dir: Path | None = None) -> Iterator[Cluster]:
    """Start a fresh cluster; stop it and delete its folder afterwards."""
    bin_dir = bin_dir or find_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb/postgres found)")
    folder = Path(tempfile.mkdtemp(prefix="communique-pg-"))
    cluster = Cluster(bin_dir, folder)
    try:
        cluster.start()
        yield cluster
    finally:
        try:
            if (cluster.data / "postmaster.pid").exists():
                cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    # A cluster by hand: prints its URL and runs until Ctrl-C or SIGTERM.
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with running_cluster() as running:
        print(running.url("postgres"), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)
