"""Hostile text everywhere a user can put text; a real Chromium opens every page that shows it.

No dialog may fire, no script may run, and no element or handler may come from the payloads:
article text, titles, outlet names, URLs, dossier descriptions and search queries.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.robustness import record
from tests.xss_payloads import MARK, PAYLOADS

pytestmark = pytest.mark.browser

FIND_INJECTED = (Path(__file__).parent / "find_injected.js").read_text(encoding="utf-8")


def _api(base: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _article(payloads: list[str], angle: str) -> str:
    lines = [f"Ministers met {angle} and discussed item {p} at length." for p in payloads]
    lines.append(f"The talks ended with a statement {angle}.")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def hostile_dossier(live_server: str) -> Iterator[dict[str, Any]]:
    status, dossier = _api(
        live_server,
        "/api/dossiers",
        {"title": PAYLOADS[0][:250], "description": " ".join(PAYLOADS)[:4900]},
    )
    assert status == 201, dossier
    path = f"/api/dossiers/{dossier['id']}/sources"
    half = len(PAYLOADS) // 2
    sources = []
    for n, (chunk, angle) in enumerate(
        [
            (PAYLOADS[:half], "in the capital"),
            (PAYLOADS[:half], "in the old capital"),
            (PAYLOADS[half:], "by the sea"),
        ]
    ):
        meta = {
            "title": PAYLOADS[n + 1],
            "outlet": PAYLOADS[n + 4][:250],
            "url": "https://example.invalid/a?q=" + urllib.parse.quote(PAYLOADS[n + 7]),
        }
        status, source = _api(live_server, path, {"text": _article(chunk, angle), **meta})
        assert status == 201, source
        sources.append(source)
    _wait_compared(live_server, dossier["id"])  # every page then shows the final result
    refused, body = _api(live_server, path, {"text": "Other text.", "url": PAYLOADS[15]})
    assert refused == 422 and "http" in json.dumps(body)
    first_line = _article(PAYLOADS[:half], "in the capital").split("\n")[0]
    for note in PAYLOADS[::5]:
        span = {"source_id": sources[0]["id"], "start": 0, "end": len(first_line)}
        decision = {"kind": "claim", "action": "dispute", "a": span, "note": note}
        status, made = _api(live_server, f"/api/dossiers/{dossier['id']}/decisions", decision)
        assert status == 201, made
    yield {"dossier": dossier, "sources": sources}


def _wait_compared(base: str, dossier_id: int, timeout: float = 60) -> None:
    """Wait until the background comparison of the dossier is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/dossiers/{dossier_id}/comparison.json") as r:
            if json.load(r)["comparison"]["state"] == "current":
                return
        time.sleep(0.1)
    raise AssertionError("the comparison did not finish")


def _pages(base: str, hostile: dict[str, Any]) -> list[str]:
    dossier_id = hostile["dossier"]["id"]
    ids = [s["id"] for s in hostile["sources"]]
    pages = [
        "/",
        f"/dossiers/{dossier_id}",
        f"/dossiers/{dossier_id}?sort=coverage",
        f"/dossiers/{dossier_id}/compare?a={ids[0]}&b={ids[1]}",
        f"/dossiers/{dossier_id}/compare?a={ids[1]}&b={ids[2]}",
        f"/dossiers/{dossier_id}/claims/0",
        f"/dossiers/{dossier_id}/claims/1",
        f"/dossiers/{dossier_id}/import",
        f"/dossiers/{dossier_id}/audit",
        f"/dossiers/{dossier_id}/report",
        f"/dossiers/{dossier_id}/coverage",
        f"/dossiers/{dossier_id}/quotes",
        "/trash",
    ]
    for source_id in ids:
        pages += [
            f"/sources/{source_id}",
            f"/sources/{source_id}/edit",
            f"/sources/{source_id}/delete",
        ]
    pages += [f"/search?q={urllib.parse.quote(p)}" for p in PAYLOADS]
    pages += [f"/search?q=ministers&outlet={urllib.parse.quote(PAYLOADS[4])}"]
    return [base + p for p in pages]


def test_no_payload_runs_or_injects_markup_on_any_page(
    live_server: str, hostile_dossier: dict[str, Any], page: Page
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems: dict[str, list[str]] = {}
    urls = _pages(live_server, hostile_dossier)
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        found = page.evaluate(FIND_INJECTED, MARK)
        if found:
            problems[url] = found
    assert dialogs == []
    assert problems == {}
    # The payloads are shown as text, so a reader can see what the article said.
    page.goto(f"{live_server}/sources/{hostile_dossier['sources'][0]['id']}")
    assert "<script>alert('xss-probe')</script>" in page.locator("main").inner_text()
    page.goto(f"{live_server}/dossiers/{hostile_dossier['dossier']['id']}/audit")
    assert PAYLOADS[5] in page.locator("main").inner_text(), "review notes show as text"
    record("xss_payloads", len(PAYLOADS))
    record("xss_pages_checked", len(urls))
