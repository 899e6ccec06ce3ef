"""Start the real app in a uvicorn subprocess on a free loopback port (browser and load tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not become healthy in {timeout} s")


@contextmanager
def running_server(
    folder: Path, workers: int = 1, database_url: str | None = None, **env_overrides: str
) -> Iterator[str]:
    """Yield the base URL of a server on ``database_url`` (default: a fresh SQLite database in
    ``folder``); stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "COMMUNIQUE_DATABASE_URL": database_url or f"sqlite:///{folder / 'live.db'}",
        "COMMUNIQUE_SECRET_KEY_FILE": str(folder / "secret_key"),
        **env_overrides,
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "app.web.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--workers",
        str(workers),
        # As `communique serve` does: X-Forwarded-For counts only through trusted_proxies.
        "--no-proxy-headers",
    ]
    # Migrate once before the workers start, so they do not race to create the tables.
    subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade"], env=env, check=True, capture_output=True
    )
    with (folder / "server.log").open("wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=15)
