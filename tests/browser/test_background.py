"""In Chromium: save an article while the comparison is held back; the page answers at once,
says the comparison is running, and updates itself when the comparison is done."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, expect

from app.services import comparisons
from app.settings import Settings
from app.web.app import create_app
from tests.live import free_port
from tests.test_comparison_jobs import ARTICLES, Gate

pytestmark = pytest.mark.browser


@contextmanager
def threaded_server(settings: Settings) -> Iterator[str]:
    """The app in a uvicorn server on a thread of this process (so the test can patch it)."""
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    g = Gate(comparisons.run_engine)
    monkeypatch.setattr(comparisons, "run_engine", g)
    yield g
    g.open.set()


@pytest.fixture
def held_server(settings: Settings, gate: Gate) -> Iterator[str]:
    background = settings.model_copy(update={"load_seeds": False, "comparison_worker": "thread"})
    with threaded_server(background) as base:
        yield base


def test_saving_answers_at_once_and_the_page_updates_itself(
    page: Page, held_server: str, gate: Gate
) -> None:
    gate.open.set()
    api = httpx.Client(base_url=held_server, headers={"X-Requested-With": "tests"})
    dossier_id = api.post("/api/dossiers", json={"title": "Rail talks"}).json()["id"]
    for n, text in enumerate(ARTICLES[:2]):
        api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": text, "outlet": f"O{n}"})
    page.goto(f"{held_server}/dossiers/{dossier_id}")
    expect(page.locator("#comparison-status")).to_have_count(0, timeout=20_000)
    gate.open.clear()

    page.get_by_role("link", name="Import an article").click()
    page.get_by_label("Paste the article text").fill(ARTICLES[2])
    page.get_by_role("button", name="Preview").click()
    page.get_by_label("Outlet").fill("Third Outlet")
    page.get_by_role("button", name="Save to the dossier").click()
    # The engine is held: the source page comes anyway, saying the comparison is running.
    expect(page.locator("h1")).to_have_text("Third Outlet")
    banner = page.locator("#comparison-status")
    expect(banner).to_contain_text("out of date")
    page.goto(f"{held_server}/dossiers/{dossier_id}")
    expect(banner).to_contain_text("Comparing the sources")
    expect(page.locator("a.source-link", has_text="Third Outlet")).to_have_count(0)

    gate.open.set()
    # No reload by the test: the banner's polling brings the finished comparison in.
    expect(page.locator("a.source-link", has_text="Third Outlet")).to_be_visible(timeout=20_000)
    expect(banner).to_have_count(0)


def test_a_failed_comparison_is_retried_from_the_page(
    page: Page, held_server: str, gate: Gate
) -> None:
    gate.failure = RuntimeError("the engine gave up")
    gate.open.set()
    api = httpx.Client(base_url=held_server, headers={"X-Requested-With": "tests"})
    dossier_id = api.post("/api/dossiers", json={"title": "Rail talks"}).json()["id"]
    for text in ARTICLES[:2]:
        api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": text})
    page.goto(f"{held_server}/dossiers/{dossier_id}")
    banner = page.locator("#comparison-status")
    expect(banner).to_contain_text("RuntimeError: the engine gave up", timeout=20_000)
    gate.failure = None
    page.get_by_role("button", name="Retry the comparison").click()
    expect(banner).to_have_count(0, timeout=20_000)
    expect(page.locator("a.source-link")).to_have_count(2)
