"""40 parallel wrong passwords for one user from one client, against a real server with two
workers: exactly the throttle's limit of them is checked (401), the rest are refused (429),
and none fails (the old read-then-write throttle checked 30 and gave ten 500s)."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.db import make_engine, session_scope
from app.models_accounts import Role, UserCreate
from app.services import accounts
from app.settings import get_settings
from tests.live import running_server
from tests.robustness import record

pytestmark = pytest.mark.slow
ATTEMPTS = 40


def _login_form(url: str) -> tuple[str, str]:
    """The cookies and CSRF token a browser gets from the sign-in page."""
    with urllib.request.urlopen(f"{url}/login", timeout=30) as response:
        cookies = "; ".join(
            c.split(";", 1)[0] for c in response.headers.get_all("set-cookie") or []
        )
        html = response.read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token is not None
    return cookies, token.group(1)


def _attempt(url: str, cookies: str, token: str) -> int:
    body = urllib.parse.urlencode(
        {"username": "eve", "password": "wrong password!", "csrf_token": token}
    ).encode()
    request = urllib.request.Request(
        f"{url}/login",
        data=body,
        headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_parallel_wrong_passwords_check_exactly_the_limit(
    tmp_path: Path, database_url: str
) -> None:
    with running_server(
        tmp_path, workers=2, database_url=database_url, COMMUNIQUE_LOAD_SEEDS="false"
    ) as url:
        engine = make_engine(get_settings(database_url=database_url))
        with session_scope(engine) as session:
            data = UserCreate(username="eve", password="correct horse battery", role=Role.editor)
            accounts.create_user(session, data)
        engine.dispose()
        cookies, token = _login_form(url)
        with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
            statuses = list(pool.map(lambda _: _attempt(url, cookies, token), range(ATTEMPTS)))
    checked = statuses.count(401)
    assert checked == accounts.MAX_FAILURES, statuses
    assert statuses.count(429) == ATTEMPTS - accounts.MAX_FAILURES, statuses
    record("parallel_login_attempts", ATTEMPTS)
    record("parallel_login_checked", checked)
