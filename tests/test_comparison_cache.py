"""The comparison is computed once per dossier content and reused until the content changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.models import ComparisonRun, DossierCreate, Source, SourceCreate
from app.services import comparisons, dossiers, sources

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"
NEW_TEXT = (
    "Pakistani astronauts will train at the Chinese space station next year, officials said. "
    "The foreign ministers met in Beijing on 4 January."
)


class EngineCounter:
    """Wraps the service's engine entry point and counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._real = comparisons.run_engine
        monkeypatch.setattr(comparisons, "run_engine", self)

    def __call__(self, texts: Sequence[str], names: Sequence[str]) -> dict[str, Any]:
        self.calls += 1
        return self._real(texts, names)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> EngineCounter:
    comparisons.clear_memo()
    return EngineCounter(monkeypatch)


def _seed_url(client: TestClient) -> str:
    data = client.get("/index.json").json()
    return str(next(d["url"] for d in data["dossiers"] if d["dossier"]["title"] == SEED_TITLE))


def _runs(session: Session) -> list[ComparisonRun]:
    session.expire_all()
    return list(session.exec(select(ComparisonRun)).all())


def test_second_page_load_does_not_run_the_engine(
    client: TestClient, session: Session, counter: EngineCounter
) -> None:
    url = _seed_url(client)
    first = client.get(f"{url}.json").json()
    assert counter.calls == 1
    (run,) = _runs(session)
    assert run.input_hash and run.engine_version
    again = client.get(f"{url}.json").json()
    client.get(url)
    client.get(f"{url}/compare")
    client.get(first["claims"][0]["url"])
    client.get(first["sources"][0]["url"])
    assert counter.calls == 1
    assert again == first


def test_the_stored_run_is_reused_after_a_restart(
    client: TestClient, session: Session, counter: EngineCounter
) -> None:
    url = _seed_url(client)
    client.get(url)
    comparisons.clear_memo()  # a fresh worker process has an empty memo
    client.get(url)
    assert counter.calls == 1
    assert len(_runs(session)) == 1


def test_importing_a_source_changes_the_result(
    client: TestClient, session: Session, counter: EngineCounter
) -> None:
    url = _seed_url(client)
    before = client.get(f"{url}.json").json()
    old_hash = _runs(session)[0].input_hash
    dossier_id = before["dossier"]["id"]
    sources.import_source(session, dossier_id, SourceCreate(text=NEW_TEXT, filename="new.txt"))
    after = client.get(f"{url}.json").json()
    assert counter.calls == 2
    assert [s["label"] for s in after["sources"]] == [
        *[s["label"] for s in before["sources"]],
        "new",
    ]
    assert len(after["chart"]["bars"]) == 3
    (run,) = _runs(session)
    assert run.input_hash != old_hash
    client.get(f"{url}.json")
    assert counter.calls == 2


def test_deleting_or_changing_a_text_recomputes(
    client: TestClient, session: Session, counter: EngineCounter
) -> None:
    url = _seed_url(client)
    client.get(url)
    dossier_id = client.get(f"{url}.json").json()["dossier"]["id"]
    first, second = sources.list_sources(session, dossier_id)
    session.execute(
        update(Source).where(col(Source.id) == second.id).values(text=second.text + " Extra.")
    )
    session.commit()
    client.get(url)
    assert counter.calls == 2
    session.delete(session.get(Source, first.id))
    session.commit()
    data = client.get(f"{url}.json").json()
    assert counter.calls == 3
    assert len(data["sources"]) == 1 and data["conflicts"] == []
    assert all(row["only_in"] for row in data["claims"])


def test_metadata_edits_show_without_running_the_engine(
    client: TestClient, session: Session, counter: EngineCounter
) -> None:
    url = _seed_url(client)
    client.get(url)
    dossier_id = client.get(f"{url}.json").json()["dossier"]["id"]
    first = sources.list_sources(session, dossier_id)[0]
    session.execute(update(Source).where(col(Source.id) == first.id).values(outlet="Dawn"))
    session.commit()
    data = client.get(f"{url}.json").json()
    assert data["sources"][0]["label"] == "Dawn"
    assert counter.calls == 1


def test_refresh_stores_the_run_for_the_forms(session: Session, counter: EngineCounter) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Two notes"))
    assert dossier.id is not None
    for n, text in enumerate(["The talks began in Oslo.", "The talks began in Oslo on Monday."]):
        sources.import_source(session, dossier.id, SourceCreate(text=text, filename=f"{n}.txt"))
    result = comparisons.refresh(session, dossier.id)
    assert counter.calls == 1
    assert result.analysis.source_count == 2
    assert [r.input_hash for r in _runs(session)] == [result.input_hash]
    comparisons.dossier_comparison(session, dossier.id)
    assert counter.calls == 1


def test_input_hash_depends_on_engine_version_ids_and_texts(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = Source(id=1, dossier_id=1, original=b"", text="One.", sha256="x")
    b = Source(id=2, dossier_id=1, original=b"", text="Two.", sha256="y")
    base = comparisons.input_hash([a, b])
    assert comparisons.input_hash([a, b]) == base
    assert comparisons.input_hash([b, a]) != base
    changed = Source(id=2, dossier_id=1, original=b"", text="Two!", sha256="y")
    assert comparisons.input_hash([a, changed]) != base
    monkeypatch.setattr(comparisons, "ENGINE_VERSION", "99")
    assert comparisons.input_hash([a, b]) != base


def test_content_that_comes_back_is_stored_again(
    client: TestClient, session: Session, counter: EngineCounter
) -> None:
    url = _seed_url(client)
    dossier_id = client.get(f"{url}.json").json()["dossier"]["id"]
    original = _runs(session)[0].input_hash
    added = sources.import_source(session, dossier_id, SourceCreate(text=NEW_TEXT, filename="n"))
    client.get(url)
    session.delete(session.get(Source, added.id))
    session.commit()
    client.get(url)
    assert [r.input_hash for r in _runs(session)] == [original]
