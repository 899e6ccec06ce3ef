"""HTTP semantics found wrong by probing: HEAD, TRACE's Allow, errors of exports in their own
format, a source's ETag that If-Match takes back, and the API's 400s in OpenAPI."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

API = {"X-Requested-With": "tests"}


def _first_source(client: TestClient) -> int:
    return int(client.get("/dossiers/1.json").json()["sources"][0]["source"]["id"])


@pytest.mark.parametrize(
    "path",
    ["/", "/dossiers/1", "/sources/{sid}", "/search?q=talks", "/healthz", "/dossiers/1.json"],
)
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    path = path.replace("{sid}", str(_first_source(client)))
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) > 0


def test_a_refused_method_says_which_ones_are_allowed(client: TestClient) -> None:
    trace = client.request("TRACE", "/")
    assert trace.status_code == 405
    assert trace.headers["allow"] == "HEAD, GET"
    put = client.put(f"/api/sources/{_first_source(client)}", json={}, headers=API)
    assert put.status_code == 405
    assert put.headers["allow"] == "PATCH, DELETE"
    assert "PATCH, DELETE" in put.json()["detail"]


def test_a_missing_export_answers_in_the_format_asked_for(client: TestClient) -> None:
    as_csv = client.get("/dossiers/999/export.csv")
    assert as_csv.status_code == 404
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(as_csv.text))) == [["detail"], ["There is no dossier 999."]]
    as_md = client.get("/dossiers/999/export.md")
    assert as_md.status_code == 404
    assert as_md.headers["content-type"].startswith("text/markdown")
    assert as_md.text.startswith("# Error 404") and "There is no dossier 999." in as_md.text
    as_json = client.get("/dossiers/999/export.json")
    assert as_json.status_code == 404 and as_json.json()["detail"] == "There is no dossier 999."


def test_the_etag_of_a_sources_json_is_taken_by_if_match(client: TestClient) -> None:
    sid = _first_source(client)
    tag = client.get(f"/sources/{sid}.json").headers["etag"]
    edited = client.patch(
        f"/api/sources/{sid}", json={"outlet": "First edit"}, headers={**API, "If-Match": tag}
    )
    assert edited.status_code == 200, edited.text
    new_tag = client.get(f"/sources/{sid}.json").headers["etag"]
    assert new_tag == edited.headers["etag"] != tag
    stale = client.patch(
        f"/api/sources/{sid}", json={"outlet": "Stale edit"}, headers={**API, "If-Match": tag}
    )
    assert stale.status_code == 412
    anything = client.patch(
        f"/api/sources/{sid}", json={"outlet": "Any version"}, headers={**API, "If-Match": "*"}
    )
    assert anything.status_code == 200
    assert client.get(f"/sources/{sid}.json").json()["source"]["outlet"] == "Any version"


def test_the_apis_400s_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    operations = [op for item in paths.values() for op in item.values()]
    assert operations and all("400" in op["responses"] for op in operations)
    edit = paths["/api/sources/{source_id}"]["patch"]["responses"]["400"]["description"]
    assert "If-Match" in edit


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_load_only_local_pinned_copies(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "cdn." not in response.text and "https://" not in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', response.text):
        assert client.get(asset).status_code == 200, asset
