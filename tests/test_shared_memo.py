"""No stale page after another process changed the dossier: the in-process memos (parsed
comparisons, coverage, page views and fragments) are keyed on what each request reads from the
database (content hash, every metadata field shown, review version), never invalidated by a
hook of the process that wrote. So a change made through one app, or straight in the database,
shows at once through another app on the same database, and through another server process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.settings import Settings
from app.web.app import create_app
from tests.live import running_server

HEADERS = {"X-Requested-With": "tests"}
ARTICLES = [
    "The ministers met in Oslo on Tuesday and signed a fishing accord for ten years.",
    "Ministers signed a ten-year fishing accord in Oslo on Tuesday. Talks lasted six hours.",
    "In Oslo the ministers signed a fishing accord for twelve years on Tuesday.",
]


@pytest.fixture
def two_apps(settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    quiet = settings.model_copy(update={"load_seeds": False})
    with (
        TestClient(create_app(quiet), headers=HEADERS) as writer,
        TestClient(create_app(quiet), headers=HEADERS) as reader,
    ):
        yield writer, reader


def make_dossier(client: TestClient | httpx.Client, texts: list[str]) -> tuple[int, list[int]]:
    made = client.post("/api/dossiers", json={"title": "Fishing accord"})
    assert made.status_code == 201, made.text
    dossier_id = int(made.json()["id"])
    ids = []
    for body in texts:
        added = client.post(f"/api/dossiers/{dossier_id}/sources", json={"text": body})
        assert added.status_code == 201, added.text
        ids.append(int(added.json()["id"]))
    return dossier_id, ids


def pages(client: TestClient, dossier_id: int, ids: list[int]) -> dict[str, Any]:
    """Every memoised page of the dossier, as the reader's process renders it."""
    dossier = client.get(f"/dossiers/{dossier_id}.json").json()
    return {
        "dossier": dossier,
        "html": client.get(f"/dossiers/{dossier_id}").text,
        "compare": client.get(f"/dossiers/{dossier_id}/compare?a={ids[0]}&b={ids[1]}").text,
        "source": client.get(f"/sources/{ids[0]}").text,
    }


def test_a_change_through_one_app_shows_through_the_other(
    two_apps: tuple[TestClient, TestClient],
) -> None:
    writer, reader = two_apps
    dossier_id, ids = make_dossier(writer, ARTICLES[:2])
    before = pages(reader, dossier_id, ids)  # warms the reader's memos
    assert len(before["dossier"]["sources"]) == 2

    third = writer.post(f"/api/dossiers/{dossier_id}/sources", json={"text": ARTICLES[2]})
    assert third.status_code == 201
    after = pages(reader, dossier_id, ids)
    assert len(after["dossier"]["sources"]) == 3
    assert (
        "twelve years" in after["html"]
        and after["dossier"]["claims"] != before["dossier"]["claims"]
    )

    edited = writer.patch(f"/api/sources/{ids[0]}", json={"outlet": "Nordic Wire"})
    assert edited.status_code == 200
    renamed = writer.patch(f"/api/dossiers/{dossier_id}", json={"title": "Oslo fishing accord"})
    assert renamed.status_code == 200
    shown = pages(reader, dossier_id, ids)
    for page in ("html", "compare", "source"):
        assert "Nordic Wire" in shown[page], page
    assert "Oslo fishing accord" in shown["html"]

    assert writer.delete(f"/api/sources/{int(third.json()['id'])}").status_code == 204
    trashed = pages(reader, dossier_id, ids)
    assert len(trashed["dossier"]["sources"]) == 2 and "twelve years" not in trashed["html"]


def test_a_change_straight_in_the_database_shows_at_once(
    two_apps: tuple[TestClient, TestClient], engine: Engine
) -> None:
    """What another process (a worker, a script) does: no hook of this process sees it."""
    _, reader = two_apps
    dossier_id, ids = make_dossier(reader, ARTICLES[:2])
    assert "Baltic Post" not in pages(reader, dossier_id, ids)["compare"]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE source SET outlet = 'Baltic Post' WHERE id = :id"), {"id": ids[1]}
        )
    assert "Baltic Post" in pages(reader, dossier_id, ids)["compare"]


def test_two_server_processes_on_one_database_never_show_a_stale_page_as_current(
    tmp_path: Path,
) -> None:
    """Two real servers (each with its background worker thread) on one SQLite file: after a
    change through the first, the second shows the old result only marked out of date."""
    shared = {"COMMUNIQUE_LOAD_SEEDS": "false", "COMMUNIQUE_WORKER_POLL_SECONDS": "0.2"}
    with running_server(tmp_path, **shared) as first_url:
        url = f"sqlite:///{tmp_path / 'live.db'}"
        second_dir = tmp_path / "second"
        second_dir.mkdir()
        with (
            running_server(second_dir, COMMUNIQUE_DATABASE_URL=url, **shared) as second_url,
            httpx.Client(base_url=first_url, headers=HEADERS, timeout=30) as first,
            httpx.Client(base_url=second_url, headers=HEADERS, timeout=30) as second,
        ):
            dossier_id, _ = make_dossier(first, ARTICLES[:2])
            current = _wait_current(second, dossier_id)
            assert len(current["sources"]) == 2
            added = first.post(f"/api/dossiers/{dossier_id}/sources", json={"text": ARTICLES[2]})
            assert added.status_code == 201
            seen = second.get(f"/dossiers/{dossier_id}.json").json()
            assert len(seen["sources"]) == 3 or seen["comparison"]["stale"] is True
            assert len(_wait_current(second, dossier_id)["sources"]) == 3


def _wait_current(client: httpx.Client, dossier_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page: dict[str, Any] = client.get(f"/dossiers/{dossier_id}.json").json()
        if page["comparison"]["state"] == "current":
            return page
        time.sleep(0.1)
    raise AssertionError(f"dossier {dossier_id} never became current: {page['comparison']}")
