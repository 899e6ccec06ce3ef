"""In Chromium, as a researcher: paste two articles (the preview proposes headline and date),
edit the dossier's details, sort the sources table by a column and filter the matrix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_import import create_dossier, open_import

pytestmark = pytest.mark.browser

ARTICLES = [
    (
        "Valmora opens its new ferry terminal\n\n"
        "VALMORA, 12 May 2026 — The port of Valmora opened its new ferry terminal on Tuesday. "
        "The terminal cost 40 million euros. Ferries to Sudavia will leave every hour.",
        "Sudavia Post",
    ),
    (
        "Ferry terminal opens in Valmora\n\n"
        "May 13, 2026. The port of Valmora opened its new ferry terminal on Tuesday. "
        "Local shops expect more visitors in the summer.",
        "Amber Times",
    ),
]


def _paste(page: Page, dossier_url: str, text: str, outlet: str) -> None:
    open_import(page, dossier_url)
    page.get_by_label("Paste the article text").fill(text)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("h1")).to_have_text("Check the article before saving")
    headline, _ = text.split("\n", 1)
    expect(page.get_by_label("Title", exact=True)).to_have_value(headline)
    expect(page.get_by_label("Published date")).to_have_value(re.compile(r"^2026-05-1[23]$"))
    page.get_by_label("Outlet").fill(outlet)
    page.get_by_role("button", name="Save to the dossier").click()
    expect(page.locator("h1")).to_have_text(outlet)


def test_paste_edit_sort_and_filter(page: Page, live_server: str) -> None:
    dossier_url = create_dossier(page, live_server)
    for text, outlet in ARTICLES:
        _paste(page, dossier_url, text, outlet)

    page.goto(dossier_url)
    page.get_by_role("link", name="Edit dossier").click()
    page.get_by_label("Title").fill("Valmora ferry terminal")
    page.get_by_label("Description").fill("Two reports of the opening")
    page.get_by_label("Event date").fill("2026-05-12")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("h1")).to_have_text("Valmora ferry terminal")
    expect(page.get_by_text("Event date: 2026-05-12")).to_be_visible()

    outlets = page.locator('table.sources td[data-label="Outlet"]')
    expect(outlets).to_have_text(["Sudavia Post", "Amber Times"])
    page.get_by_role("link", name="Outlet").click()
    expect(outlets).to_have_text(["Amber Times", "Sudavia Post"])
    expect(page.locator("table.sources th", has_text="Outlet")).to_have_attribute(
        "aria-sort", "ascending"
    )
    page.get_by_role("link", name="Outlet").click()
    expect(outlets).to_have_text(["Sudavia Post", "Amber Times"])

    rows = page.locator("table.matrix tr.claim-row")
    every = rows.count()
    assert every >= 2
    page.get_by_role("link", name="Unique only").click()
    expect(rows.first).to_be_visible()
    for row in rows.all():
        expect(row.locator(".only-tag")).to_be_visible()
    unique = rows.count()
    page.get_by_role("link", name="Shared only").click()
    expect(rows).to_have_count(every - unique)
    page.get_by_role("link", name="Only the claims of Amber Times").click()
    expect(rows.first).to_be_visible()
    for row in rows.all():  # the matrix keeps the dossier's column order: Amber Times second
        expect(row.locator("td.cell").nth(1)).to_have_class(re.compile(r"\byes\b"))
    expect(page.locator('.matrix-filters a[aria-current="true"]')).to_have_count(2)
