"""An editor reviews the seed comparison in Chromium: confirm, reject, link, then the audit.

The live server runs in personal mode (no accounts), where anyone on the machine may decide.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"


def _compare(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_role("link", name=SEED_TITLE).click()
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.locator(".compare-grid")).to_be_visible()


def test_confirm_reject_link_and_audit(live_server: str, page: Page, artifacts: Path) -> None:
    _compare(page, live_server)
    shared = page.locator(".crow.row-shared")
    before = shared.count()
    assert before >= 2

    first = shared.first
    first_text = first.locator(".cside.left .claim").first.inner_text()
    first.get_by_role("button", name="Confirm match").first.click()
    confirmed = page.locator(".crow.row-shared").filter(
        has=page.locator(".cside.left .claim", has_text=first_text[:40])
    )
    expect(confirmed.locator(".review-badge.review-confirmed")).to_contain_text("✓ confirmed")

    last = page.locator(".crow.row-shared").last
    rejected_left = last.locator(".cside.left .claim").first.inner_text()
    rejected_right = last.locator(".cside.right .claim").first.inner_text()
    last.get_by_role("button", name="Reject match").first.click()
    expect(page.locator(".review-badge.review-rejected").first).to_be_visible()
    for row in page.locator(".crow.row-shared").all():
        lefts = " ".join(row.locator(".cside.left .claim").all_inner_texts())
        rights = " ".join(row.locator(".cside.right .claim").all_inner_texts())
        assert not (rejected_left[:40] in lefts and rejected_right[:40] in rights)

    left = page.locator("#link-a")
    right = page.locator("#link-b")
    lone_left = page.locator(".crow.row-only-left .cside.left .claim").first.inner_text()
    lone_right = page.locator(".crow.row-only-right .cside.right .claim").first.inner_text()
    left.select_option(label=_option(left, lone_left))
    right.select_option(label=_option(right, lone_right))
    page.get_by_label("Why (optional)").fill("the same pledge in other words")
    page.get_by_role("button", name="Link", exact=True).click()
    manual = page.locator(".crow.row-shared", has=page.locator(".review-badge.review-manual"))
    expect(manual).to_have_count(1)
    expect(manual.locator(".match-kind")).to_have_text("linked by an editor")
    page.screenshot(path=str(artifacts / "review-compare-1280.png"), full_page=True)

    page.get_by_role("link", name=re.compile(r"Review decisions on these sources")).click()
    expect(page.locator("h1")).to_have_text("Review decisions")
    rows = page.locator("tr.audit-row")
    expect(rows).to_have_count(3)
    expect(rows.locator(".audit-action")).to_have_text(
        ["Linked", "Rejected the match", "Confirmed the match"]
    )
    expect(rows.nth(0).locator(".audit-note")).to_have_text("the same pledge in other words")
    expect(rows.locator(".audit-who")).to_have_text(["local user"] * 3)
    page.screenshot(path=str(artifacts / "review-audit-1280.png"), full_page=True)

    page.goto(page.url.replace("/audit", ""))
    expect(page.locator("a.audit-link")).to_have_text("Review decisions (3)")
    expect(page.locator("table.matrix .review-badge.review-manual")).not_to_have_count(0)

    for undo in ("Linked", "Rejected the match", "Confirmed the match"):
        page.goto(f"{page.url.split('/dossiers')[0]}/dossiers/1/audit")
        page.locator("tr.audit-row", has_text=undo).get_by_role("button", name="Undo").click()
    expect(page.locator("tr.audit-row")).to_have_count(0)


def _option(select: object, sentence: str) -> str:
    """The label of the option of ``select`` that starts like ``sentence``."""
    labels: list[str] = select.locator("option").all_inner_texts()  # type: ignore[attr-defined]
    words = " ".join(sentence.split()[:6])
    return next(label for label in labels if words in label)
