"""A reader searches the seed dossier from the header search box in a real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"


def test_search_the_seed_dossier_for_astronauts(
    live_server: str, page: Page, artifacts: Path
) -> None:
    page.goto(live_server)
    page.get_by_label("Search all sources").fill("astronauts")
    page.get_by_label("Search all sources").press("Enter")
    expect(page.locator("h1")).to_have_text("Search")
    page.get_by_label("Dossier").select_option(label=SEED_TITLE)
    page.get_by_role("button", name="Search", exact=True).last.click()
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(1)
    expect(hits.locator(".search-hit-link")).to_have_text(
        "Pakistan and China have agreed to adopt a zero-tolerance policy against terrorism"
    )
    expect(hits.locator(".search-snippet mark")).to_have_text("astronauts")
    page.screenshot(path=str(artifacts / "search-astronauts.png"), full_page=True)
    hits.locator(".search-hit-link").click()
    expect(page.locator(".source-text")).to_contain_text("Pakistani astronauts")


def test_hostile_query_shows_a_calm_page(live_server: str, page: Page) -> None:
    response = page.goto(f"{live_server}/search?q=%22NEAR(%20*%20a:b%20-")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Search")


def test_a_reader_pages_through_more_hits_than_one_page_holds(
    live_server: str, page: Page, artifacts: Path
) -> None:
    # Issue 14: the count is every matching source, and each page holds the next 50.
    import httpx  # noqa: PLC0415

    from app.web.paging import SEARCH_PAGE  # noqa: PLC0415

    api = httpx.Client(base_url=live_server, headers={"X-Requested-With": "tests"}, timeout=60)
    dossier_id = api.post("/api/dossiers", json={"title": "Heron watch"}).json()["id"]
    made = SEARCH_PAGE + 7
    for n in range(made):
        text = f"Sighting {n}: a grey heron stood by pier {n * 7} at dawn."
        source = {"text": text, "outlet": "Heron Post"}
        sent = api.post(f"/api/dossiers/{dossier_id}/sources", json=source)
        assert sent.status_code == 201, sent.text
    # The outlet filter leaves the dossier's claim groups out: sources only.
    page.goto(f"{live_server}/search?q=heron&dossier={dossier_id}&outlet=Heron+Post")
    expect(page.get_by_role("status")).to_have_text(f"{made} results for heron")
    expect(page.locator(".search-hit")).to_have_count(SEARCH_PAGE)
    pager = page.get_by_role("navigation", name="Pages of results")
    expect(pager).to_contain_text(f"Results 1–{SEARCH_PAGE} of {made} (part 1 of 2)")
    first_page = set(page.locator(".search-hit-link").evaluate_all("els => els.map(e => e.href)"))
    pager.get_by_role("link", name="Next →").click()
    expect(page.locator(".search-hit")).to_have_count(made - SEARCH_PAGE)
    expect(page.get_by_role("navigation", name="Pages of results")).to_contain_text(
        f"Results {SEARCH_PAGE + 1}–{made} of {made} (part 2 of 2)"
    )
    second = page.locator(".search-hit-link").evaluate_all("els => els.map(e => e.href)")
    assert not first_page & set(second), "no hit on both pages"
    expect(page.locator(".search-snippet mark").first).to_have_text("heron")
    page.screenshot(path=str(artifacts / "search-page-2.png"), full_page=True)
