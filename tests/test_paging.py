"""Long sources, big matrices and long side-by-side views come in parts (issue 13, "Big
inputs stay cheap"): each part is bounded, every item is on exactly one part, a link to a
sentence opens the part holding it, and each JSON twin carries the same part and pager."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.web.paging import COMPARE_PAGE, MATRIX_PAGE, SOURCE_PART
from tests.html import soup

PLACES = ["Lahore", "Quetta", "Multan", "Sialkot", "Gwadar", "Karachi", "Peshawar"]
SENTENCES = 2 * SOURCE_PART + 50  # three parts, the last one short
RARE = "pangolin"  # one sentence, on the third part, holds this word


def sentence(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    word = f" {RARE}" if n == 2 * SOURCE_PART + 22 else ""
    return f"Envoy {n} visited {place} on day {n} and signed accord {n * 7}{word}."


@pytest.fixture
def long_dossier(api: TestClient) -> dict[str, int]:
    made = api.post("/api/dossiers", json={"title": "Long talks"})
    assert made.status_code == 201, made.text
    dossier_id = made.json()["id"]
    ids = []
    texts = [
        " ".join(sentence(n) for n in range(SENTENCES)),
        # The second report repeats every third sentence and words the rest its own way.
        " ".join(
            sentence(n) if n % 3 == 0 else f"Delegate {n} toured port {n} and met {n + 3}."
            for n in range(SENTENCES)
        ),
    ]
    for n, text in enumerate(texts):
        response = api.post(
            f"/api/dossiers/{dossier_id}/sources", json={"text": text, "title": f"Report {n + 1}"}
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return {"dossier": dossier_id, "first": ids[0], "second": ids[1]}


def _positions(html: str) -> list[int]:
    return [int(str(div["id"])[1:]) for div in soup(html).select(".source-text .seg-wrap")]


def test_a_long_source_comes_in_parts_and_every_sentence_is_on_one(
    api: TestClient, long_dossier: dict[str, int]
) -> None:
    url = f"/sources/{long_dossier['first']}"
    seen: list[int] = []
    whole = ""
    for part in (1, 2, 3):
        response = api.get(url, params={"part": part})
        positions = _positions(response.text)
        assert len(positions) <= SOURCE_PART
        seen += positions
        data = api.get(f"{url}.json", params={"part": part}).json()
        assert [s["position"] for s in data["segments"]] == positions
        assert data["pager"]["part"] == part and data["pager"]["parts"] == 3
        assert data["pager"]["total"] == SENTENCES
        first = data["segments"][0]
        assert data["text_start"] == len(whole)
        assert data["text"].startswith(f"Envoy {first['position']} visited")
        whole += data["text"]
    assert seen == list(range(SENTENCES))
    assert whole == " ".join(sentence(n) for n in range(SENTENCES))


def test_the_source_pager_links_the_neighbouring_parts(
    api: TestClient, long_dossier: dict[str, int]
) -> None:
    url = f"/sources/{long_dossier['first']}"
    first = soup(api.get(url).text)
    assert first.select_one("nav.pager .pager-next")["href"] == f"{url}?part=2"  # type: ignore[index]
    assert first.select_one("nav.pager a.pager-prev") is None
    assert "Sentences 1–200 of 450" in first.select_one("nav.pager").get_text(" ", strip=True)  # type: ignore[union-attr]
    last = soup(api.get(url, params={"part": 3}).text)
    assert last.select_one("nav.pager .pager-prev")["href"] == f"{url}?part=2"  # type: ignore[index]
    assert last.select_one("nav.pager a.pager-next") is None
    data = api.get(f"{url}.json", params={"part": 2}).json()["pager"]
    assert (data["prev_url"], data["next_url"]) == (url, f"{url}?part=3")


def test_a_part_past_the_end_opens_the_last_and_a_bad_part_is_refused(
    api: TestClient, long_dossier: dict[str, int]
) -> None:
    url = f"/sources/{long_dossier['first']}"
    assert api.get(f"{url}.json", params={"part": 99}).json()["pager"]["part"] == 3
    for bad in ("0", "-1", "two"):
        response = api.get(f"{url}.json", params={"part": bad})
        assert response.status_code == 422, response.text


def test_a_search_hit_opens_the_part_holding_its_sentence(
    api: TestClient, long_dossier: dict[str, int]
) -> None:
    hits = api.get("/search.json", params={"q": RARE}).json()["hits"]
    (hit,) = [h for h in hits if h["kind"] == "source"]
    target = 2 * SOURCE_PART + 22
    assert hit["url"] == f"/sources/{long_dossier['first']}?part=3#s{target}"
    path = hit["url"].split("#")[0]
    assert f"s{target}" in {str(d["id"]) for d in soup(api.get(path).text).select(".seg-wrap")}
    html = soup(api.get("/search", params={"q": RARE}).text)
    assert hit["url"] in {str(a["href"]) for a in html.select("a")}


def test_links_to_sentences_from_the_matrix_open_their_part(
    api: TestClient, long_dossier: dict[str, int]
) -> None:
    data = api.get(f"/dossiers/{long_dossier['dossier']}.json", params={"sort": "order"})
    for row in data.json()["claims"]:
        for cell in row["cells"]:
            if not cell["reported"]:
                continue
            path, anchor = cell["url"].split("#")
            position = int(anchor[1:])
            assert f"s{position}" in {
                str(d["id"]) for d in soup(api.get(path).text).select(".seg-wrap")
            }
            break


def test_the_coverage_matrix_comes_in_pages(api: TestClient, long_dossier: dict[str, int]) -> None:
    url = f"/dossiers/{long_dossier['dossier']}"
    data = api.get(f"{url}.json").json()
    pager = data["matrix_pager"]
    assert pager["total"] == data["claims_total"] > MATRIX_PAGE
    assert len(data["claims"]) == MATRIX_PAGE
    ids = []
    for page in range(1, pager["parts"] + 1):
        part = api.get(f"{url}.json", params={"page": page}).json()
        html = soup(api.get(url, params={"page": page}).text)
        rows = [str(tr["id"]) for tr in html.select("table.matrix tr.claim-row")]
        assert rows == [f"claim-{r['claim_id']}" for r in part["claims"]]
        ids += rows
    assert len(ids) == len(set(ids)) == pager["total"]
    second = soup(api.get(url).text).select_one("nav.pager a.pager-next")
    assert second is not None and second["href"] == f"{url}?sort=coverage&page=2#matrix-h"


def test_a_matrix_filter_pages_what_it_keeps(api: TestClient, long_dossier: dict[str, int]) -> None:
    url = f"/dossiers/{long_dossier['dossier']}.json"
    shared = api.get(url, params={"show": "shared"}).json()
    assert all(r["source_count"] >= 2 for r in shared["claims"])
    assert shared["matrix_pager"]["total"] < shared["claims_total"]
    assert shared["matrix_pager"]["total"] == sum(
        len(api.get(url, params={"show": "shared", "page": p}).json()["claims"])
        for p in range(1, shared["matrix_pager"]["parts"] + 1)
    )


def test_the_side_by_side_view_comes_in_pages(
    api: TestClient, long_dossier: dict[str, int]
) -> None:
    url = f"/dossiers/{long_dossier['dossier']}/compare"
    query = {"a": long_dossier["first"], "b": long_dossier["second"]}
    data = api.get(f"{url}.json", params=query).json()
    pager = data["pager"]
    assert pager["parts"] > 1
    rows, sentences = [], []
    for page in range(1, pager["parts"] + 1):
        part = api.get(f"{url}.json", params={**query, "page": page}).json()
        weight = sum(len(r["left"]) + len(r["right"]) + len(r["pairs"]) for r in part["rows"])
        assert weight <= COMPARE_PAGE or len(part["rows"]) == 1
        html = soup(api.get(url, params={**query, "page": page}).text)
        rows += [str(r["id"]) for r in html.select(".compare-grid .crow[data-row]")]
        sentences += [str(p["data-seg"]) for p in html.select(".compare-grid p.claim")]
    assert len(rows) == len(set(rows)) == pager["total"]
    # Every sentence of both reports is on exactly one page.
    assert sorted(sentences) == sorted(
        {f"{s}:{n}" for s in (query["a"], query["b"]) for n in range(SENTENCES)}
    )
    assert data["pager"]["next_url"] == f"{url}?a={query['a']}&b={query['b']}&page=2"


def test_the_page_parameters_are_documented(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for path, name in (
        ("/sources/{source_id}.json", "part"),
        ("/dossiers/{dossier_id}.json", "page"),
        ("/dossiers/{dossier_id}/compare.json", "page"),
    ):
        params = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert params[name]["schema"]["minimum"] == 1, path


def test_the_trash_lists_deleted_sources_in_pages(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.web.routes.trash.LIST_PAGE", 2)
    dossier_id = api.post("/api/dossiers", json={"title": "Binned"}).json()["id"]
    for n in range(3):
        made = api.post(
            f"/api/dossiers/{dossier_id}/sources", json={"text": sentence(n), "title": f"T{n}"}
        )
        assert api.delete(f"/api/sources/{made.json()['id']}").status_code in (200, 204)
    first = api.get("/trash.json").json()
    second = api.get("/trash.json", params={"page": 2}).json()
    assert first["sources_pager"]["total"] == 3 and first["sources_pager"]["parts"] == 2
    assert len(first["sources"]) == 2 and len(second["sources"]) == 1
    labels = {s["label"] for s in first["sources"] + second["sources"]}
    assert labels == {"T0", "T1", "T2"}
    html = soup(api.get("/trash").text)
    nav = html.select_one("nav.pager[aria-label='Pages of deleted sources']")
    assert nav is not None and nav.select_one("a.pager-next")["href"] == "/trash?page=2"  # type: ignore[index]


def test_search_results_come_in_pages(
    api: TestClient, long_dossier: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.web.routes.search.SEARCH_PAGE", 3)
    query = {"q": "Envoy"}
    first = api.get("/search.json", params=query).json()
    pager = first["pager"]
    assert first["count"] == pager["total"] > 3 and pager["parts"] == -(-pager["total"] // 3)
    seen = []
    for page in range(1, pager["parts"] + 1):
        hits = api.get("/search.json", params={**query, "page": page}).json()["hits"]
        assert len(hits) <= 3
        seen += [(h["kind"], h["id"]) for h in hits]
    assert len(seen) == len(set(seen)) == pager["total"]
    assert pager["next_url"] == "/search?q=Envoy&page=2"
    html = soup(api.get("/search", params={**query, "page": 2}).text)
    assert html.select_one("ol.search-results")["start"] == "4"  # type: ignore[index]
    assert html.select_one("nav.pager a.pager-prev")["href"] == "/search?q=Envoy"  # type: ignore[index]
