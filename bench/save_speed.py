#!/usr/bin/env python3
"""Time from "Save" to the answer, and to the finished background comparison (issue 12).

Starts the real server (uvicorn, background comparison worker) on a free loopback port with
a temporary database. Per run: a new dossier with the two seed articles (compared first),
then a ~50 KB made-up article goes through the web form as a person does it (paste,
preview, Save). Measured: the Save request (its 303 answer) and the time until
``/dossiers/{id}/comparison.json`` says the comparison is current again.

Goal: Save answers in < 300 ms whatever the article's size.

Usage: bench/save_speed.py [--runs 5] [--kib 50]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web_speed import _claims, _extra  # noqa: E402
from tests.live import running_server  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def article(kib: int, seed: int) -> str:
    """A made-up report of about ``kib`` KiB: paragraphs of claims and numbered details."""
    rng = random.Random(seed)
    pool = _claims(rng, "Norway", "Chile")
    paragraphs: list[str] = []
    size = 0
    while size < kib * 1024:
        sentences = [rng.choice(pool)] + [_extra(rng) for _ in range(rng.randint(2, 5))]
        paragraph = " ".join(sentences) + f" (Paragraph {len(paragraphs) + 1}.)"
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def wait_current(client: httpx.Client, dossier_id: int, timeout: float = 600) -> float:
    """Seconds until the dossier's comparison is current (polled every 20 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        state = client.get(f"/dossiers/{dossier_id}/comparison.json").json()["comparison"]
        if state["state"] == "current":
            return time.perf_counter() - start
        if state["state"] == "failed":
            raise SystemExit(f"the comparison failed: {state['error']}")
        time.sleep(0.02)
    raise SystemExit("the comparison did not finish in time")


def csrf(client: httpx.Client) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    return match.group(1) if match else ""


def one_run(client: httpx.Client, text: str, run: int) -> tuple[float, float]:
    api = {"X-Requested-With": "bench"}
    made = client.post("/api/dossiers", json={"title": f"Save bench {run}"}, headers=api)
    dossier_id = made.json()["id"]
    for path in SEEDS:
        body = {"text": path.read_text("utf-8"), "title": path.stem}
        client.post(f"/api/dossiers/{dossier_id}/sources", json=body, headers=api)
    wait_current(client, dossier_id)
    token = csrf(client)
    preview = client.post(
        f"/dossiers/{dossier_id}/import",
        data={"csrf_token": token, "step": "preview", "text": text},
    )
    doc = BeautifulSoup(preview.text, "html.parser")
    form = doc.select_one("form input[name=step][value=save]")
    if form is None:
        raise SystemExit(f"no preview form (status {preview.status_code})")
    fields = {
        str(i["name"]): str(i.get("value", ""))
        for i in form.find_parent("form").select("input[name]")  # type: ignore[union-attr]
    }
    fields["title"] = f"Fifty kilobytes {run}"
    start = time.perf_counter()
    saved = client.post(f"/dossiers/{dossier_id}/import", data=fields)
    answered = time.perf_counter() - start
    if saved.status_code != 303:
        raise SystemExit(f"Save answered {saved.status_code}: {saved.text[:200]}")
    return answered, answered + wait_current(client, dossier_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kib", type=int, default=50)
    args = parser.parse_args()
    results = []
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(Path(folder)) as base,
        httpx.Client(base_url=base, timeout=600) as client,
    ):
        for run in range(args.runs):
            text = article(args.kib, run)
            results.append(one_run(client, text, run))
            print(
                f"run {run + 1}: {len(text.encode()) / 1024:.0f} KiB article, "
                f"Save answered in {results[-1][0] * 1000:.0f} ms, "
                f"comparison done after {results[-1][1]:.2f} s"
            )
    saves = [r[0] * 1000 for r in results]
    dones = [r[1] for r in results]
    print(
        f"Save -> answer: median {statistics.median(saves):.0f} ms, max {max(saves):.0f} ms "
        f"(goal < 300 ms); Save -> comparison done: median {statistics.median(dones):.2f} s"
    )


if __name__ == "__main__":
    main()
