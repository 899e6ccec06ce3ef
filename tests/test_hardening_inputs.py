"""Inputs found by probing that crashed or got the wrong status: Unicode digits in ids, a
review of a trashed source."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.test_accounts import csrf_from


def _source_ids(client: TestClient) -> list[int]:
    return [s["source"]["id"] for s in client.get("/dossiers/1.json").json()["sources"]]


@pytest.fixture
def lenient(client: TestClient) -> TestClient:
    """The same app, answering a crash with 500 instead of raising it into the test."""
    return TestClient(client.app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    "form",
    [
        {"op": "verify", "a": "²:0"},
        {"op": "verify", "a": "{sid}:²"},
        {"op": "verify", "a": "{sid}:٣"},
        {"do": "undo ²"},
        {"do": "undo ١٢"},
    ],
)
def test_unicode_digits_in_review_refs_are_refused_not_crashed(
    client: TestClient, lenient: TestClient, form: dict[str, str]
) -> None:
    sid = _source_ids(client)[0]
    data = {k: v.replace("{sid}", str(sid)) for k, v in form.items()}
    data["csrf_token"] = csrf_from(client, "/")
    lenient.cookies = client.cookies  # the browser whose form token this is
    response = lenient.post("/dossiers/1/review", data=data)
    assert response.status_code in (404, 422), response.text[:300]
    assert len(client.get("/dossiers/1/audit.json").json()["decisions"]) == 0


def test_no_review_decision_on_a_trashed_source(client: TestClient) -> None:
    sid = _source_ids(client)[0]
    text = client.get(f"/sources/{sid}.json").json()["text"]
    token = csrf_from(client, f"/sources/{sid}/delete")
    client.post(f"/sources/{sid}/delete", data={"csrf_token": token})
    assert sid not in _source_ids(client)
    body = {
        "kind": "claim",
        "action": "verify",
        "a": {"source_id": sid, "start": 0, "end": text.index(" ")},
    }
    response = client.post("/api/dossiers/1/decisions", json=body)
    assert response.status_code == 409
    assert "trash" in response.json()["detail"]
    assert client.get("/dossiers/1/audit.json").json()["decisions"] == []
