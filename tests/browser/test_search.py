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
