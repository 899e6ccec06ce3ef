#!/usr/bin/env python3
"""Speed benchmark of the web pages served from the comparison cache (issue 4).

Starts the real server (uvicorn, 2 workers) on a free loopback port with a temporary
database, loads the seed dossier and a made-up dossier of 20 news-like sources, warms the
cache, then drives load with ``wrk`` (Debian package ``wrk``) for ``--seconds`` per page:
``/healthz`` (baseline), the seed comparison page and the 20-source overview. Without
``wrk`` it says so and falls back to a threaded Python HTTP loop. Also times single requests
of the 20-source overview one after another (the "< 100 ms from cache" target).

Targets: seed comparison p50 < 20 ms and >= 500 requests/s; 20-source overview < 100 ms.

Usage: bench/web_speed.py [--seconds 10] [--connections 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import migrate  # noqa: E402
from app.db import make_engine, session_scope  # noqa: E402
from app.models import DossierCreate, SourceCreate  # noqa: E402
from app.services import dossiers, sources  # noqa: E402
from app.services.seeds import load_seeds  # noqa: E402
from app.settings import get_settings  # noqa: E402

COUNTRIES = ["Norway", "Chile", "Kenya", "Vietnam", "Portugal", "Ghana", "Peru", "Finland"]
PEOPLE = ["Maria Olsen", "Tomas Reyes", "Amina Otieno", "Lan Pham", "Rui Costa", "Kofi Mensah"]
TOPICS = [
    "renewable energy",
    "fisheries",
    "port infrastructure",
    "vaccine production",
    "rail links",
    "water management",
    "digital payments",
    "higher education",
    "climate finance",
    "tourism",
]
VERBS = ["agreed to expand", "pledged to deepen", "discussed", "signed a memorandum on", "reviewed"]
OPENERS = ["Officials said", "According to the statement,", "The ministers noted that", ""]
EXTRAS = [
    "The talks lasted {n} hours and ended with a joint press conference.",
    "{p} said the agreement would create {n} thousand jobs by {y}.",
    "A working group will meet in {c} in {m} to follow up.",
    "Protesters gathered outside the venue, according to local media.",
    "The delegation also visited a {t} project near the capital.",
    "Trade between the two countries reached {n} billion dollars last year.",
]
MONTHS = ["March", "April", "May", "June", "September", "October"]


def _claims(rng: random.Random, a: str, b: str) -> list[str]:
    """A pool of claims about one made-up meeting of the foreign ministers of ``a`` and ``b``."""
    out = [f"The foreign ministers of {a} and {b} met in {a} on Monday for two days of talks."]
    for topic in TOPICS:
        opener = rng.choice(OPENERS)
        verb = rng.choice(VERBS)
        out.append(f"{opener} both sides {verb} cooperation in {topic}.".strip().capitalize())
    return out


def _extra(rng: random.Random) -> str:
    return rng.choice(EXTRAS).format(
        n=rng.randint(2, 40),
        p=rng.choice(PEOPLE),
        y=rng.randint(2027, 2031),
        c=rng.choice(COUNTRIES),
        m=rng.choice(MONTHS),
        t=rng.choice(TOPICS),
    )


def synthetic_sources(count: int, seed: int = 7) -> list[str]:
    """``count`` reports of one event: each carries some shared claims plus its own details."""
    rng = random.Random(seed)
    pool = _claims(rng, "Norway", "Chile")
    texts = []
    for n in range(count):
        picked = [pool[0], *rng.sample(pool[1:], rng.randint(4, 8))]
        picked += [_extra(rng) for _ in range(rng.randint(2, 4))]
        picked.append(f"Reporting by correspondent number {n + 1}.")
        texts.append(" ".join(picked))
    return texts


def prepare_database(db: Path) -> tuple[int, int, int, int]:
    """Migrate, load seeds and the 20-source dossier; returns (seed id, a, b, synthetic id)."""
    settings = get_settings(database_url=f"sqlite:///{db}", seeds_dir=ROOT / "seeds")
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with session_scope(engine) as session:
        seed = load_seeds(session, settings.seeds_dir)
        first, second = sources.list_sources(session, seed.dossier_id)[:2]
        big = dossiers.create_dossier(session, DossierCreate(title="Twenty reports (synthetic)"))
        assert big.id is not None
        for n, text in enumerate(synthetic_sources(20)):
            data = SourceCreate(text=text, filename=f"report-{n + 1:02d}.txt", outlet=f"Outlet {n}")
            sources.import_source(session, big.id, data)
        ids = (seed.dossier_id, first.id or 0, second.id or 0, big.id)
    engine.dispose()
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "COMMUNIQUE_DATABASE_URL": f"sqlite:///{db}",
        "COMMUNIQUE_MIGRATE_ON_START": "false",
        "COMMUNIQUE_LOAD_SEEDS": "false",
        "COMMUNIQUE_SECRET_KEY_FILE": str(db.parent / "secret_key"),
    }
    command = [sys.executable, "-m", "uvicorn", "app.web.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    command += ["--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not become healthy")


def fetch(base: str, path: str) -> float:
    """One GET; returns seconds. Raises when the answer is not 200."""
    start = time.perf_counter()
    with urllib.request.urlopen(f"{base}{path}", timeout=120) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
    return time.perf_counter() - start


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int) -> tuple[float, float]:
    """(p50 ms, requests/s) measured by wrk."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not p50 or not rps:
        raise SystemExit(f"could not read wrk's output:\n{out}")
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    return _ms(p50.group(1)), float(rps.group(1))


