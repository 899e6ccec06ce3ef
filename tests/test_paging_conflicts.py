"""A conflict link opens the side-by-side page holding that conflict, however many pages
the view has (issue 13, "Big inputs stay cheap")."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.html import soup
from tests.test_paging import SENTENCES, sentence


def test_every_conflict_link_lands_on_its_page(
    api: TestClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A budget of one: every row gets a page of its own, so conflicts sit on many pages.
    monkeypatch.setattr("app.web.compare_detail.COMPARE_PAGE", 1)
    dossier_id = api.post("/api/dossiers", json={"title": "Disputed"}).json()["id"]
    texts = [
        " ".join(sentence(n) for n in range(SENTENCES)),
        # Every third sentence comes back with another day: a conflicting date, page after page.
        " ".join(
            sentence(n).replace(f"on day {n} ", f"on day {n + 1} ")
            if n % 3 == 0
            else f"Delegate {n} toured port {n} and met {n + 3}."
            for n in range(SENTENCES)
        ),
    ]
    for text in texts:
        made = api.post(f"/api/dossiers/{dossier_id}/sources", json={"text": text})
        assert made.status_code == 201, made.text
    data = api.get(f"/dossiers/{dossier_id}.json").json()
    assert data["conflicts"], "the dates should conflict"
    path = data["conflicts"][0]["url"].split("&conflict=")[0]  # the pair, conflicts only
    parts = api.get(path.replace("/compare?", "/compare.json?")).json()["pager"]["parts"]
    page_of = {}
    for part in range(1, parts + 1):
        view = api.get(path.replace("/compare?", "/compare.json?"), params={"page": part}).json()
        page_of |= {c["id"]: part for r in view["rows"] for c in r["conflicts"]}
    assert len(set(page_of.values())) > 1, "the conflicts should spread over several pages"
    ids = sorted(page_of)
    for conflict in (ids[0], ids[len(ids) // 2], ids[-1]):
        url = f"{path}&conflict={conflict}"
        view = api.get(url.replace("/compare?", "/compare.json?")).json()
        assert view["pager"]["part"] == page_of[conflict]
        assert soup(api.get(url).text).select_one(f"#conflict-{conflict}") is not None
    for c in data["conflicts"]:  # the overview's links carry the conflict
        assert c["url"].endswith(f"&conflict={c['id']}#conflict-{c['id']}")
