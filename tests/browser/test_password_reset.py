"""An admin resets an editor's password in Chromium: the page shows a temporary password
once, the editor's open sign-in ends, and the temporary password signs her in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.live import running_server

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def team_server(tmp_path: Path) -> Iterator[str]:
    """A server of its own (the shared one stays in personal mode) with an admin and an editor."""
    env = {
        **os.environ,
        "COMMUNIQUE_DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}",
        "COMMUNIQUE_LOAD_SEEDS": "false",
    }
    with running_server(tmp_path, COMMUNIQUE_LOAD_SEEDS="false") as url:
        for name, role in (("ada", "admin"), ("eve", "editor")):
            subprocess.run(
                [sys.executable, "-m", "app.cli", "user", "create", name, "--role", role]
                + ["--password-stdin"],
                input=f"{PASSWORD}\n",
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        yield url


def _sign_in(browser: Browser, url: str, name: str, password: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/")
    return page


def test_an_admin_resets_a_password_and_hands_over_a_temporary_one(
    browser: Browser, team_server: str
) -> None:
    eve = _sign_in(browser, team_server, "eve", PASSWORD)
    ada = _sign_in(browser, team_server, "ada", PASSWORD)
    ada.goto(f"{team_server}/admin/users")
    row = ada.locator("tr.user-row", has_text="eve")
    row.get_by_role("button", name="Reset password").click()
    expect(ada.get_by_role("status")).to_contain_text("password of eve was reset")
    temporary = ada.locator("#temporary-password").inner_text().strip()
    assert len(temporary) >= 16
    eve.goto(f"{team_server}/account")
    expect(eve).to_have_url(re.compile(r"/login\?next=%2Faccount$"))  # her sign-in ended
    again = _sign_in(browser, team_server, "eve", temporary)
    again.goto(f"{team_server}/account")
    expect(again.locator("body")).to_contain_text("eve")