def run_python(url: str, seconds: int, connections: int) -> tuple[float, float]:
    """(p50 ms, requests/s) from a threaded http.client loop (fallback without wrk)."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(.*)", url).groups()  # type: ignore[union-attr]
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        mine = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statistics.median(latencies) * 1000, len(latencies) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    load = run_wrk if shutil.which("wrk") else run_python
    if load is run_python:
        print("wrk is not installed (Debian: apt-get install -y wrk); using a Python HTTP loop.")
    folder = Path(tempfile.mkdtemp(prefix="communique-bench-"))
    seed_id, a, b, big_id = prepare_database(folder / "bench.db")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(folder / "bench.db", port, folder / "server.log")
    try:
        wait_healthy(base, proc)
        report(base, seed_id, a, b, big_id, args, load)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def report(base: str, seed_id: int, a: int, b: int, big_id: int, args, load) -> None:  # noqa: ANN001
    seed_compare = f"/dossiers/{seed_id}/compare?a={a}&b={b}"
    overview = f"/dossiers/{big_id}"
    print(
        f"first view (runs the engine): seed {fetch(base, seed_compare) * 1000:.0f} ms, "
        f"20 sources {fetch(base, overview) * 1000:.0f} ms"
    )
    for _ in range(20):  # both workers warm (memo, templates)
        fetch(base, seed_compare), fetch(base, overview)
    singles = sorted(fetch(base, overview) * 1000 for _ in range(50))
    print(
        "20-source overview from cache, one request at a time: "
        f"p50 {statistics.median(singles):.1f} ms, max {singles[-1]:.1f} ms (target < 100 ms)"
    )
    tool = "wrk" if load is run_wrk else "python"
    print(f"\nload: {tool}, {args.connections} connections, {args.seconds} s each, 2 workers")
    print(f"{'page':<38} {'p50 ms':>8} {'req/s':>8}")
    for name, path in (
        ("/healthz (baseline)", "/healthz"),
        ("seed comparison (target p50<20, 500/s)", seed_compare),
        ("20-source overview", overview),
    ):
        p50, rps = load(f"{base}{path}", args.seconds, args.connections)
        print(f"{name:<38} {p50:>8.1f} {rps:>8.0f}")


if __name__ == "__main__":
    main()
