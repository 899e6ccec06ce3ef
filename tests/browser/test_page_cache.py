"""In Chromium, two visitors of one server: pages come from the server's page cache, yet each
visitor's forms carry their own token and each sees the other's changes on the next visit."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_import import create_dossier

pytestmark = pytest.mark.browser


def _token(page: Page) -> str:
    headers = page.locator("body").get_attribute("hx-headers")
    assert headers is not None
    return str(json.loads(headers)["X-CSRF-Token"])


def test_two_visitors_get_their_own_forms_and_each_others_changes(
    browser: Browser, live_server: str
) -> None:
    first_context, second_context = browser.new_context(), browser.new_context()
    try:
        first, second = first_context.new_page(), second_context.new_page()
        first.goto(f"{live_server}/")
        second.goto(f"{live_server}/")  # the same page version: rendered once, shared
        assert _token(first) != _token(second)

        # The second visitor's form works although its page came from the cache...
        made = create_dossier(second, live_server)
        title = second.locator("h1").inner_text()
        # ...and the first visitor sees that dossier on the next visit.
        first.goto(f"{live_server}/")
        expect(first.get_by_role("link", name=title)).to_be_visible()
        first.goto(made)
        expect(first.locator("h1")).to_have_text(title)

        first.get_by_role("link", name="Edit dossier").click()
        first.get_by_label("Title").fill(f"{title} (renamed)")
        first.get_by_role("button", name="Save changes").click()
        expect(first.locator("h1")).to_have_text(f"{title} (renamed)")
        second.goto(made)
        expect(second.locator("h1")).to_have_text(f"{title} (renamed)")
        second.goto(f"{live_server}/")
        expect(second.get_by_role("link", name=f"{title} (renamed)")).to_be_visible()
    finally:
        first_context.close()
        second_context.close()
