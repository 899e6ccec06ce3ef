#!/usr/bin/env python3
"""Import of 1,000 articles (issue 14: goal < 60 s with SQLite on 2 cores).

Articles are generated: each retells one of the seed reports (its sentences in another
order, some left out, numbers and days changed) around made-up claims of the same kind as
bench/web_speed.py's, about 2-4 KB each, none the same. They go ``--per-dossier`` to a
dossier, into a fresh SQLite database, by one of two paths:

- ``service``: the bulk-import service (``bulk_imports.import_files``, as the bulk upload
  form calls it), one call per dossier, in this process, with the background comparison
  worker running as under ``make run``;
- ``api``: the real server (uvicorn subprocess, as ``make run``) and one
  ``POST /api/dossiers/{id}/sources`` per article, one after another, as a user's script
  would send them.

Reported per path: seconds until every article is stored (the imports answered), articles
per second, and seconds until every dossier's comparison is current.

Usage: bench/import_speed.py [--articles 1000] [--per-dossier 20] [--paths service,api]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web_speed import _claims, _extra  # noqa: E402

SEEDS = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
COUNTRIES = ["Norway", "Chile", "Kenya", "Vietnam", "Portugal", "Ghana", "Peru", "Finland"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SENTENCE_END = re.compile(r"(?<=[.!?”])\s+")


def _retold(rng: random.Random, seed_text: str) -> list[str]:
    sentences = [s for s in SENTENCE_END.split(seed_text.replace("\n", " ")) if s.strip()]
    kept = [s for s in sentences if rng.random() < 0.7]
    rng.shuffle(kept)
    day = rng.choice(DAYS)
    return [re.sub(r"\bMonday\b", day, s) for s in kept]


def article(n: int) -> str:
    """Article ``n``: a retold seed report among made-up claims (deterministic in ``n``)."""
    rng = random.Random(n)
    a, b = rng.sample(COUNTRIES, 2)
    pool = _claims(rng, a, b)
    lines = _retold(rng, SEEDS[n % len(SEEDS)])
    lines += [rng.choice(pool) for _ in range(rng.randint(4, 10))]
    lines += [_extra(rng) for _ in range(rng.randint(4, 12))]
    rng.shuffle(lines)
    paragraphs = [" ".join(lines[i : i + 4]) for i in range(0, len(lines), 4)]
    return f"Report {n} from the {a}-{b} talks.\n\n" + "\n\n".join(paragraphs)


def _batches(count: int, per: int) -> list[list[int]]:
    return [list(range(start, min(start + per, count))) for start in range(0, count, per)]


def _wait_current(client: httpx.Client, dossier_ids: list[int], timeout: float = 3600) -> None:
    deadline = time.monotonic() + timeout
    pending = list(dossier_ids)
    while pending and time.monotonic() < deadline:
        state = client.get(f"/dossiers/{pending[0]}/comparison.json").json()["comparison"]
        if state["state"] == "failed":
            raise SystemExit(f"comparison of dossier {pending[0]} failed: {state.get('error')}")
        if state["state"] == "current":
            pending.pop(0)
        else:
            time.sleep(0.1)
    if pending:
        raise SystemExit(f"{len(pending)} comparisons did not finish")


def via_service(count: int, per: int, folder: Path) -> dict[str, float]:
    from fastapi.testclient import TestClient  # noqa: PLC0415

    from app import migrate  # noqa: PLC0415
    from app.db import session_scope  # noqa: PLC0415
    from app.models import DossierCreate  # noqa: PLC0415
    from app.services import bulk_imports, dossiers  # noqa: PLC0415
    from app.settings import get_settings  # noqa: PLC0415
    from app.web.app import create_app  # noqa: PLC0415

    settings = get_settings(
        database_url=f"sqlite:///{folder}/service.db",
        load_seeds=False,
        secret_key="bench-secret-key",
        trusted_hosts="testserver",
        comparison_worker="thread",
    )
    migrate.upgrade(settings)
    app = create_app(settings)
    with TestClient(app, headers={"X-Requested-With": "bench"}) as client:  # starts the worker
        ids: list[int] = []
        t0 = time.perf_counter()
        for batch in _batches(count, per):
            with session_scope(app.state.engine) as session:
                title = f"Talks {len(ids) + 1}"
                dossier = dossiers.create_dossier(session, DossierCreate(title=title))
                assert dossier.id is not None
                ids.append(dossier.id)
                files = [(f"report-{n}.txt", article(n).encode("utf-8")) for n in batch]
                summary = bulk_imports.import_files(
                    session, dossier.id, files, settings.max_upload_bytes
                )
                if summary.count("stored") != len(batch):
                    raise SystemExit(f"not all stored: {[i.message for i in summary.items]}")
        stored = time.perf_counter() - t0
        _wait_current(client, ids)
        return {"stored": stored, "compared": time.perf_counter() - t0}


def via_api(count: int, per: int, folder: Path) -> dict[str, float]:
    from tests.live import running_server  # noqa: PLC0415

    with (
        running_server(folder) as url,
        httpx.Client(base_url=url, headers={"X-Requested-With": "bench"}, timeout=600) as client,
    ):
        ids: list[int] = []
        t0 = time.perf_counter()
        for batch in _batches(count, per):
            made = client.post("/api/dossiers", json={"title": f"Talks {len(ids) + 1}"})
            dossier_id = made.json()["id"]
            ids.append(dossier_id)
            for n in batch:
                body = {"text": article(n), "title": f"Report {n}"}
                response = client.post(f"/api/dossiers/{dossier_id}/sources", json=body)
                if response.status_code != 201:
                    raise SystemExit(f"article {n}: {response.status_code} {response.text[:200]}")
        stored = time.perf_counter() - t0
        _wait_current(client, ids)
        return {"stored": stored, "compared": time.perf_counter() - t0}


PATHS = {"service": via_service, "api": via_api}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-dossier", type=int, default=20)
    parser.add_argument("--paths", default="service,api")
    args = parser.parse_args()
    size = sum(len(article(n).encode("utf-8")) for n in range(args.articles))
    print(f"{args.articles} articles ({size / 1024:.0f} KB), {args.per_dossier} per dossier")
    print("| path | stored s | articles/s | all compared s |")
    print("|---|---|---|---|", flush=True)
    for name in args.paths.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            r = PATHS[name](args.articles, args.per_dossier, Path(tmp))
        rate = args.articles / r["stored"]
        print(f"| {name} | {r['stored']:.1f} | {rate:.0f} | {r['compared']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
