"""In Chromium, as a researcher: import two URLs from a local site, upload three files at
once, and see the summary and the finished comparison. Each step's wall time goes to
test-artifacts/workflow-walk.json (figures for the report, not asserted)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.browser.test_background import threaded_server
from tests.test_url_import import Handler

pytestmark = pytest.mark.browser

FILES = {
    "crane-union.txt": "Dock workers' unions asked for training on the six new cranes. "
    "The port said training starts in January.",
    "crane-cost.md": "The six cranes cost 40 million euros, the port authority said on "
    "Friday. Delivery is due by March 2027.",
    "crane-city.txt": "The city council welcomed the crane order on Friday. "
    "It expects 200 new jobs at the port.",
}


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    allowed = settings.model_copy(
        update={
            "load_seeds": False,
            "comparison_worker": "thread",
            "fetch_allowed_hosts": "127.0.0.1",
        }
    )
    with threaded_server(allowed) as base:
        yield base


def test_import_two_urls_and_three_files_then_see_the_comparison(
    page: Page, server: str, site: str, tmp_path: Path, artifacts: Path
) -> None:
    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        steps[name] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()

    page.goto(f"{server}/")
    page.get_by_label("Title (required)").fill("Harbour cranes")
    page.get_by_role("button", name="Create dossier").click()
    expect(page.locator("h1")).to_have_text("Harbour cranes")
    dossier_url = page.url
    lap("create dossier")

    page.get_by_role("link", name="Import an article").click()
    page.get_by_label("Web addresses, one per line").fill(f"{site}/a.html\n{site}/b.html")
    page.get_by_role("button", name="Fetch").click()
    expect(page.locator("h1")).to_have_text("Import summary")
    expect(page.locator("#import-counts")).to_have_text(
        "2 stored, 0 skipped as duplicates, 0 refused."
    )
    expect(page.locator("li.import-item").first).to_contain_text(f"{site}/a.html")
    lap("import two URLs")

    paths = []
    for name, text in FILES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    page.get_by_role("link", name="Import more").click()
    page.get_by_label("Files or a .zip of files").set_input_files(paths)
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#import-counts")).to_have_text(
        "3 stored, 0 skipped as duplicates, 0 refused."
    )
    lap("upload three files")

    page.goto(dossier_url)
    expect(page.locator("a.source-link")).to_have_count(5, timeout=30_000)
    expect(page.locator("#comparison-status")).to_have_count(0)
    expect(page.locator("a.source-link", has_text="Harbour Herald")).to_be_visible()
    lap("comparison of five sources shown")

    out = artifacts / "workflow-walk.json"
    out.write_text(json.dumps({"steps_seconds": steps}, indent=2), encoding="utf-8")
