"""A reader follows a search hit into the third part of a long source and pages through it
in a real Chromium (issue 13, "Big inputs stay cheap")."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.web.paging import HOME_PAGE, SOURCE_PART

pytestmark = pytest.mark.browser

TARGET = 2 * SOURCE_PART + 31


def _sentence(n: int) -> str:
    rare = " okapi" if n == TARGET else ""
    return f"Courier {n} reached checkpoint {n * 3} before noon on day {n}{rare}."


def test_a_search_hit_opens_its_part_and_the_pager_moves_between_parts(
    live_server: str, page: Page, artifacts: Path
) -> None:
    api = httpx.Client(base_url=live_server, headers={"X-Requested-With": "tests"}, timeout=60)
    dossier_id = api.post("/api/dossiers", json={"title": "Courier log"}).json()["id"]
    text = " ".join(_sentence(n) for n in range(2 * SOURCE_PART + 60))
    made = api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": text, "title": "Log"})
    assert made.status_code == 201, made.text
    source_id = made.json()["id"]

    page.goto(f"{live_server}/search?q=okapi")
    hit = page.locator(".search-hit .search-hit-link")
    expect(hit).to_have_count(1)
    hit.click()
    expect(page).to_have_url(f"{live_server}/sources/{source_id}?part=3#s{TARGET}")
    sentence = page.locator(f"#s{TARGET}")
    expect(sentence).to_contain_text("okapi")
    expect(sentence).to_be_in_viewport()
    pager = page.get_by_role("navigation", name="Parts of this source").first
    expect(pager).to_contain_text("Sentences 401–460 of 460 (part 3 of 3)")
    page.screenshot(path=str(artifacts / "paging-source-part-3.png"))

    pager.get_by_role("link", name="← Previous").click()
    expect(page).to_have_url(f"{live_server}/sources/{source_id}?part=2")
    expect(page.locator(".source-text .seg-wrap").first).to_contain_text("Courier 200 reached")
    expect(page.locator(".source-text .seg-wrap")).to_have_count(SOURCE_PART)
    expect(page.locator(f"#s{TARGET}")).to_have_count(0)
    page.get_by_role("navigation", name="Parts of this source").first.get_by_role(
        "link", name="Next →"
    ).click()
    expect(page.locator(f"#s{TARGET}")).to_contain_text("okapi")


def test_the_home_pager_moves_between_pages_of_dossiers(live_server: str, page: Page) -> None:
    api = httpx.Client(base_url=live_server, headers={"X-Requested-With": "tests"}, timeout=60)
    total = api.get("/index.json").json()["pager"]["total"]
    made = []
    for n in range(HOME_PAGE + 5 - total % HOME_PAGE):
        created = api.post("/api/dossiers", json={"title": f"Harbour round {n:02d}"})
        assert created.status_code == 201, created.text
        made.append(created.json()["id"])
    try:
        _walk_the_home_pager(live_server, page, api)
    finally:
        # The live server is shared: other tests expect the seed dossier on the first page.
        for dossier_id in made:
            api.delete(f"/api/dossiers/{dossier_id}")


def _walk_the_home_pager(live_server: str, page: Page, api: httpx.Client) -> None:
    newest = api.get("/index.json").json()["dossiers"][0]["dossier"]["title"]
    on_page_two = api.get("/index.json?page=2").json()["dossiers"][0]["dossier"]["title"]
    page.goto(f"{live_server}/")
    expect(page.locator(".dossier-link").first).to_have_text(newest)
    expect(page.locator(".dossier-link")).to_have_count(HOME_PAGE)
    pager = page.get_by_role("navigation", name="Pages of dossiers").first
    pager.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(f"{live_server}/?page=2")
    expect(page.locator(".dossier-link").first).to_have_text(on_page_two)
    expect(page.locator(".dossier-link", has_text=newest)).to_have_count(0)
    page.get_by_role("navigation", name="Pages of dossiers").first.get_by_role(
        "link", name="← Previous"
    ).click()
    expect(page).to_have_url(f"{live_server}/")
    expect(page.locator(".dossier-link").first).to_have_text(newest)
