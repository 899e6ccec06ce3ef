"""The side-by-side and source pages build only what they show, and a long row's pieces
show each of its pairs and conflicts once, beside their left sentence (issue 13, "Big
inputs stay cheap").

The cost is checked by counting what is built for one page (never by timing): a page of a
big pair or a big source builds what it shows, not the whole."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.web import compare_detail
from tests.test_paging import SENTENCES, long_dossier, sentence  # noqa: F401  (fixture)

ONE_CLAIM = "The envoy visited Lahore on 3 March and signed the water accord."


def _counting(monkeypatch: pytest.MonkeyPatch, name: str, size: Callable[[Any], int]) -> list[int]:
    built: list[int] = []
    real = getattr(compare_detail, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        out = real(*args, **kwargs)
        built.append(size(out))
        return out

    monkeypatch.setattr(compare_detail, name, counted)
    return built


def test_a_page_builds_only_the_cells_and_pairs_it_shows(
    api: TestClient,  # noqa: F811
    long_dossier: dict[str, int],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cells = _counting(monkeypatch, "cell", lambda _: 1)
    pairs = _counting(monkeypatch, "row_pairs", len)
    url = f"/dossiers/{long_dossier['dossier']}/compare.json"
    query = {"a": long_dossier["first"], "b": long_dossier["second"]}
    for page in (1, 2):
        cells.clear()
        pairs.clear()
        view = api.get(url, params={**query, "page": page}).json()
        assert view["pager"]["parts"] > 2
        shown_cells = sum(len(r["left"]) + len(r["right"]) for r in view["rows"])
        assert sum(cells) == shown_cells < 2 * SENTENCES
        assert sum(pairs) == sum(len(r["pairs"]) for r in view["rows"]) > 0


def test_a_long_row_shows_each_conflict_once_beside_its_left_sentence(
    api: TestClient,  # noqa: F811
) -> None:
    dossier_id = api.post("/api/dossiers", json={"title": "One claim, many dates"}).json()["id"]
    # One sentence on the left, aligned with thirty on the right that each give another
    # date: one row, cut into pieces, most of them with no left sentence at all.
    retold = [
        ONE_CLAIM.replace("3 March", f"{n % 27 + 1} April")
        if n % 2 == 0
        else f"Delegate {n} toured port {n} and met mayor {n + 3}."
        for n in range(60)
    ]
    ids = [
        api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": text}).json()["id"]
        for text in (ONE_CLAIM, " ".join(retold))
    ]
    view = api.get(f"/dossiers/{dossier_id}/compare.json", params={"a": ids[0], "b": ids[1]}).json()
    pieces = [r for r in view["rows"] if r["id"].startswith("r0-")]
    assert len(pieces) > 1, "the aligned stretch should be cut into pieces"
    shown = [(c["id"], r["id"]) for r in view["rows"] for c in r["conflicts"]]
    assert len(shown) >= 20, "the dates should conflict"
    assert len({c for c, _ in shown}) == len(shown), "a conflict is listed once"
    for row in view["rows"]:
        lefts = {s["position"] for s in row["left"]}
        assert all(c["left_position"] in lefts for c in row["conflicts"])
        assert all(p["left_ref"] == f"{ids[0]}:0" for p in row["pairs"])
        assert row["pairs"] == [] or lefts == {0}


def test_a_source_part_builds_only_its_sentences(
    api: TestClient,  # noqa: F811
    long_dossier: dict[str, int],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marked = _counting(monkeypatch, "_marked", lambda _: 1)
    url = f"/sources/{long_dossier['first']}.json"
    view = api.get(url, params={"part": 2}).json()
    assert view["pager"]["parts"] == 3
    assert sum(marked) == len(view["segments"]) < SENTENCES
    assert sum(view["counts"].values()) == SENTENCES  # the counts still cover every sentence
