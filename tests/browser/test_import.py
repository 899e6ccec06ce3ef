"""In Chromium: create a dossier, import by paste and by HTML upload (preview, fix, save),
see the refusals, and do the same without JavaScript."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

_numbers = itertools.count(1)

PASTED = (
    "The river authority of Lower Tamsk opened the new flood gate on Friday, two weeks "
    "ahead of schedule. Engineers said the gate can hold back a spring surge of four metres.\n\n"
    "Farmers downstream welcomed the opening but asked for compensation for lost grazing land."
)
HTML_PAGE = """<!doctype html>
<html><head><title>Tamsk flood gate opens early | Valley Gazette</title>
<meta name="author" content="Oren Hale">
<meta property="article:published_time" content="2026-04-10T08:00:00Z">
</head><body>
<nav><a href="/">Front page</a> <a href="/markets">Markets</a></nav>
<article><h1>Tamsk flood gate opens early</h1>
<p>The new flood gate on the Tamsk river opened on Friday, a fortnight before the planned date,
the river authority said in a statement.</p>
<p>According to the engineers, the structure will hold back a spring surge of up to four metres
and protect about 3,000 homes in the lower valley.</p>
<p>Farmers' groups said they would seek compensation for grazing land lost to the works.</p>
</article>
<footer>Valley Gazette. Sign up for our morning briefing.</footer>
</body></html>
"""


def create_dossier(page: Page, base: str) -> str:
    """Create a dossier through the home page form; returns the dossier page's URL."""
    title = f"Tamsk flood gate {next(_numbers)}"
    page.goto(f"{base}/")
    page.get_by_label("Title (required)").fill(title)
    page.get_by_label("Event date").fill("2026-04-10")
    page.get_by_role("button", name="Create dossier").click()
    expect(page.locator("h1")).to_have_text(title)
    return page.url


def open_import(page: Page, dossier_url: str) -> None:
    page.goto(dossier_url)
    page.get_by_role("link", name="Import an article").click()
    expect(page.locator("h1")).to_have_text("Import an article")


def test_paste_preview_fix_and_save(page: Page, live_server: str) -> None:
    dossier_url = create_dossier(page, live_server)
    open_import(page, dossier_url)
    page.get_by_label("Paste the article text").fill(PASTED)
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("h1")).to_have_text("Check the article before saving")
    expect(page.locator("pre.extracted-text")).to_have_text(PASTED)
    page.get_by_label("Title").fill("Flood gate opens early")
    page.get_by_label("Outlet").fill("River Authority of Lower Tamsk")
    page.get_by_label("Published date").fill("2026-04-10")
    page.get_by_label("Primary").check()
    page.get_by_role("button", name="Save to the dossier").click()

    expect(page.locator("h1")).to_have_text("River Authority of Lower Tamsk")
    page.goto(dossier_url)
    expect(page.locator("a.source-link", has_text="River Authority of Lower Tamsk")).to_be_visible()


@pytest.fixture
def html_file(tmp_path: Path) -> Path:
    path = tmp_path / "tamsk-gate.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path


def test_html_upload_shows_the_extracted_text_and_metadata(
    page: Page, live_server: str, html_file: Path, artifacts: Path
) -> None:
    dossier_url = create_dossier(page, live_server)
    open_import(page, dossier_url)
    page.get_by_label("Upload a file").set_input_files(str(html_file))
    page.get_by_role("button", name="Preview").click()

    extracted = page.locator("pre.extracted-text")
    expect(extracted).to_contain_text("a fortnight before the planned date")
    expect(extracted).not_to_contain_text("Sign up for our morning briefing")
    expect(page.get_by_label("Author")).to_have_value("Oren Hale")
    expect(page.get_by_label("Published date")).to_have_value("2026-04-10")
    expect(page.get_by_label("Title")).to_have_value("Tamsk flood gate opens early")
    page.get_by_label("Outlet").fill("Valley Gazette")
    page.screenshot(path=str(artifacts / "import-preview-desktop.png"), full_page=True)

    page.get_by_role("button", name="Save to the dossier").click()
    expect(page.locator("h1")).to_have_text("Valley Gazette")
    page.goto(dossier_url)
    expect(page.locator("a.source-link", has_text="Valley Gazette")).to_be_visible()


def test_import_preview_at_phone_width(
    browser: Browser, live_server: str, html_file: Path, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_import(page, create_dossier(page, live_server))
        page.get_by_label("Upload a file").set_input_files(str(html_file))
        page.get_by_role("button", name="Preview").click()
        expect(page.locator("pre.extracted-text")).to_be_visible()
        # One column: nothing wider than the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        page.screenshot(path=str(artifacts / "import-preview-phone.png"), full_page=True)
    finally:
        context.close()


def test_an_empty_paste_shows_the_error_by_the_text_box(page: Page, live_server: str) -> None:
    open_import(page, create_dossier(page, live_server))
    page.get_by_label("Paste the article text").fill("   ")
    page.get_by_role("button", name="Preview").click()
    message = "The pasted text is empty: there is nothing to compare."
    expect(page.locator(".form-errors")).to_contain_text(message)
    expect(page.locator("#field-text-error")).to_contain_text(message)
    expect(page.get_by_label("Paste the article text")).to_have_attribute("aria-invalid", "true")


def test_a_bad_url_is_flagged_as_you_leave_the_field(page: Page, live_server: str) -> None:
    open_import(page, create_dossier(page, live_server))
    page.get_by_label("Paste the article text").fill(PASTED + " Inline check.")
    page.get_by_role("button", name="Preview").click()
    url = page.get_by_label("URL")
    url.fill("ftp://gazette.example/gate")
    url.press("Tab")
    expect(page.locator("#field-url-error")).to_have_text(
        "Error: The URL must start with http:// or https://."
    )
    url.fill("https://gazette.example/gate")
    url.press("Tab")
    expect(page.locator("#field-url-error")).to_have_text("")


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


def test_everything_works_without_javascript(no_js_page: Page, live_server: str) -> None:
    page = no_js_page
    dossier_url = create_dossier(page, live_server)
    open_import(page, dossier_url)
    page.get_by_label("Paste the article text").fill(PASTED + " Without scripts.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("h1")).to_have_text("Check the article before saving")
    page.get_by_label("URL").fill("gazette.example")
    page.get_by_role("button", name="Save to the dossier").click()
    expect(page.locator("#field-url-error")).to_contain_text("must start with http://")
    page.get_by_label("URL").fill("https://gazette.example/gate")
    page.get_by_label("Outlet").fill("No-script Gazette")
    page.get_by_role("button", name="Save to the dossier").click()
    expect(page.locator("h1")).to_have_text("No-script Gazette")
    page.get_by_role("link", name="Edit details").click()
    page.get_by_label("Outlet").fill("Valley Gazette (no script)")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("h1")).to_have_text("Valley Gazette (no script)")
    page.get_by_role("link", name="Delete source").click()
    expect(page.locator("h1")).to_have_text("Delete “Valley Gazette (no script)”?")
    page.get_by_role("button", name="Delete this source").click()
    assert page.url.startswith(dossier_url + "?trashed=source-")
    expect(page.locator("a.source-link")).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("h1")).to_have_text("Valley Gazette (no script)")
