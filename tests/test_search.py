"""Full-text search: ranking, escaped highlights, filters, index sync, hostile queries.

All article texts here are made up for the tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import db
from app.models import DossierCreate, Source, SourceCreate
from app.services import dossiers, search, sources
from tests.html import soup, texts

HOSTILE = ['"', "*", "AND", "NEAR(", "a:b", "-x", "(", ")", "^", '"unbalanced', "OR NOT", "", " "]
HOSTILE += ["title:zebra", 'NEAR("a" "b", 2)', "zebra*", "{title}: x", "'", "\\", "%", "_"]


def add(session: Session, dossier_id: int, text: str, **meta: object) -> Source:
    return sources.import_source(
        session, dossier_id, SourceCreate.model_validate({"text": text, **meta})
    )


@pytest.fixture
def dossier_id(session: Session) -> int:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Harbour talks"))
    assert dossier.id is not None
    return dossier.id


@pytest.fixture
def corpus(session: Session, dossier_id: int) -> dict[str, Source]:
    return {
        "many": add(
            session,
            dossier_id,
            "Zebra crossings were the theme. The zebra plan, the zebra budget and a zebra "
            "mascot dominated the harbour talks.",
            outlet="Daily Norland",
            published_date=date(2025, 5, 2),
            title="Zebra crossings agreed",
        ),
        "once": add(
            session,
            dossier_id,
            "Ministers met at the harbour. Traffic, rail links and one zebra crossing were "
            "mentioned briefly among many other subjects of the long day.",
            outlet="Sudavia Post",
            published_date=date(2025, 5, 5),
        ),
        "none": add(
            session,
            dossier_id,
            "A quiet day at the harbour with no agreement.",
            outlet="Daily Norland",
        ),
    }


@pytest.mark.parametrize("use_fts", [None, False], ids=["fts", "fallback"])
def test_ranking_puts_the_most_relevant_source_first(
    session: Session, corpus: dict[str, Source], use_fts: bool | None
) -> None:
    results = search.search(session, "zebra", use_fts=use_fts)
    assert results.backend == ("fts" if use_fts is None else "like")
    assert [h.ref_id for h in results.hits] == [corpus["many"].id, corpus["once"].id]
    hit = results.hits[0]
    assert any(p.hit and p.text.lower() == "zebra" for p in hit.snippet)
    assert hit.dossier_title == "Harbour talks"


def test_words_match_in_any_order_and_the_last_word_as_a_prefix(
    session: Session, corpus: dict[str, Source]
) -> None:
    assert [h.ref_id for h in search.search(session, "rail harb").hits] == [corpus["once"].id]
    assert search.search(session, '"rail harbour"').hits == ()
    assert [h.ref_id for h in search.search(session, '"rail links"').hits] == [corpus["once"].id]


@pytest.mark.parametrize("use_fts", [None, False], ids=["fts", "fallback"])
def test_filters_by_dossier_outlet_and_date(
    session: Session, corpus: dict[str, Source], dossier_id: int, use_fts: bool | None
) -> None:
    def ids(**filters: object) -> set[int | None]:
        return {
            h.ref_id for h in search.search(session, "harbour", use_fts=use_fts, **filters).hits
        }  # type: ignore[arg-type]

    everything = {corpus["many"].id, corpus["once"].id, corpus["none"].id}
    assert ids() == everything
    assert ids(dossier_id=dossier_id) == everything
    assert ids(dossier_id=dossier_id + 999) == set()
    assert ids(outlet="daily norland") == {corpus["many"].id, corpus["none"].id}
    assert ids(date_from=date(2025, 5, 3)) == {corpus["once"].id}
    assert ids(date_to=date(2025, 5, 3)) == {corpus["many"].id}
    assert ids(date_from=date(2025, 5, 1), date_to=date(2025, 5, 31)) == {
        corpus["many"].id,
        corpus["once"].id,
    }


def test_index_follows_import_edit_and_delete(session: Session, dossier_id: int) -> None:
    assert search.search(session, "okapi").hits == ()
    source = add(session, dossier_id, "An okapi was seen near the embassy.")
    assert [h.ref_id for h in search.search(session, "okapi").hits] == [source.id]
    source.text = "A giraffe was seen near the embassy."
    source.outlet = "Okapi Weekly"
    session.add(source)
    session.commit()
    assert [h.ref_id for h in search.search(session, "giraffe").hits] == [source.id]
    assert [h.ref_id for h in search.search(session, "okapi").hits] == [source.id]  # outlet
    assert search.search(session, "embassy okapi seen").hits != ()
    session.delete(source)
    session.commit()
    assert search.search(session, "giraffe").hits == ()
    assert search.search(session, "okapi").hits == ()


def test_deleting_a_dossier_empties_its_index_rows(session: Session, dossier_id: int) -> None:
    add(session, dossier_id, "The narwhal accord was signed.")
    db.index_claims(session.connection(), dossier_id, [(7, "narwhal accord", "signed")])
    session.commit()
    kinds = sorted(h.kind for h in search.search(session, "narwhal").hits)
    assert kinds == ["claim", "source"]
    session.delete(dossiers.get_dossier(session, dossier_id))
    session.commit()
    assert search.search(session, "narwhal").hits == ()


def test_claims_are_searchable_and_replaced_per_dossier(session: Session, dossier_id: int) -> None:
    conn = session.connection()
    db.index_claims(conn, dossier_id, [(1, "walrus treaty", "both sides signed")])
    db.index_claims(conn, dossier_id, [(2, "seal treaty", "both sides signed")])
    session.commit()
    assert search.search(session, "walrus").hits == ()
    (hit,) = search.search(session, "seal").hits
    assert (hit.kind, hit.ref_id, hit.dossier_id) == ("claim", 2, dossier_id)
    # Claims never take a rowid a future source could need.
    source = add(session, dossier_id, "A seal was seen.")
    assert {h.kind for h in search.search(session, "seal").hits} == {"claim", "source"}
    assert source.id is not None and source.id > 0


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("use_fts", [None, False], ids=["fts", "fallback"])
def test_hostile_queries_never_error_in_the_service(
    session: Session, corpus: dict[str, Source], query: str, use_fts: bool | None
) -> None:
    search.search(session, query, use_fts=use_fts)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_200_on_page_and_json(client: TestClient, query: str) -> None:
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    assert client.get("/search.json", params={"q": query}).status_code == 200


def test_seed_search_page_highlights_and_agrees_with_json(client: TestClient) -> None:
    html = soup(client.get("/search", params={"q": "astronauts"}).text)
    data = client.get("/search.json", params={"q": "astronauts"}).json()
    assert data["backend"] == "fts"
    assert texts(html, ".search-hit-link") == [h["label"] for h in data["hits"]]
    assert texts(html, ".search-hit-link") == [
        "Pakistan and China have agreed to adopt a zero-tolerance policy against terrorism"
    ]
    assert texts(html, ".search-snippet mark") == ["astronauts"]
    assert html.select_one(".search-hit-link")["href"] == data["hits"][0]["url"]
    assert "<mark>astronauts</mark>" in data["hits"][0]["snippet_html"]
    assert [p["text"] for p in data["hits"][0]["snippet"] if p["hit"]] == ["astronauts"]


def test_markup_in_a_source_is_shown_as_text(client: TestClient, session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Escaping"))
    assert dossier.id is not None
    hostile = 'The quokka said <script>alert("x")</script> and <b>left</b> \ue000 early.'
    add(session, dossier.id, hostile, outlet="<i>Outlet</i>")
    response = client.get("/search", params={"q": "quokka"})
    html = soup(response.text)
    assert html.select(".search-snippet script") == []
    assert html.select(".search-snippet b") == []
    (snippet,) = texts(html, ".search-snippet")
    assert '<script>alert("x")</script>' in snippet
    assert texts(html, ".search-snippet mark") == ["quokka"]
    assert "<script>alert" not in response.text
    data = client.get("/search.json", params={"q": "quokka"}).json()
    assert "&lt;script&gt;" in data["hits"][0]["snippet_html"]
    assert "<script>" not in data["hits"][0]["snippet_html"]


def test_form_filters_round_trip_and_bad_inputs_are_noted(client: TestClient) -> None:
    data = client.get(
        "/search.json",
        params={"q": "china", "dossier": "", "outlet": "", "date_from": "soon", "date_to": ""},
    ).json()
    assert data["date_from"] is None
    assert any("soon" in note for note in data["notes"])
    dossier_id = data["dossiers"][0]["id"]
    html = soup(client.get("/search", params={"q": "china", "dossier": str(dossier_id)}).text)
    assert html.select_one("#search-dossier option[selected]")["value"] == str(dossier_id)
    assert html.select_one("#search-q")["value"] == "china"


def test_every_page_has_the_header_search_box(client: TestClient) -> None:
    form = soup(client.get("/").text).select_one("header.site form.site-search")
    assert form is not None and form["action"] == "/search" and form["method"] == "get"
    assert form.select_one("input[name=q]") is not None


def test_search_json_is_documented(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/search.json" in schema["paths"]
    assert "SearchView" in schema["components"]["schemas"]


def test_query_terms_and_match_expression() -> None:
    assert search.query_terms('NEAR( "zero tolerance" a:b -x *') == [
        "NEAR",
        "zero tolerance",
        "a",
        "b",
        "x",
    ]
    assert (
        search.fts_match(["NEAR", "zero tolerance", "astro"]) == '"NEAR" "zero tolerance" "astro"*'
    )
    assert search.fts_match([]) == ""
