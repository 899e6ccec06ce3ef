"""HTTP tests of the foundation pages through the ASGI client, read by selector and text."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.html import one, soup, texts

SEED_TITLE = "China–Pakistan Foreign Ministers' Strategic Dialogue, January 2026"


def _seed_dossier_url(client: TestClient) -> str:
    data = client.get("/index.json").json()
    (item,) = [d for d in data["dossiers"] if d["dossier"]["title"] == SEED_TITLE]
    return str(item["url"])


def test_home_lists_the_seed_dossier_with_its_source_count(client: TestClient) -> None:
    page = soup(client.get("/").text)
    rows = page.select("tr.dossier-row")
    assert [r.select_one(".dossier-link").get_text(strip=True) for r in rows] == [SEED_TITLE]
    assert texts(rows[0], ".source-count") == ["2"]


def test_home_json_twin_agrees_with_the_page(client: TestClient) -> None:
    html = soup(client.get("/").text)
    data = client.get("/index.json").json()
    assert texts(html, ".dossier-link") == [d["dossier"]["title"] for d in data["dossiers"]]
    assert texts(html, ".source-count") == [str(d["source_count"]) for d in data["dossiers"]]


def test_accept_header_selects_the_json_twin(client: TestClient) -> None:
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["dossiers"][0]["dossier"]["title"] == SEED_TITLE


def test_html_pages_link_their_json_twin(client: TestClient) -> None:
    response = client.get(_seed_dossier_url(client))
    assert 'rel="alternate"' in response.headers["link"]
    twin = one(soup(response.text), "link[rel=alternate]")["href"]
    assert client.get(str(twin)).json()["dossier"]["title"] == SEED_TITLE


def test_dossier_page_lists_both_seed_sources(client: TestClient) -> None:
    url = _seed_dossier_url(client)
    page = soup(client.get(url).text)
    assert texts(page, "h1") == [SEED_TITLE]
    assert texts(page, "a.source-link") == [
        "Pakistan and China on Monday urged Afghanistan to take “credible, verifiable” steps…",
        "Pakistan and China have agreed to adopt a zero-tolerance policy against terrorism",
    ]
    data = client.get(f"{url}.json").json()
    assert [s["label"] for s in data["sources"]] == texts(page, "a.source-link")


def test_source_page_shows_the_text_sentence_by_sentence(client: TestClient) -> None:
    sources = client.get(f"{_seed_dossier_url(client)}.json").json()["sources"]
    url = next(s["url"] for s in sources if s["source"]["filename"].startswith("004"))
    page = soup(client.get(url).text)
    # Highlights split a sentence into <mark> pieces: read the text without separators.
    segments = [el.get_text() for el in page.select(".source-text .segment")]
    assert any("Pakistani astronauts at the Chinese space station" in s for s in segments)
    data = client.get(f"{url}.json").json()
    assert [s["text"] for s in data["segments"]] == segments
    for seg in data["segments"]:
        assert data["text"][seg["start"] : seg["end"]] == seg["text"]


def test_unknown_page_gets_a_styled_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = soup(response.text)
    assert texts(page, "h1") == ["Not found"]
    assert one(page, "link[rel=stylesheet]")["href"] == "/static/style.css"


def test_missing_dossier_is_404_in_html_and_json(client: TestClient) -> None:
    assert client.get("/dossiers/9999").status_code == 404
    response = client.get("/dossiers/9999.json")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no dossier 9999."}


def test_healthz_reports_database_and_engine(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["engine_version"]


def test_static_stylesheet_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


def test_openapi_documents_every_json_twin(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for twin in ("/index.json", "/dossiers/{dossier_id}.json", "/sources/{source_id}.json"):
        assert twin in paths, twin
