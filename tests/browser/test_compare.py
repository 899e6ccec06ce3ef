"""A reader compares the seed sources in a real Chromium: matrix, side by side, partners."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"
LABEL_000 = "Pakistan and China on Monday urged Afghanistan to take “credible, verifiable” steps…"
LABEL_004 = "Pakistan and China have agreed to adopt a zero-tolerance policy against terrorism"
SPACE = "Pakistani astronauts at the Chinese space station"
PHONE = {"width": 390, "height": 844}


def _open_dossier(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_role("link", name=SEED_TITLE).click()
    expect(page.locator("h1")).to_have_text(SEED_TITLE)


def test_matrix_shows_the_space_station_claim_only_in_004(
    live_server: str, page: Page, artifacts: Path
) -> None:
    _open_dossier(page, live_server)
    row = page.locator("table.matrix tr.claim-row", has_text="space station")
    if row.count() == 0:  # the label is a short phrase: find the row by the cell's sentence
        row = page.locator("table.matrix tr.claim-row").filter(
            has=page.locator(f'td.cell.yes[title*="{SPACE}"]')
        )
    expect(row).to_have_count(1)
    expect(row.locator(".only-tag")).to_have_text(f"only in {LABEL_004}")
    expect(row.locator("td.cell.yes")).to_have_count(1)
    row.locator("td.cell.yes summary").click()
    expect(row.locator(".cell-text")).to_contain_text(SPACE)
    page.screenshot(path=str(artifacts / "overview-1280.png"), full_page=True)


def test_comparison_puts_the_zero_tolerance_sentences_in_one_row_and_links_partners(
    live_server: str, page: Page
) -> None:
    _open_dossier(page, live_server)
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.locator("h1")).to_contain_text(f"{LABEL_000} vs {LABEL_004}")
    row = page.locator(".crow.row-shared").filter(
        has=page.locator(".cside.left .claim", has_text="zero-tolerance")
    )
    expect(row).to_have_count(1)
    expect(row.locator(".cside.left .claim")).to_contain_text("zero-tolerance")
    expect(row.locator(".cside.right .claim").first).to_contain_text("zero-tolerance")
    left = row.locator(".cside.left .claim").first
    left.click()
    for partner in row.locator(".cside.right .claim").all():
        expect(partner).to_have_class(__import__("re").compile(r"\bis-partner\b"))
    outside = page.locator(".crow.row-only-left .claim").first
    expect(outside).not_to_have_class(__import__("re").compile(r"\bis-partner\b"))


def test_keyboard_enter_toggles_the_partner_highlight(live_server: str, page: Page) -> None:
    _open_dossier(page, live_server)
    page.get_by_role("button", name="Compare side by side").click()
    row = page.locator(".crow.row-shared").first
    claim = row.locator(".cside.left .claim").first
    claim.focus()
    page.keyboard.press("Enter")
    expect(row.locator(".cside.right .claim").first).to_have_class(
        __import__("re").compile(r"\bis-partner\b")
    )
    expect(claim).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    expect(claim).to_have_attribute("aria-pressed", "false")


def test_space_station_sentence_is_only_in_004_side_by_side(live_server: str, page: Page) -> None:
    _open_dossier(page, live_server)
    page.get_by_role("button", name="Compare side by side").click()
    page.get_by_role("link", name="Only right").click()
    row = page.locator(".crow").filter(has=page.locator(".claim", has_text=SPACE))
    expect(row).to_have_count(1)
    expect(row.locator(".cside.right .only-tag")).to_have_text(f"only in {LABEL_004}")


def test_screenshots_at_desktop_and_phone_width(
    live_server: str, page: Page, artifacts: Path
) -> None:
    _open_dossier(page, live_server)
    page.get_by_role("button", name="Compare side by side").click()
    compare_url = page.url
    page.screenshot(path=str(artifacts / "compare-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(compare_url)
    grid = page.locator(".compare-grid")
    box = grid.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    page.screenshot(path=str(artifacts / "compare-390.png"), full_page=True)
    page.goto(compare_url.split("/compare")[0])
    page.screenshot(path=str(artifacts / "overview-390.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the overview scrolls sideways on a phone ({width} px)"


def test_a_unique_detail_stays_underlined_while_wording_differences_are_hidden(
    live_server: str, page: Page
) -> None:
    _open_dossier(page, live_server)
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.locator("#show-wording")).not_to_be_checked()
    # words that are both reworded and unique ("Balochistan") must still read as unique
    both = page.locator(".wording-scope mark.hl-diff.hl-unique")
    assert both.count() > 0
    styles = page.eval_on_selector_all(
        ".wording-scope mark.hl-unique",
        "els => els.map(e => getComputedStyle(e).borderBottomStyle)",
    )
    assert styles and set(styles) == {"solid"}, styles
    plain = page.eval_on_selector_all(
        ".wording-scope mark.hl-diff:not(.hl-unique):not(.hl-conflict)",
        "els => els.map(e => getComputedStyle(e).borderBottomStyle)",
    )
    assert plain and set(plain) == {"none"}, plain
