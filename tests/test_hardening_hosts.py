"""DNS rebinding: the server answers only to the host names in the trusted_hosts setting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

REBIND = "rebind.attacker.example:8000"


@pytest.fixture
def loopback(settings: Settings) -> Iterator[TestClient]:
    """A personal install on loopback with the default trusted_hosts."""
    defaults = Settings.model_fields["trusted_hosts"].default
    app = create_app(settings.model_copy(update={"trusted_hosts": defaults}))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


def test_a_rebound_host_cannot_create_or_read(loopback: TestClient) -> None:
    headers = {"Host": REBIND, "Origin": f"http://{REBIND}"}
    created = loopback.post("/api/dossiers", json={"title": "Rebound"}, headers=headers)
    assert created.status_code == 400
    assert "trusted_hosts" in created.json()["detail"]
    exported = loopback.get("/dossiers/1/export.json", headers=headers)
    assert exported.status_code == 400
    page = loopback.get("/", headers={"Host": REBIND})
    assert page.status_code == 400 and "COMMUNIQUE_TRUSTED_HOSTS" in page.text
    titles = [d["dossier"]["title"] for d in loopback.get("/index.json").json()["dossiers"]]
    assert "Rebound" not in titles


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"])
def test_loopback_names_are_answered(loopback: TestClient, host: str) -> None:
    assert loopback.get("/healthz", headers={"Host": host}).status_code == 200


def test_the_setting_adds_names_and_the_bound_host_counts(settings: Settings) -> None:
    extra = settings.model_copy(update={"trusted_hosts": "*.example.org", "host": "10.1.2.3"})
    with TestClient(create_app(extra), base_url="http://news.example.org") as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/healthz", headers={"Host": "10.1.2.3:8000"}).status_code == 200
        assert c.get("/healthz", headers={"Host": "example.org.evil"}).status_code == 400
        assert c.get("/healthz", headers={"Host": "127.0.0.1"}).status_code == 400
