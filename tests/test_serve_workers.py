"""``communique serve --workers N``: N uvicorn processes on one database, seeded once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from click.testing import CliRunner

from app.cli import main
from tests.live import free_port, wait_healthy


def test_serve_with_two_workers_seeds_once_and_answers_from_both(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "COMMUNIQUE_DATABASE_URL": f"sqlite:///{tmp_path / 'team.db'}",
        "COMMUNIQUE_SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "COMMUNIQUE_PORT": str(port),
    }
    log = (tmp_path / "serve.log").open("wb")
    command = [sys.executable, "-m", "app.cli", "serve", "--workers", "2"]
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc, timeout=60)
        with httpx.Client(base_url=url, timeout=30) as client:
            homes = [client.get("/index.json").json() for _ in range(8)]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert all(len(home["dossiers"]) == 1 for home in homes)  # no race for the seed dossier
    started = (tmp_path / "serve.log").read_text().count("Started server process")
    assert started == 2


def test_reload_with_several_workers_is_refused() -> None:
    result = CliRunner().invoke(main, ["serve", "--reload", "--workers", "2"])
    assert result.exit_code == 2
    assert "--reload serves with one worker" in result.output
