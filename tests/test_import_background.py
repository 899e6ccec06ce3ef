"""With the background worker, an import stores the source and queues the comparison, and
nothing more: it never builds the stale comparison a page shows meanwhile (that re-segments
every text of the dossier, half of each import's time in a bulk import). Counted, not timed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.services import comparisons
from tests.test_comparison_jobs import (  # noqa: F401  (fixtures)
    ARTICLES,
    Gate,
    add,
    client,
    gate,
    new_dossier,
    state,
    wait_for,
)


def test_imports_queue_the_comparison_without_building_a_stale_one(
    client: TestClient,  # noqa: F811
    gate: Gate,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[int] = []
    real = comparisons._stale

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(comparisons, "_stale", counted)
    dossier_id = new_dossier(client)
    ids = [add(client, dossier_id, text) for text in ARTICLES]  # the engine is held meanwhile
    assert built == [], "an import built a stale comparison"
    assert state(client, dossier_id)["state"] in ("queued", "running")
    gate.open.set()
    wait_for(client, dossier_id, "current")
    compared = client.get(f"/dossiers/{dossier_id}.json").json()
    assert [s["source"]["id"] for s in compared["sources"]] == ids
    assert compared["claims"], "the three reports should share claims once compared"
