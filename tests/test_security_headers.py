"""Every response carries the security headers; the app's pages allow no inline script."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("path", ["/", "/index.json", "/dossiers/1", "/static/style.css", "/nope"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_pages_contain_no_inline_script(client: TestClient) -> None:
    from tests.html import soup

    for path in ("/", "/dossiers/1", "/sources/1", "/nope"):
        for script in soup(client.get(path).text).select("script"):
            assert script.get("src"), f"inline script on {path}"
            assert not script.get_text(strip=True)
