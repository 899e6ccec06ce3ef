"""Search on normalised word keys: spelling and numeral variants, AND/OR/quotes, the outlet
list, and hits that open the source at the matching sentence. Texts made up for the tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import DossierCreate, Source
from app.services import dossiers, key_search, search
from tests.html import soup, texts
from tests.test_search import add


@pytest.fixture
def corpus(session: Session) -> dict[str, Source]:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Valmora talks"))
    assert dossier.id is not None
    return {
        "seventh": add(
            session,
            dossier.id,
            "The ministers met in Valmora. It was their seventh round of talks. "
            "They agreed on a defense pact.",
            outlet="Daily Norland",
        ),
        "walrus": add(
            session,
            dossier.id,
            "A walrus was seen in the harbour. The 7th ferry was late.",
            outlet="Sudavia Post",
        ),
        "both": add(
            session,
            dossier.id,
            "The defence ministers watched a walrus. Zero tolerance was the phrase of the day.",
            outlet="daily norland",
        ),
    }


def _ids(session: Session, query: str) -> set[int | None]:
    return {h.ref_id for h in search.search(session, query).hits}


def test_numerals_and_spellings_match_their_other_forms(
    session: Session, corpus: dict[str, Source]
) -> None:
    assert _ids(session, "7th") == {corpus["seventh"].id, corpus["walrus"].id}
    assert _ids(session, "seventh round") == {corpus["seventh"].id}
    assert _ids(session, "defence") == {corpus["seventh"].id, corpus["both"].id}
    (hit,) = [h for h in search.search(session, "defence").hits if h.ref_id == corpus["seventh"].id]
    assert [p.text for p in hit.snippet if p.hit] == ["defense"]
    assert hit.position == 2


def test_and_or_and_quotes(session: Session, corpus: dict[str, Source]) -> None:
    assert _ids(session, "walrus defence") == {corpus["both"].id}
    assert _ids(session, "walrus AND defence") == {corpus["both"].id}
    assert _ids(session, "walrus OR seventh") == {c.id for c in corpus.values()}
    assert _ids(session, "ferry OR pact") == {corpus["walrus"].id, corpus["seventh"].id}
    assert _ids(session, '"zero tolerance"') == {corpus["both"].id}
    assert _ids(session, '"tolerance zero"') == set()
    assert _ids(session, '"of the day again"') == set(), "a phrase running past the end"
    assert _ids(session, "and or AND OR") == _ids(session, "and or")


def test_parse_reads_alternatives_terms_and_a_prefix() -> None:
    query = key_search.parse('walrus AND "zero tolerance" OR astro')
    assert [[t.text for t in alt] for alt in query.alternatives] == [
        ["walrus", "zero tolerance"],
        ["astro"],
    ]
    assert [t.prefix for t in query.terms] == ["", "", "astro"]
    assert key_search.parse("OR AND").alternatives == ()
    assert key_search.parse('"unbalanced quote').terms[0].text == "unbalanced quote"


def test_a_hit_opens_the_source_at_its_sentence(
    client: TestClient, corpus: dict[str, Source]
) -> None:
    data = client.get("/search.json", params={"q": "pact"}).json()
    (hit,) = data["hits"]
    assert hit["url"] == f"/sources/{corpus['seventh'].id}#s2"
    page = soup(client.get(hit["url"].split("#")[0]).text)
    (target,) = page.select("#s2")
    assert "defense pact" in target.get_text()
    html = soup(client.get("/search", params={"q": "pact"}).text)
    assert html.select_one(".search-hit-link")["href"] == hit["url"]
    assert texts(html, ".search-snippet mark") == ["pact"]


def test_the_outlet_filter_lists_the_outlets_that_exist(
    client: TestClient, corpus: dict[str, Source]
) -> None:
    html = soup(client.get("/search", params={"q": "walrus"}).text)
    options = [o.get_text() for o in html.select("#search-outlet option")]
    assert options[0] == "All outlets"
    assert "Daily Norland" in options and "Sudavia Post" in options
    assert "daily norland" not in options, "outlets differing only in case are one"
    data = client.get("/search.json", params={"q": "walrus", "outlet": "Daily Norland"}).json()
    assert {h["id"] for h in data["hits"]} == {corpus["both"].id}


def test_the_page_explains_the_operators(client: TestClient) -> None:
    help_text = " ".join(texts(soup(client.get("/search").text), "#search-help"))
    for operator in ("AND", "OR", '"zero tolerance"', "7th"):
        assert operator in help_text
