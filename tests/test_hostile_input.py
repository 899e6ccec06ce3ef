"""Bad input through the API: over-long fields are refused (never truncated), dates and URLs
are validated, and cookies are Secure over HTTPS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.models import TITLE_MAX
from app.settings import Settings
from app.web.app import create_app

ARTICLE = "Delegates met in the harbour town on Monday. They signed a grain agreement.\n"


def _sources(client: TestClient) -> int:
    return len(client.get("/dossiers/1.json").json()["sources"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * (TITLE_MAX + 1), "at most 300 characters"),
        ("outlet", "O" * (TITLE_MAX + 1), "at most 300 characters"),
        ("url", "ftp://files.example/a.txt", "http:// or https://"),
        ("url", "javascript:alert(1)", "http:// or https://"),
        ("published_date", "2026-02-30", "date"),
        ("published_date", "yesterday", "date"),
        ("role", "owner", "primary"),
    ],
)
def test_bad_metadata_is_refused_whole(
    client: TestClient, field: str, value: str, message: str
) -> None:
    before = _sources(client)
    response = client.post("/api/dossiers/1/sources", json={"text": ARTICLE, field: value})
    assert response.status_code == 422
    assert message in str(response.json())
    assert _sources(client) == before


def test_a_title_at_the_limit_is_kept_whole(client: TestClient) -> None:
    title = "T" * TITLE_MAX
    response = client.post("/api/dossiers/1/sources", json={"text": ARTICLE, "title": title})
    assert response.status_code == 201
    assert response.json()["title"] == title


def test_session_cookies_are_secure_over_https(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        cookie = client.get("/").headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
