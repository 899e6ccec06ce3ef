"""In Chromium, as an editor on a fresh copy of the seed dossier: review five pairs one at a
time by their named controls, see a sentence light up only its own partners, switch wording
differences on, split a claim, search for "7th" and open the hit at its sentence, and
download the CSV matrix. Each step's wall time goes to test-artifacts/review-walk.json
(figures for the report, not asserted)."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.settings import Settings
from tests.browser.test_background import threaded_server

pytestmark = pytest.mark.browser

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"
PARTNER = re.compile(r"\bis-partner\b")


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    with threaded_server(settings) as base:
        yield base


class Laps:
    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self.clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        self.steps[name] = round(time.perf_counter() - self.clock, 3)
        self.clock = time.perf_counter()


def _review_five_pairs(page: Page) -> None:
    """Confirm, reject, confirm, reject, confirm: each time the first pair still undecided."""
    for n in range(5):
        verb = "Confirm" if n % 2 == 0 else "Reject"
        target = page.get_by_role("button", name=re.compile(f"^{verb} match: ")).first
        name = str(target.get_attribute("aria-label"))
        both = name.split(": ", 1)[1]
        target.click()
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        if verb == "Confirm":
            undo = page.get_by_role("button", name=f"Undo ✓ confirmed: {both}", exact=True)
            expect(undo).to_be_visible()
    grid = page.locator(".compare-grid")
    expect(grid.locator(".review-badge.review-confirmed")).to_have_count(3)
    # a rejected pair falls apart into two rows, each naming the rejection
    expect(grid.locator(".review-badge.review-rejected")).to_have_count(4)


def _partners_of_one_sentence(page: Page) -> None:
    claim = page.locator('.crow.row-shared .cside.left .claim[data-partners*=":"]').first
    partners = str(claim.get_attribute("data-partners")).split()
    claim.focus()
    page.keyboard.press("Enter")
    lit = page.locator(".claim.is-partner")
    expect(lit).to_have_count(len(partners) + 1)
    for ref in partners:
        expect(page.locator(f'.claim[data-seg="{ref}"]')).to_have_class(PARTNER)


def test_review_walk(page: Page, server: str, artifacts: Path) -> None:
    lap = Laps()
    page.goto(f"{server}/")
    page.get_by_role("link", name=SEED_TITLE).click()
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.locator(".compare-grid")).to_be_visible()
    lap("open side by side")

    diff = page.locator(".compare-grid mark.hl-diff").first
    expect(diff).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    page.get_by_label("Show wording differences").check()
    expect(diff).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    assert "wording=1" in page.url
    lap("switch wording differences on")

    _partners_of_one_sentence(page)
    lap("highlight one sentence's partners")

    _review_five_pairs(page)
    lap("review five pairs")

    page.locator(".crow.row-shared a.claim-link").first.click()
    expect(page.locator("h1.claim-title")).to_be_visible()
    split = page.locator("form.split-form")
    kept = split.get_by_label("Keep").locator("option:checked").inner_text()
    off = split.get_by_label("Split off").locator("option:checked").inner_text()
    split.get_by_role("button", name="Split the claim").click()
    expect(page.locator(".claim-review .review-badge.review-split")).to_be_visible()
    members = page.locator(".claim-members").inner_text()
    assert kept.split(". ", 1)[1].rstrip("…")[:30] in members
    assert off.split(". ", 1)[1].rstrip("…")[:30] not in members
    lap("split a claim")

    page.get_by_label("Search all sources").fill("7th")
    page.get_by_label("Search all sources").press("Enter")
    hits = page.locator(".search-hit-source")
    expect(hits).to_have_count(2)
    expect(hits.first.locator(".search-snippet mark")).to_have_text("seventh")
    hits.first.locator(".search-hit-link").click()
    assert re.search(r"#s\d+$", page.url)
    target = page.locator(".seg-wrap:target")
    expect(target).to_contain_text("seventh")
    expect(target).to_be_in_viewport()
    lap("search '7th' and open the hit")

    page.goto(f"{server}/")
    page.get_by_role("link", name=SEED_TITLE).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV matrix").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text("utf-8"), newline="")))
    assert rows[0][:4] == ["row", "claim", "sources", "review"]
    assert any(r[0] == "claim" and "zero-tolerance" in " ".join(r[4:]) for r in rows)
    lap("export the CSV matrix")

    out = artifacts / "review-walk.json"
    out.write_text(json.dumps({"steps_seconds": lap.steps}, indent=2), encoding="utf-8")


def test_merge_two_claims_then_take_a_sentence_out(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    page.get_by_role("link", name=SEED_TITLE).click()
    page.locator("table.matrix .claim-label a").first.click()
    members = page.locator(".claim-members .claim")
    before = members.count()
    merge = page.locator("form.merge-form")
    merge.get_by_role("button", name="Merge the claims").click()
    expect(page.locator(".claim-review .review-badge.review-merged")).to_be_visible()
    merged = members.count()
    assert merged > before
    last = members.last
    taken = last.inner_text().removesuffix("in context").strip()
    page.get_by_role("button", name="Take out of this claim").last.click()
    expect(members).to_have_count(merged - 1)
    assert taken not in page.locator(".claim-members").inner_text()
