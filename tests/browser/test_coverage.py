"""In Chromium: paste a joint statement (role primary) and two reports through the import form,
open the coverage of the primary statement and the quote check, and save screenshots."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.test_coverage_page import EXACT, MISQUOTE, PRIMARY

pytestmark = pytest.mark.browser

_numbers = itertools.count(1)


def _create_dossier(page: Page, base: str) -> str:
    page.goto(f"{base}/")
    title = f"Norvania–Estmark water dialogue {next(_numbers)}"
    page.get_by_label("Title (required)").fill(title)
    page.get_by_label("Event date").fill("2026-03-12")
    page.get_by_role("button", name="Create dossier").click()
    expect(page.locator("h1")).to_have_text(title)
    return page.url


def _paste(page: Page, dossier_url: str, text: str, outlet: str, *, primary: bool) -> None:
    page.goto(dossier_url)
    page.get_by_role("link", name="Import an article").click()
    page.get_by_label("Paste the article text").fill(text)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("h1")).to_have_text("Check the article before saving")
    page.get_by_label("Outlet").fill(outlet)
    if primary:
        page.get_by_label("Primary").check()
    page.get_by_role("button", name="Save to the dossier").click()
    expect(page.locator("h1")).to_have_text(outlet)


def test_coverage_and_quote_check_of_a_pasted_statement(
    page: Page, live_server: str, artifacts: Path
) -> None:
    dossier_url = _create_dossier(page, live_server)
    _paste(page, dossier_url, PRIMARY, "Joint statement", primary=True)
    _paste(page, dossier_url, EXACT, "Lindau Courier", primary=False)
    _paste(page, dossier_url, MISQUOTE, "Estmark Daily", primary=False)

    page.goto(dossier_url)
    page.get_by_role("link", name="Coverage of the primary statement").click()
    expect(page.locator("h1")).to_have_text("Coverage of the primary statement")
    expect(page.locator("a.primary-link")).to_have_text("Joint statement")
    expect(page.locator("table.clauses th.report-col")).to_have_text(
        ["Lindau Courier", "Estmark Daily"]
    )
    commission = page.locator("tr.clause-row", has_text="joint commission")
    expect(commission.locator("td.carriage .carriage-mark")).to_have_text(["❝ quoted", "– omitted"])
    funding = page.locator("tr.clause-row", has_text="40 million euros")
    expect(funding.locator("td.carriage.status-paraphrased")).to_have_count(1)
    # The report's wording opens under the mark.
    wording = commission.locator("td.carriage.status-quoted blockquote.wording-text")
    expect(wording).to_be_hidden()
    commission.locator("td.carriage.status-quoted summary").click()
    expect(wording).to_have_text(
        "monitor the flow of the Vessa river and to publish its findings every six months"
    )
    figures = page.locator("tr.figures-row", has_text="Lindau Courier")
    # six clauses: the statement's title is a heading, not a claim
    expect(figures.locator(".share-text")).to_have_text("33% (2 of 6)")
    expect(figures.locator(".addition-count")).to_have_text("2")
    expect(
        page.locator("tr.figures-row", has_text="Estmark Daily").locator(".quoted-count")
    ).to_have_text("1")
    page.screenshot(path=str(artifacts / "coverage-primary.png"), full_page=True)

    page.get_by_role("link", name="Check the reports’ quotations").click()
    expect(page.locator("h1")).to_have_text("Quote check")
    daily = page.locator("section.quote-report", has_text="Estmark Daily")
    misquote = daily.locator(".quote-item.status-misquote")
    expect(misquote.locator(".quote-status")).to_have_text("≠ misquote")
    expect(misquote.locator(".report-side mark.q-diff").first).to_have_text("strongly")
    expect(daily.locator(".quote-item.status-unverifiable .quote-status")).to_have_text(
        "? unverifiable"
    )
    courier = page.locator("section.quote-report", has_text="Lindau Courier")
    expect(courier.locator(".quote-item.status-exact")).to_have_count(2)
    page.screenshot(path=str(artifacts / "quote-check.png"), full_page=True)

    page.goto(dossier_url)
    page.get_by_role("link", name="Printable report").click()
    page.emulate_media(media="print")
    expect(page.locator("article.report h1")).to_be_visible()
    expect(page.locator(".report-crumbs")).to_be_hidden()
    expect(page.locator(".report-primary")).to_have_text("Joint statement")
    page.screenshot(path=str(artifacts / "report-print.png"), full_page=True)


def test_coverage_page_fits_a_phone(page: Page, live_server: str, artifacts: Path) -> None:
    dossier_url = _create_dossier(page, live_server)
    _paste(page, dossier_url, PRIMARY, "Joint statement", primary=True)
    _paste(page, dossier_url, MISQUOTE, "Estmark Daily", primary=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{dossier_url}/coverage")
    expect(page.locator("tr.figures-row")).to_have_count(1)
    # Only the clause table may scroll sideways, inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "coverage-phone.png"), full_page=True)
