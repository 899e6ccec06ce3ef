"""The JSON API twins of the forms: create a dossier, import (JSON or upload), edit, delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.settings import Settings
from app.web.app import create_app
from tests.test_forms import ARTICLE, HTML_ARTICLE, OTHER_ARTICLE, counts


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    small = settings.model_copy(update={"load_seeds": False, "max_upload_bytes": 4096})
    # Scripts mark their calls with X-Requested-With, which a cross-site form cannot send.
    with TestClient(create_app(small), headers={"X-Requested-With": "tests"}) as c:
        yield c


def dossier(api: TestClient) -> int:
    response = api.post(
        "/api/dossiers", json={"title": "Northern pier", "event_date": "2026-03-04"}
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/dossiers/{body['id']}"
    return int(body["id"])


def imported(api: TestClient, dossier_id: int, **fields: object) -> dict[str, object]:
    response = api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": ARTICLE, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_create_dossier_and_refuse_a_blank_title(api: TestClient) -> None:
    dossier_id = dossier(api)
    assert api.get(f"/dossiers/{dossier_id}.json").json()["dossier"]["title"] == "Northern pier"
    refused = api.post("/api/dossiers", json={"title": "  "})
    assert refused.status_code == 422
    assert "title" in refused.json()["detail"]


def test_import_text_stores_it_with_its_metadata(api: TestClient) -> None:
    dossier_id = dossier(api)
    body = imported(
        api,
        dossier_id,
        title="Pier reopens",
        outlet="Celadon Courier",
        url="https://courier.example/pier",
        published_date="2026-03-04",
        language="en",
        role="primary",
    )
    assert body["characters"] == len(ARTICLE) and body["role"] == "primary"
    page = api.get(f"/sources/{body['id']}.json").json()
    assert page["text"] == ARTICLE and page["source"]["outlet"] == "Celadon Courier"
    assert len(api.get(f"/dossiers/{dossier_id}.json").json()["sources"]) == 1


@pytest.mark.parametrize(
    ("fields", "status", "expected"),
    [
        ({"text": "   "}, 422, "The pasted text is empty"),
        ({"text": ARTICLE, "url": "ftp://courier.example"}, 422, "http:// or https://"),
        ({"text": ARTICLE, "published_date": "2026-02-30"}, 422, "published_date"),
        ({"text": ARTICLE, "role": "rumour"}, 422, "role"),
        ({"text": "The pier reopens. " * 300}, 413, "the limit is 4,096 bytes"),
    ],
)
def test_import_text_refusals_store_nothing(
    api: TestClient, session: Session, fields: dict[str, str], status: int, expected: str
) -> None:
    dossier_id = dossier(api)
    before = counts(session)
    response = api.post(f"/api/dossiers/{dossier_id}/sources", json=fields)
    assert response.status_code == status
    assert expected in response.json()["detail"]
    assert counts(session) == before


def test_a_duplicate_names_the_existing_source(api: TestClient, session: Session) -> None:
    dossier_id = dossier(api)
    first = imported(api, dossier_id, title="First")
    before = counts(session)
    response = api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": ARTICLE})
    assert response.status_code == 409
    body = response.json()
    assert body["existing_source_id"] == first["id"]
    assert body["existing_source_url"] == f"/sources/{first['id']}"
    assert f"source {first['id']} (First)" in body["detail"]
    assert counts(session) == before


def test_import_into_a_missing_dossier_is_404(api: TestClient) -> None:
    response = api.post("/api/dossiers/999/sources", json={"text": ARTICLE})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no dossier 999."}


def test_upload_html_takes_metadata_from_the_page_unless_given(api: TestClient) -> None:
    dossier_id = dossier(api)
    response = api.post(
        f"/api/dossiers/{dossier_id}/sources/upload",
        files={"file": ("pier.html", HTML_ARTICLE.encode(), "text/html")},
        data={"outlet": "Celadon Courier", "role": "report"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert str(body["title"]).startswith("Pier to reopen in May")
    assert (body["author"], body["published_date"], body["outlet"]) == (
        "Ina Voss",
        "2026-03-04",
        "Celadon Courier",
    )
    assert body["media_type"] == "text/html" and body["filename"] == "pier.html"


@pytest.mark.parametrize(
    ("name", "data", "status", "expected"),
    [
        ("pier.odt", b"PK\x03\x04", 415, "unsupported file type"),
        ("pier.txt", "Malmö pier".encode("latin-1"), 422, "not valid UTF-8"),
        ("pier.txt", b"The pier. " * 500, 413, "the limit is 4,096 bytes"),
        ("pier.txt", b"", 422, "is empty"),
    ],
)
def test_upload_refusals_store_nothing(
    api: TestClient, session: Session, name: str, data: bytes, status: int, expected: str
) -> None:
    dossier_id = dossier(api)
    before = counts(session)
    response = api.post(
        f"/api/dossiers/{dossier_id}/sources/upload",
        files={"file": (name, data, "application/octet-stream")},
    )
    assert response.status_code == status
    assert expected in response.json()["detail"]
    assert counts(session) == before


def test_upload_with_a_bad_url_lists_the_error(api: TestClient, session: Session) -> None:
    dossier_id = dossier(api)
    before = counts(session)
    response = api.post(
        f"/api/dossiers/{dossier_id}/sources/upload",
        files={"file": ("pier.txt", OTHER_ARTICLE.encode(), "text/plain")},
        data={"url": "courier.example"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "url"
    assert counts(session) == before


def test_an_oversized_body_is_refused_from_its_declared_length(
    api: TestClient, session: Session
) -> None:
    dossier_id = dossier(api)
    before = counts(session)
    response = api.post(
        f"/api/dossiers/{dossier_id}/sources/upload",
        files={"file": ("big.txt", b"x" * 200_000, "text/plain")},
    )
    assert response.status_code == 413
    assert "4,096 bytes" in response.json()["detail"]
    assert counts(session) == before


def test_preview_extracts_without_saving(api: TestClient, session: Session) -> None:
    dossier_id = dossier(api)
    before = counts(session)
    response = api.post(
        f"/api/dossiers/{dossier_id}/sources/preview",
        files={"file": ("pier.html", HTML_ARTICLE.encode(), "text/html")},
    )
    assert response.status_code == 200
    body = response.json()
    assert "four months of repairs" in body["text"]
    assert body["metadata"]["author"] == "Ina Voss" and body["sentences"] >= 3
    assert counts(session) == before


def test_patch_edits_only_the_given_fields(api: TestClient) -> None:
    source = imported(api, dossier(api), title="Pier", outlet="Courier")
    response = api.patch(f"/api/sources/{source['id']}", json={"outlet": "Celadon Courier"})
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["outlet"]) == ("Pier", "Celadon Courier")
    assert body["updated_at"] > source["updated_at"]
    assert response.headers["etag"].strip('"') != source["updated_at"]
    cleared = api.patch(f"/api/sources/{source['id']}", json={"outlet": None})
    assert cleared.json()["outlet"] == ""


def test_patch_refuses_a_bad_url_and_changes_nothing(api: TestClient) -> None:
    source = imported(api, dossier(api), title="Pier")
    response = api.patch(f"/api/sources/{source['id']}", json={"url": "mailto:desk@x.example"})
    assert response.status_code == 422
    assert "http:// or https://" in response.json()["detail"]
    assert api.get(f"/sources/{source['id']}.json").json()["source"]["url"] == ""


def test_patch_with_a_stale_if_match_is_refused(api: TestClient) -> None:
    source = imported(api, dossier(api), title="Pier")
    version = f'"{source["updated_at"]}"'
    first = api.patch(
        f"/api/sources/{source['id']}", json={"title": "Theirs"}, headers={"If-Match": version}
    )
    assert first.status_code == 200
    second = api.patch(
        f"/api/sources/{source['id']}", json={"title": "Mine"}, headers={"If-Match": version}
    )
    assert second.status_code == 412
    assert second.json()["detail"].startswith("This source was changed by someone else")
    assert api.get(f"/sources/{source['id']}.json").json()["source"]["title"] == "Theirs"
    third = api.patch(
        f"/api/sources/{source['id']}",
        json={"title": "Mine"},
        headers={"If-Match": first.headers["etag"]},
    )
    assert third.status_code == 200 and third.json()["title"] == "Mine"


def test_patch_and_delete_of_a_missing_source_are_404(api: TestClient) -> None:
    assert api.patch("/api/sources/999", json={"title": "x"}).status_code == 404
    assert api.delete("/api/sources/999").status_code == 404


def test_delete_moves_the_source_to_the_trash(api: TestClient, session: Session) -> None:
    dossier_id = dossier(api)
    source = imported(api, dossier_id)
    before = counts(session)
    response = api.delete(f"/api/sources/{source['id']}")
    assert response.status_code == 204 and response.content == b""
    assert api.get(f"/sources/{source['id']}.json").status_code == 404
    assert api.get(f"/dossiers/{dossier_id}.json").json()["sources"] == []
    # Nothing is lost until the trash is purged: the rows are all still there.
    assert counts(session) == before
    assert [s["id"] for s in api.get("/trash.json").json()["sources"]] == [source["id"]]


def test_openapi_documents_the_api(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert "post" in paths["/api/dossiers"]
    assert "post" in paths["/api/dossiers/{dossier_id}/sources"]
    assert "post" in paths["/api/dossiers/{dossier_id}/sources/upload"]
    assert "post" in paths["/api/dossiers/{dossier_id}/sources/preview"]
    assert {"patch", "delete"} <= set(paths["/api/sources/{source_id}"])
    for twin in ("/dossiers/{dossier_id}/import.json", "/sources/{source_id}/edit.json"):
        assert twin in paths
    body = paths["/api/dossiers/{dossier_id}/sources"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = api.get("/openapi.json").json()["components"]["schemas"][schema]["properties"]
    assert {"text", "title", "outlet", "url", "published_date", "language", "role"} <= set(
        properties
    )


def test_a_multipart_upload_without_any_csrf_proof_is_refused(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"load_seeds": False}))) as bare:
        dossier_id = bare.post("/api/dossiers", json={"title": "Pier"}).json()["id"]
        response = bare.post(
            f"/api/dossiers/{dossier_id}/sources/upload",
            files={"file": ("pier.txt", OTHER_ARTICLE.encode(), "text/plain")},
        )
        assert response.status_code == 403
        assert "security token" in response.json()["detail"]
        assert bare.get(f"/dossiers/{dossier_id}.json").json()["sources"] == []
