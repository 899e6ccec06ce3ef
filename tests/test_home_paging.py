"""The home page lists dossiers in pages of HOME_PAGE, most recently changed first, with the
same pager in its JSON twin (issue 14: the list of 500 dossiers weighed 190 KB)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app
from app.web.paging import HOME_PAGE
from tests.html import soup, texts

MADE = 2 * HOME_PAGE + 7


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    quiet = settings.model_copy(update={"load_seeds": False})
    with TestClient(create_app(quiet), headers={"X-Requested-With": "tests"}) as c:
        for n in range(MADE):
            assert c.post("/api/dossiers", json={"title": f"Talks {n:03d}"}).status_code == 201
        yield c


def test_each_dossier_is_on_exactly_one_page_newest_change_first(api: TestClient) -> None:
    first = api.get("/index.json").json()
    assert first["pager"]["total"] == MADE and first["pager"]["parts"] == 3
    seen = []
    url: str | None = "/index.json"
    while url:
        data = api.get(url).json()
        seen += [d["dossier"]["title"] for d in data["dossiers"]]
        url = data["pager"]["next_url"]
    assert seen == [f"Talks {n:03d}" for n in reversed(range(MADE))]
    assert len(first["dossiers"]) == HOME_PAGE
    assert api.get("/index.json?page=3").json()["pager"]["prev_url"] == "/index.json?page=2"


def test_an_edit_brings_a_dossier_to_the_first_page(api: TestClient) -> None:
    oldest = api.get("/index.json?page=3").json()["dossiers"][-1]
    assert oldest["dossier"]["title"] == "Talks 000"
    dossier_id = oldest["dossier"]["id"]
    changed = api.patch(f"/api/dossiers/{dossier_id}", json={"title": "Talks renamed"})
    assert changed.status_code == 200, changed.text
    assert api.get("/index.json").json()["dossiers"][0]["dossier"]["title"] == "Talks renamed"


def test_the_html_page_shows_the_same_part_with_its_pager(api: TestClient) -> None:
    html = soup(api.get("/?page=2").text)
    data = api.get("/index.json?page=2").json()
    assert texts(html, ".dossier-link") == [d["dossier"]["title"] for d in data["dossiers"]]
    pager = html.select_one("nav.pager")
    assert pager is not None
    where = pager.select_one(".pager-where")
    assert where is not None
    assert where.get_text(strip=True) == f"Dossiers 51–100 of {MADE} (part 2 of 3)"
    links = {a["rel"][0]: a["href"] for a in pager.select("a")}
    assert links == {"prev": "/", "next": "/?page=3"}


def test_a_page_past_the_last_shows_the_last_and_a_bad_one_is_refused(api: TestClient) -> None:
    past = api.get("/index.json?page=40").json()
    assert past["pager"]["part"] == 3 and len(past["dossiers"]) == MADE - 2 * HOME_PAGE
    for bad in ("0", "-1", "two"):
        response = api.get(f"/?page={bad}")
        assert response.status_code == 422, bad


def test_a_short_list_has_no_pager(empty_client: TestClient) -> None:
    html = soup(empty_client.get("/").text)
    assert html.select("nav.pager") == []
    assert empty_client.get("/index.json").json()["pager"]["parts"] == 1
