"""Small things a reader sees in Chromium: the delete button is readable, matrix headers
break between words on a phone, the role pill and dates stay on one line."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"
PHONE = {"width": 390, "height": 844}


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _open_dossier(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_role("link", name=SEED_TITLE).click()
    expect(page.locator("h1")).to_have_text(SEED_TITLE)


def test_the_delete_source_button_has_enough_contrast(live_server: str, page: Page) -> None:
    _open_dossier(page, live_server)
    page.locator("a.source-link").first.click()
    button = page.get_by_role("link", name="Delete source")
    colours = button.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    assert _contrast(*colours) >= 4.5, colours


def test_every_chosen_filter_pill_is_readable(live_server: str, page: Page) -> None:
    # The chosen pill of each filter row ("All claims", a sort, a source) is light text on
    # dark: a more specific link rule once painted it dark on dark.
    _open_dossier(page, live_server)
    pills = page.locator("a.filter-link.active")
    expect(pills.first).to_be_visible()
    for colours in pills.evaluate_all(
        "els => els.map(el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor])"
    ):
        assert _contrast(*colours) >= 4.5, colours


def test_matrix_headers_break_between_words_on_a_phone(live_server: str, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _open_dossier(page, live_server)
    headers = page.locator("table.matrix th.source-col")
    expect(headers.first).to_be_visible()
    # Every word of a header must fit on one of its lines: measure the longest word alone
    # (a line may break after a hyphen, as text does anywhere).
    narrow = headers.evaluate_all(
        """ths => ths.filter(th => {
            const probe = document.createElement("span");
            probe.style.whiteSpace = "nowrap";
            th.appendChild(probe);
            const words = th.textContent.split(/\\s+|(?<=-)/).filter(Boolean);
            const widthOf = w => {
                probe.textContent = w;
                return probe.getBoundingClientRect().width;
            };
            const widest = Math.max(...words.map(widthOf));
            probe.remove();
            const style = getComputedStyle(th);
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            const inner = th.clientWidth - padding;
            return inner + 0.5 < widest;
        }).map(th => th.textContent)"""
    )
    assert narrow == []
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
def test_role_pill_and_dates_stay_on_one_line(
    live_server: str, browser: Browser, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    _open_dossier(page, live_server)
    pills = page.locator("table.sources .role")
    expect(pills.first).to_be_visible()
    heights = pills.evaluate_all(
        "els => els.map(el => [el.getClientRects().length, el.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(el).lineHeight) || 20])"
    )
    for rects, height, line in heights:
        assert rects == 1 and height < 2 * line, (rects, height, line)
    context.close()
