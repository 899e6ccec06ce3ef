"""The rendered-page cache: repeat visits are served from memory, but never a stale page, never
another visitor's token or name, whatever process changed the database (runs on both)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import db_page_version
from app.cli import main
from app.models import ComparisonJob, DossierCreate, SourceCreate
from app.models_accounts import Role
from app.services import dossiers, sources
from app.settings import Settings
from app.web.app import create_app
from app.web.page_cache import PLACEHOLDER, PageCache
from tests.html import soup
from tests.test_accounts import add_user, sign_in

ARTICLE = (
    "The ministers met in Geneva on 4 March. They agreed to reopen the border crossing.\n\n"
    "Both sides will meet again in May to review the port agreement."
)
OTHER = (
    "Ministers met in Geneva on 4 March and agreed to reopen the crossing.\n\n"
    "A second round is planned for May, officials said."
)


@pytest.fixture
def quiet(settings: Settings) -> Settings:
    # Inline comparisons: a write is compared before the request returns, as a page expects.
    return settings.model_copy(update={"load_seeds": False, "comparison_worker": "inline"})


@pytest.fixture
def web(quiet: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(quiet)) as client:
        yield client


@pytest.fixture
def dossier_id(engine: Engine) -> int:
    with Session(engine) as session:
        made = dossiers.create_dossier(session, DossierCreate(title="Geneva talks"))
        assert made.id is not None
        sources.import_source(session, made.id, SourceCreate(text=ARTICLE, outlet="Daily"))
        sources.import_source(session, made.id, SourceCreate(text=OTHER, outlet="Wire"))
        return made.id


def _cache(client: TestClient) -> PageCache:
    cache: PageCache = client.app.state.page_cache  # type: ignore[attr-defined]
    return cache


def _version(engine: Engine) -> tuple[str, int]:
    with engine.connect() as conn:
        return db_page_version.read(conn)


def test_a_repeat_visit_is_served_from_the_cache_with_the_same_page(
    web: TestClient, dossier_id: int
) -> None:
    pages = ["/", f"/dossiers/{dossier_id}", f"/dossiers/{dossier_id}.json", "/search?q=Geneva"]
    web.get(f"/dossiers/{dossier_id}")  # inline mode: the first visit compares (a write)
    first = [web.get(p) for p in pages]
    hits = _cache(web).hits
    again = [web.get(p) for p in pages]
    assert _cache(web).hits == hits + len(pages)
    for one, two in zip(first, again, strict=True):
        assert one.status_code == two.status_code == 200
        assert one.content == two.content
        assert one.headers["content-type"] == two.headers["content-type"]
    assert first[2].json()["dossier"]["title"] == "Geneva talks"  # the twin is JSON, not HTML
    assert "Geneva talks" in first[1].text


def test_a_write_by_another_process_shows_on_the_next_visit(
    web: TestClient, engine: Engine, dossier_id: int
) -> None:
    assert "Geneva talks" in web.get("/").text
    assert "Geneva talks" in web.get(f"/dossiers/{dossier_id}").text
    # Raw SQL on another connection, as another worker or a script would write.
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE dossier SET title = 'Lausanne talks' WHERE id = :id"), {"id": dossier_id}
        )
    assert "Lausanne talks" in web.get("/").text
    assert "Lausanne talks" in web.get(f"/dossiers/{dossier_id}").text
    assert "Geneva talks" not in web.get(f"/dossiers/{dossier_id}").text


def test_a_new_source_shows_on_the_cached_dossier_and_search_pages(
    web: TestClient, engine: Engine, dossier_id: int
) -> None:
    assert web.get("/search.json?q=okapi").json()["count"] == 0
    before = web.get(f"/dossiers/{dossier_id}.json").json()
    with Session(engine) as session:
        sources.import_source(
            session, dossier_id, SourceCreate(text="An okapi was seen in Geneva on 4 March.")
        )
    assert web.get("/search.json?q=okapi").json()["count"] == 1
    after = web.get(f"/dossiers/{dossier_id}.json").json()
    assert len(after["sources"]) == len(before["sources"]) + 1


def _page_token(client: TestClient, path: str) -> str:
    """The token htmx sends from this page (``hx-headers`` on the body)."""
    body = soup(client.get(path).text).select_one("body")
    assert body is not None
    return str(json.loads(str(body["hx-headers"]))["X-CSRF-Token"])


def test_each_visitor_gets_their_own_token_and_it_works(quiet: Settings, dossier_id: int) -> None:
    app = create_app(quiet)
    with TestClient(app) as first, TestClient(app) as second:
        path = f"/dossiers/{dossier_id}"
        first.get(path)  # inline mode: the first visit compares (a write)
        mine, theirs = _page_token(first, path), _page_token(second, path)
        assert _cache(second).hits >= 1  # the second visitor's page came from the cache
        assert mine != theirs
        for client in (first, second):
            assert PLACEHOLDER not in client.get(path).text
        renamed = second.post(
            f"/dossiers/{dossier_id}/edit",
            data={"title": "Renamed by the second visitor", "csrf_token": theirs},
            follow_redirects=False,
        )
        assert renamed.status_code == 303
        assert "Renamed by the second visitor" in first.get(path).text


def test_signed_in_users_see_their_own_name_and_controls(
    quiet: Settings, session: Session, dossier_id: int
) -> None:
    add_user(session, "eve", Role.editor)
    add_user(session, "rob", Role.reader)
    app = create_app(quiet)
    with TestClient(app) as editor, TestClient(app) as reader:
        assert sign_in(editor, "eve") == 303
        assert sign_in(reader, "rob") == 303
        path = f"/dossiers/{dossier_id}/compare"
        eve, rob = soup(editor.get(path).text), soup(reader.get(path).text)
        assert "eve" in eve.select_one(".account-link").get_text()
        assert "rob" in rob.select_one(".account-link").get_text()
        assert eve.select(".review-btn.confirm")  # an editor may confirm a match
        assert not rob.select(".review-btn")


def test_reading_pages_does_not_move_the_version(
    quiet: Settings, session: Session, engine: Engine, dossier_id: int
) -> None:
    add_user(session, "rob", Role.reader)
    with TestClient(create_app(quiet)) as reader:
        assert sign_in(reader, "rob") == 303
        reader.get(f"/dossiers/{dossier_id}")
        version = _version(engine)
        for _ in range(3):
            assert reader.get(f"/dossiers/{dossier_id}").status_code == 200
            assert reader.get("/search?q=Geneva").status_code == 200
        assert _version(engine) == version


def test_a_job_lease_renewal_moves_nothing_but_its_state_moves_its_dossier(
    engine: Engine, dossier_id: int
) -> None:
    with Session(engine) as session:
        every, mine = _version(engine), _dossier_version(engine, dossier_id)
        job = ComparisonJob(dossier_id=dossier_id)
        session.add(job)
        session.commit()
        queued = _dossier_version(engine, dossier_id)
        assert queued[1] > mine[1]
        job.lease_until = job.created_at + timedelta(seconds=30)
        job.claimed_by = "worker-1"
        session.add(job)
        session.commit()
        assert _dossier_version(engine, dossier_id) == queued
        job.status = "running"
        session.add(job)
        session.commit()
        assert _dossier_version(engine, dossier_id)[1] > queued[1]
        # The home and search pages show no job state: their version stays.
        assert _version(engine) == every


def test_a_failed_write_moves_nothing(engine: Engine, dossier_id: int) -> None:
    version = _version(engine)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(text("UPDATE dossier SET title = 'Never' WHERE id = :id"), {"id": dossier_id})
        raise RuntimeError("the request failed after writing")
    assert _version(engine) == version


def test_no_cache_when_switched_off(quiet: Settings, dossier_id: int) -> None:
    with TestClient(create_app(quiet.model_copy(update={"page_cache_mb": 0}))) as client:
        assert "Geneva talks" in client.get(f"/dossiers/{dossier_id}").text
        assert "Geneva talks" in client.get(f"/dossiers/{dossier_id}").text
        assert _cache(client).hits == 0


@pytest.mark.sqlite_only
def test_a_restore_while_serving_shows_the_restored_data(
    web: TestClient, engine: Engine, settings: Settings, dossier_id: int, tmp_path: Path
) -> None:
    runner = CliRunner(env={"COMMUNIQUE_DATABASE_URL": settings.database_url})
    assert runner.invoke(main, ["backup", str(tmp_path / "snap.db")]).exit_code == 0
    before = _version(engine)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE dossier SET title = 'Changed later' WHERE id = :id"), {"id": dossier_id}
        )
    assert "Changed later" in web.get(f"/dossiers/{dossier_id}").text
    result = runner.invoke(main, ["restore", "--yes", str(tmp_path / "snap.db")])
    assert result.exit_code == 0, result.output
    assert _version(engine)[0] != before[0]  # a new epoch: nothing cached before is reused
    page = web.get(f"/dossiers/{dossier_id}").text
    assert "Geneva talks" in page and "Changed later" not in page
    # The counter starts again from the backup's: only the new epoch tells the pages apart.
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE dossier SET title = 'After the restore' WHERE id = :id"),
            {"id": dossier_id},
        )
    assert "After the restore" in web.get(f"/dossiers/{dossier_id}").text


def _dossier_version(engine: Engine, dossier_id: int) -> tuple[str, int, int]:
    with engine.connect() as conn:
        return db_page_version.read_dossier(conn, dossier_id)


def test_a_change_to_one_dossier_leaves_the_others_pages_cached(
    web: TestClient, engine: Engine, dossier_id: int
) -> None:
    with Session(engine) as session:
        other = dossiers.create_dossier(session, DossierCreate(title="Port talks")).id
        assert other is not None
        sources.import_source(session, other, SourceCreate(text=ARTICLE))
        sources.import_source(session, other, SourceCreate(text=OTHER))
    mine = [f"/dossiers/{dossier_id}", f"/dossiers/{dossier_id}/compare"]
    for path in mine * 2:  # inline mode: the first visit compares
        web.get(path)
    kept = _dossier_version(engine, dossier_id)
    with engine.begin() as conn:  # another process renames the other dossier
        conn.execute(
            text("UPDATE dossier SET title = 'Harbour talks' WHERE id = :id"), {"id": other}
        )
    assert _dossier_version(engine, dossier_id) == kept
    hits = _cache(web).hits
    assert all(web.get(p).status_code == 200 for p in mine)
    assert _cache(web).hits == hits + len(mine)  # still served from the cache
    assert "Harbour talks" in web.get("/").text  # the home page lists every dossier: fresh
    assert "Harbour talks" in web.get(f"/dossiers/{other}").text
    # A sentence edited in one source shows on its source page and its dossier's pages.
    first = web.get(f"/dossiers/{dossier_id}.json").json()["sources"][0]["source"]["id"]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE source SET title = 'Retitled report' WHERE id = :id"), {"id": first}
        )
    assert _dossier_version(engine, dossier_id)[1] > kept[1]
    assert "Retitled report" in web.get(f"/sources/{first}").text


def test_an_account_change_moves_every_dossiers_version(
    session: Session, engine: Engine, dossier_id: int
) -> None:
    add_user(session, "eve", Role.editor)
    before = _dossier_version(engine, dossier_id)
    with engine.begin() as conn:  # review decisions show their author's name
        conn.execute(text("UPDATE app_user SET username = 'evelyn' WHERE username = 'eve'"))
    after = _dossier_version(engine, dossier_id)
    assert after != before and after[1] == before[1]
