"""Bodies found by probing: lone surrogates, NUL characters and bytes that are not UTF-8 are
refused with 422 naming the field; a UTF-16 file is read; an endless chunked body gets 413
without being read past the limit."""

from __future__ import annotations

import asyncio
import codecs
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from app.services.imports import request_limit
from app.settings import Settings
from tests.test_accounts import csrf_from

JSON = {"Content-Type": "application/json"}


def _titles(client: TestClient) -> list[str]:
    return [d["dossier"]["title"] for d in client.get("/index.json").json()["dossiers"]]


def _source_count(client: TestClient) -> int:
    return len(client.get("/dossiers/1.json").json()["sources"])


@pytest.mark.parametrize(
    ("path", "raw", "field"),
    [
        ("/api/dossiers/1/sources", rb'{"text": "Lone \ud800 x.", "outlet": "X"}', "text"),
        ("/api/dossiers/1/sources", rb'{"text": "Fine.", "outlet": "A \udfff"}', "outlet"),
        ("/api/dossiers", rb'{"title": "Lone \udbff"}', "title"),
        ("/api/dossiers/1/sources", rb'{"text": "Nul \u0000 here."}', "text"),
        ("/api/dossiers", rb'{"title": "Nul\u0000title"}', "title"),
    ],
)
def test_json_text_no_field_may_hold_is_refused_naming_the_field(
    client: TestClient, path: str, raw: bytes, field: str
) -> None:
    before = (_source_count(client), _titles(client))
    response = client.post(path, content=raw, headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{field}: contains a ")
    assert (_source_count(client), _titles(client)) == before


def test_nul_in_a_pasted_text_or_title_form_is_refused(client: TestClient) -> None:
    token = csrf_from(client)
    titled = client.post("/dossiers", data={"title": "Nul\x00title", "csrf_token": token})
    assert titled.status_code == 422 and "title: contains a NUL character" in titled.text
    pasted = client.post(
        "/dossiers/1/import",
        data={"text": "A pasted\x00 text.", "step": "preview", "csrf_token": token},
    )
    assert pasted.status_code == 422 and "text: contains a NUL character" in pasted.text
    assert "Nul\x00title" not in _titles(client)


def test_a_form_field_that_is_not_utf8_is_refused_not_replaced(client: TestClient) -> None:
    token = csrf_from(client)
    body = f"title=Caf%E9+talks&csrf_token={token}".encode()
    response = client.post(
        "/dossiers", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 422
    assert "title: is not valid UTF-8 (bad byte at position 3)" in response.text
    assert not [t for t in _titles(client) if t.startswith("Caf")]


def test_a_multipart_field_that_is_not_utf8_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/dossiers/1/sources/upload",
        files={"file": ("a.txt", b"Ministers met on Monday.", "text/plain")},
        data={"outlet": "Le Caf\xe9".encode("latin-1")},  # type: ignore[dict-item]
        headers={"X-Requested-With": "tests"},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("outlet: is not valid UTF-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_text_file_with_a_bom_is_decoded(client: TestClient, codec: str) -> None:
    text = "Négociateurs réunis à Genève lundi.\nLes délégués ont signé l'accord."
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    response = client.post(
        "/api/dossiers/1/sources/upload",
        files={"file": ("geneva.txt", bom + text.encode(codec), "text/plain")},
        headers={"X-Requested-With": "tests"},
    )
    assert response.status_code == 201, response.text
    stored = client.get(f"/sources/{response.json()['id']}.json").json()["text"]
    assert stored == text


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/dossiers/1/sources", "application/json"),
        ("/api/dossiers/1/sources/upload", "multipart/form-data; boundary=xyz"),
    ],
)
def test_an_endless_chunked_body_gets_413_without_being_read_past_the_limit(
    client: TestClient, settings: Settings, path: str, content_type: str
) -> None:
    chunk = b"x" * 65536
    total = 50 * 1024 * 1024
    pulled = 0
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        nonlocal pulled
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": pulled < total}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", content_type.encode()),
            (b"transfer-encoding", b"chunked"),
            (b"x-requested-with", b"tests"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "state": {},
    }
    # A thread of its own: Playwright's sync API may have left a loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, client.app(scope, receive, send)).result()  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")  # type: ignore[misc]
    assert start["status"] == 413
    assert f"the limit is {settings.max_upload_bytes:,} bytes".encode() in body
    assert pulled <= request_limit(settings.max_upload_bytes) + len(chunk)
