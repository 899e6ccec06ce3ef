"""Deleting asks first, moves to the trash, can be undone, and `communique purge` ends it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.cli import main
from app.models import Segment, Source
from app.services import trash
from app.settings import Settings
from tests.html import soup, texts

SEED = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"


def _token(client: TestClient, path: str) -> str:
    field = soup(client.get(path).text).select_one("input[name=csrf_token]")
    assert field is not None
    return str(field["value"])


def _titles(client: TestClient) -> list[str]:
    return [d["dossier"]["title"] for d in client.get("/index.json").json()["dossiers"]]


def _source_ids(client: TestClient) -> list[int]:
    return [s["source"]["id"] for s in client.get("/dossiers/1.json").json()["sources"]]


def test_deleting_a_source_asks_first_then_offers_undo(client: TestClient) -> None:
    confirm = soup(client.get("/sources/2/delete").text)
    assert "trash" in " ".join(texts(confirm, ".confirm-delete"))
    response = client.post(
        "/sources/2/delete", data={"csrf_token": _token(client, "/sources/2/delete")}
    )
    assert response.url.path == "/dossiers/1"
    page = soup(response.text)
    assert texts(page, ".undo-banner button") == ["Undo"]
    assert _source_ids(client) == [1]
    assert client.get("/sources/2").status_code == 404
    assert client.get("/search.json?q=astronauts").json()["count"] == 0

    undo = page.select_one(".undo-banner form")
    assert undo is not None
    restored = client.post(str(undo["action"]), data={"csrf_token": _token(client, "/trash")})
    assert restored.url.path == "/sources/2"
    assert _source_ids(client) == [1, 2]
    assert client.get("/search.json?q=astronauts").json()["count"] == 1


def test_a_trashed_source_drops_out_of_the_comparison_and_comes_back(client: TestClient) -> None:
    before = client.get("/dossiers/1.json").json()
    client.delete("/api/sources/2")
    alone = client.get("/dossiers/1.json").json()
    assert len(alone["sources"]) == 1
    client.post("/api/sources/2/restore", json={})
    after = client.get("/dossiers/1.json").json()
    assert {k: v for k, v in after.items() if k != "dossier"} == {
        k: v for k, v in before.items() if k != "dossier"
    }


def test_deleting_a_dossier_hides_it_everywhere_until_restored(client: TestClient) -> None:
    assert "Delete dossier" in texts(soup(client.get("/dossiers/1").text), ".dossier-actions a")
    token = _token(client, "/dossiers/1/delete")
    response = client.post("/dossiers/1/delete", data={"csrf_token": token})
    assert response.url.path == "/"
    assert SEED not in _titles(client)
    assert client.get("/dossiers/1").status_code == 404
    assert client.get("/sources/1").status_code == 404
    listed = soup(client.get("/trash").text)
    assert texts(listed, ".trash-dossier .trash-label") == [SEED]
    client.post("/trash/dossiers/1/restore", data={"csrf_token": _token(client, "/trash")})
    assert SEED in _titles(client)


def test_restarting_does_not_bring_back_a_deleted_seed_dossier(
    client: TestClient, settings: Settings
) -> None:
    client.delete("/api/dossiers/1")
    from app.web.app import create_app

    with TestClient(create_app(settings)) as restarted:
        assert SEED not in _titles(restarted)


def test_importing_a_text_that_is_in_the_trash_says_so(client: TestClient) -> None:
    text = client.get("/sources/2.json").json()["text"]
    client.delete("/api/sources/2")
    response = client.post("/api/dossiers/1/sources", json={"text": text})
    assert response.status_code == 409
    assert "trash" in response.json()["detail"]


def test_purge_removes_only_what_was_trashed_long_enough(
    client: TestClient, session: Session
) -> None:
    client.delete("/api/sources/2")
    assert trash.purge(session, timedelta(days=30)).sources == 0
    result = trash.purge(session, timedelta(0))
    assert (result.dossiers, result.sources) == (0, 1)
    session.expire_all()
    assert [s.id for s in session.exec(select(Source)).all()] == [1]
    assert all(seg.source_id == 1 for seg in session.exec(select(Segment)).all())


def test_purge_command(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.delete("/api/dossiers/1")
    monkeypatch.setenv("COMMUNIQUE_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(main, ["purge", "--older-than-days", "0", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Purged 1 dossier(s) and 0 source(s)." in result.output
    assert texts(soup(client.get("/trash").text), ".trash-dossier") == []
