"""`communique copy-db`: a team moving from SQLite copies its database into an empty one (the
run's database: PostgreSQL with COMMUNIQUE_TEST_DB=postgresql, else another SQLite file).
Every table arrives whole with its ids, new rows continue after the copied ids, search finds
sources and claim groups, and a non-empty target is refused with nothing written."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app import migrate
from app.cli import main
from app.commands.copy_db import _tables
from app.db import make_engine
from app.models import DossierCreate, SourceCreate
from app.models_accounts import Role, UserCreate
from app.services import accounts, dossiers, search, sources, user_sessions
from app.settings import Settings, get_settings
from app.web.app import create_app


def _filled_sqlite(tmp_path: Path, settings: Settings) -> str:
    """A SQLite database as a team leaves it: seeds compared, a user signed in, a deletion."""
    url = f"sqlite:///{tmp_path / 'team.db'}"
    team = settings.model_copy(update={"database_url": url})
    migrate.upgrade(team)
    with TestClient(create_app(team)) as client:
        dossier_id = client.get("/index.json").json()["dossiers"][0]["dossier"]["id"]
        assert client.get(f"/dossiers/{dossier_id}/compare.json").status_code == 200
    engine = make_engine(team)
    with Session(engine) as session:
        gone = dossiers.create_dossier(session, DossierCreate(title="Scratch"))
        assert gone.id is not None
        sources.import_source(session, gone.id, SourceCreate(text="A pelican landed."))
        session.delete(gone)  # leaves a gap in the ids
        session.commit()
        kept = dossiers.create_dossier(session, DossierCreate(title="Pelican watch"))
        assert kept.id is not None
        sources.import_source(session, kept.id, SourceCreate(text="A pelican flew off."))
        user = accounts.create_user(
            session, UserCreate(username="olga", password="correct horse battery", role=Role.admin)
        )
        assert user.id is not None
        user_sessions.start_session(session, user.id)
    engine.dispose()
    return url


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(get_settings(database_url=url))
    try:
        with engine.connect() as conn:
            return {
                t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key))]
                for t in _tables()
            }
    finally:
        engine.dispose()


def test_copy_keeps_every_row_and_id_and_search_works(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    source_url = _filled_sqlite(tmp_path, settings)
    before = _rows(source_url)
    result = CliRunner().invoke(main, ["copy-db", "--from", source_url, "--to", database_url])
    assert result.exit_code == 0, result.output
    after = _rows(database_url)
    assert after == before
    assert all(before[name] for name in ("dossier", "source", "segment", "comparison_run"))
    assert before["app_user"] and before["user_session"]
    assert f"Copied {sum(map(len, before.values())):,} rows" in result.output

    engine = make_engine(get_settings(database_url=database_url))
    with Session(engine) as session:
        highest = max(d.id or 0 for d in dossiers.list_all(session))
        fresh = dossiers.create_dossier(session, DossierCreate(title="After the move"))
        assert fresh.id == highest + 1
        hits = search.search(session, "pelican").hits
        assert [h.kind for h in hits] == ["source"]
        found = search.search(session, "astronauts")
        assert found.backend == "fts" and {h.kind for h in found.hits} >= {"source"}
        claims = [h for h in search.search(session, "terrorism", limit=200).hits]
        assert any(h.kind == "claim" for h in claims), "claim groups came across"
    engine.dispose()


def test_a_target_with_rows_is_refused_and_left_alone(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    source_url = _filled_sqlite(tmp_path, settings)
    engine = make_engine(get_settings(database_url=database_url))
    with Session(engine) as session:
        dossiers.create_dossier(session, DossierCreate(title="Already here"))
    engine.dispose()
    before = _rows(database_url)
    result = CliRunner().invoke(main, ["copy-db", "--from", source_url, "--to", database_url])
    assert result.exit_code != 0
    assert "not empty" in result.output and "dossier (1)" in result.output
    assert "nothing was copied" in result.output
    assert _rows(database_url) == before


def test_an_unreachable_target_gets_a_clear_error(tmp_path: Path, settings: Settings) -> None:
    source_url = _filled_sqlite(tmp_path, settings)
    target = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = CliRunner().invoke(main, ["copy-db", "--from", source_url, "--to", target])
    assert result.exit_code != 0
    assert "nothing was copied" in result.output
    engine = make_engine(get_settings(database_url=source_url))
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(_tables()[0])).scalar_one()
    engine.dispose()
    assert count > 0, "the source is untouched"
