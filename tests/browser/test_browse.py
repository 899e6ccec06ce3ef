"""A reader browses the seed dossier in a real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"


def test_home_to_dossier_to_source(live_server: str, page: Page, artifacts: Path) -> None:
    page.goto(live_server)
    expect(page.locator("h1")).to_have_text("Dossiers")
    page.get_by_role("link", name=SEED_TITLE).click()
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    expect(page.locator("a.source-link")).to_have_count(2)
    page.get_by_role(
        "link",
        name="Pakistan and China have agreed to adopt a zero-tolerance policy against terrorism",
        exact=True,
    ).click()
    expect(page.locator(".source-text")).to_contain_text(
        "expected participation of Pakistani astronauts at the Chinese space station"
    )
    page.screenshot(path=str(artifacts / "foundation-source-page.png"), full_page=True)


def test_unknown_address_shows_the_styled_not_found_page(live_server: str, page: Page) -> None:
    response = page.goto(f"{live_server}/dossiers/424242")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.get_by_role("link", name="Back to the dossiers")).to_be_visible()
