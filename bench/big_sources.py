#!/usr/bin/env python3
"""Big sources through the web app (issue 13, "Big inputs stay cheap").

For each size (64 KB, 128 KB ... ``--max-kb``), into a fresh SQLite database: a dossier
with a short first report (40 sentences), then one pasted source of that size made of short
generated sentences (a third of them repeat the first report's, the rest are distinct). The
app runs in this process through its ASGI client with the background comparison worker
(``comparison_worker=thread``, as ``make run``), and the benchmark reports:

- import: seconds until ``POST /api/dossiers/{id}/sources`` answers (the source is stored);
- compared: seconds from the import until the dossier's comparison is current (polled);
- dossier / source / compare: seconds and HTML bytes of the first screen of the dossier page,
  the big source's page and the side-by-side view (each the second request, so the
  comparison is loaded; the first-request time is also given for the dossier page);
- search: seconds of ``/search?q=...`` for a word in every tenth sentence;

each beside the 64 KB case (ratio), and the fitted exponent of time against size
(1.0 = linear; near-linear: < 1.3). Sentences are generated; nothing is fetched.

Usage: bench/big_sources.py [--max-kb 4096] [--sizes 64,4096]

``--sizes`` measures only the sizes listed (KB; the first is the baseline), e.g. the 4 MB
case beside 64 KB without the sizes between.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app import migrate  # noqa: E402
from app.settings import get_settings  # noqa: E402
from app.web.app import create_app  # noqa: E402

PLACES = ["Lahore", "Quetta", "Multan", "Sialkot", "Gwadar", "Karachi", "Peshawar", "Hunza"]
VERBS = ["visited", "toured", "opened", "inspected", "praised", "funded"]


def report_sentence(n: int) -> str:
    return f"Envoy {n} {VERBS[n % len(VERBS)]} {PLACES[n % len(PLACES)]} on day {n}."


def big_text(size: int) -> str:
    """Short sentences until ``size`` bytes: every third repeats the first report's."""
    out: list[str] = []
    total = n = 0
    while total < size:
        if n % 3 == 0:
            s = report_sentence(n // 3 % 40)
        else:
            marker = " marmot" if n % 10 == 1 else ""
            s = f"Delegate {n} met mayor {n * 7} in {PLACES[n % len(PLACES)]}{marker}."
        out.append(s)
        total += len(s) + 1
        n += 1
    return " ".join(out)


def timed(client: TestClient, url: str, **params: Any) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = client.get(url, params=params)
    seconds = time.perf_counter() - t0
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
    return seconds, len(response.content)


def wait_compared(client: TestClient, dossier_id: int, timeout: float = 3600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/dossiers/{dossier_id}/comparison.json").json()["comparison"]
        if state["state"] == "current":
            return
        if state["state"] == "failed":
            raise SystemExit(f"comparison failed: {state.get('error')}")
        time.sleep(0.05)
    raise SystemExit("comparison did not finish")


def one_case(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(
            database_url=f"sqlite:///{tmp}/bench.db",
            load_seeds=False,
            secret_key="bench-secret-key",
            trusted_hosts="testserver",
            comparison_worker="thread",
            max_upload_bytes=16 * 1024 * 1024,
        )
        migrate.upgrade(settings)
        with TestClient(create_app(settings), headers={"X-Requested-With": "bench"}) as client:
            dossier_id = client.post("/api/dossiers", json={"title": "Big"}).json()["id"]
            first = " ".join(report_sentence(n) for n in range(40))
            made = client.post(f"/api/dossiers/{dossier_id}/sources", json={"text": first})
            a = made.json()["id"]
            wait_compared(client, dossier_id)
            text = big_text(size)
            t0 = time.perf_counter()
            made = client.post(
                f"/api/dossiers/{dossier_id}/sources", json={"text": text, "title": "Big paste"}
            )
            imported = time.perf_counter() - t0
            if made.status_code != 201:
                raise SystemExit(f"import: {made.status_code} {made.text[:300]}")
            b = made.json()["id"]
            wait_compared(client, dossier_id)
            compared = time.perf_counter() - t0
            dossier_first, _ = timed(client, f"/dossiers/{dossier_id}")
            dossier_s, dossier_b = timed(client, f"/dossiers/{dossier_id}")
            source_s, source_b = timed(client, f"/sources/{b}")
            compare_s, compare_b = timed(client, f"/dossiers/{dossier_id}/compare", a=a, b=b)
            search_s, _ = timed(client, "/search", q="marmot")
            return {
                "kb": size / 1024,
                "sentences": text.count(". ") + 1,
                "import": imported,
                "compared": compared,
                "dossier_first": dossier_first,
                "dossier": dossier_s,
                "dossier_kb": dossier_b / 1024,
                "source": source_s,
                "source_kb": source_b / 1024,
                "compare": compare_s,
                "compare_kb": compare_b / 1024,
                "search": search_s,
            }


def exponent(rows: list[dict[str, float]], key: str) -> float:
    """Least-squares slope of log(time) on log(size) (1.0 = linear)."""
    xs = [math.log(r["kb"]) for r in rows]
    ys = [math.log(max(r[key], 1e-4)) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


TIMES = ["import", "compared", "dossier_first", "dossier", "source", "compare", "search"]
SIZES = ["dossier_kb", "source_kb", "compare_kb"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-kb", type=int, default=4096)
    parser.add_argument("--sizes", default="", help="comma-separated KB sizes (first: baseline)")
    args = parser.parse_args()
    sizes = [int(kb) for kb in args.sizes.split(",") if kb.strip()]
    if not sizes:
        sizes = [64 * 2**n for n in range(64) if 64 * 2**n <= args.max_kb]
    rows: list[dict[str, float]] = []
    head = ["KB", "sentences", *[f"{k} s (×64KB)" for k in TIMES], *SIZES]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head), flush=True)
    for kb in sizes:
        r = one_case(kb * 1024)
        rows.append(r)
        base = rows[0]  # each row is printed when measured: a cut-short run keeps its rows
        cells = [f"{r['kb']:.0f}", f"{r['sentences']:.0f}"]
        cells += [f"{r[k]:.3f} (×{r[k] / base[k]:.1f})" for k in TIMES]
        cells += [f"{r[k]:.0f}" for k in SIZES]
        print("| " + " | ".join(cells) + " |", flush=True)
    if len(rows) > 1:
        fits = ", ".join(f"{k} {exponent(rows, k):.2f}" for k in TIMES)
        print(f"\nExponent of time against size (1.0 = linear, near-linear < 1.3): {fits}")
        print(f"Largest first-screen HTML: {max(max(r[k] for k in SIZES) for r in rows):.0f} KB")


if __name__ == "__main__":
    main()
