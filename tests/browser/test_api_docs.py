"""/docs and /redoc render the API's operations offline, from the app's own copies, under
the app's CSP (requests to any other host are aborted; CSP violations fail the test)."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser


def _offline(page: Page, live_server: str) -> list[str]:
    """Abort every request that leaves the live server; return what was tried and refused."""
    home = urlsplit(live_server).netloc
    outside: list[str] = []

    def only_local(route: Route) -> None:
        if urlsplit(route.request.url).netloc == home:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    return outside


def _csp_errors(page: Page) -> list[str]:
    """CSP violations, except ReDoc's sidebar logo from its CDN: blocking that image is the
    policy doing its job (ReDoc hides it on error), and nothing else needs it."""
    errors: list[str] = []

    def note(text: str) -> None:
        if "Content Security Policy" in text and "Loading the image 'https://" not in text:
            errors.append(text)

    page.on("console", lambda m: note(m.text))
    return errors


def _operations(live_server: str) -> list[str]:
    with urllib.request.urlopen(f"{live_server}/openapi.json") as response:
        paths = json.load(response)["paths"]
    return sorted(op["operationId"] for item in paths.values() for op in item.values())


def test_swagger_ui_renders_every_operation_offline(page: Page, live_server: str) -> None:
    outside, csp = _offline(page, live_server), _csp_errors(page)
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() == len(_operations(live_server))
    assert (
        page.locator(".opblock-summary-path", has_text="/api/dossiers/{dossier_id}/sources").count()
        >= 1
    )
    assert outside == [] and csp == []


def test_redoc_renders_the_operations_offline(page: Page, live_server: str) -> None:
    outside, csp = _offline(page, live_server), _csp_errors(page)
    page.goto(f"{live_server}/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=15000)
    sections = page.locator("[data-section-id^='operation/']").evaluate_all(
        "els => els.map(e => e.dataset.sectionId.split('/').pop())"
    )
    assert sorted(set(sections)) == _operations(live_server)
    assert outside == [] and csp == []
