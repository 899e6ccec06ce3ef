"""Search at scale: the database ranks and counts, Python matches only the page shown. Every
query's count must equal the number of sources that really match, and walking its pages must
give each of them exactly once, best first, every hit a real match. Runs on both databases.

The corpus is made up here: source ``n`` holds words chosen by simple rules on ``n``, so the
sources a query must find follow from the same rules (the oracle below), not from a listing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import DossierCreate
from app.services import dossiers, search_sources, trash
from tests.test_search import add

SOURCES = 130


def _text(n: int) -> str:
    # Each text its own (a dossier refuses duplicates), without digits ("7th" finds "7").
    tag = "".join("abcdefghij"[int(d)] for d in str(n))
    words = [f"Report {tag} from the meeting."]
    if n % 2 == 0:
        words.append("A kestrel circled the venue.")
    if n % 3 == 0:
        words.append("An osprey was seen nearby.")
    if n % 5 == 0:
        words.append("It was the seventh round.")
    if n % 5 == 1:
        words.append("It was the 7th round.")
    if n % 4 == 0:
        words.append("The harbour pact was signed.")
    if n % 4 == 1:
        words.append("The pact covers the old harbour.")  # both words, not side by side
    return " ".join(words)


TRASHED = {n for n in range(SOURCES) if n % 10 == 9}
#: Which ``n`` each query must find (trashed sources never).
ORACLE: dict[str, Callable[[int], bool]] = {
    "kestrel": lambda n: n % 2 == 0,
    "kestr": lambda n: n % 2 == 0,  # the last word is also a prefix
    "kestrel osprey": lambda n: n % 6 == 0,
    "kestrel AND osprey": lambda n: n % 6 == 0,
    "kestrel OR osprey": lambda n: n % 2 == 0 or n % 3 == 0,
    "7th": lambda n: n % 5 in (0, 1),  # "seventh" too
    "seventh kestrel": lambda n: n % 5 in (0, 1) and n % 2 == 0,
    '"harbour pact"': lambda n: n % 4 == 0,
    '"pact harbour"': lambda n: False,
    "meeting": lambda n: True,
    "albatross": lambda n: False,
}


@pytest.fixture
def numbered(session: Session, api: TestClient) -> dict[int, int]:
    """Source id -> its ``n``; the trashed ones are in the database but not in the answers."""
    dossier = dossiers.create_dossier(session, DossierCreate(title="Birds at the talks"))
    assert dossier.id is not None
    ids = {}
    for n in range(SOURCES):
        source = add(session, dossier.id, _text(n), outlet=f"Outlet {n % 7}")
        assert source.id is not None
        ids[source.id] = n
    for source_id, n in ids.items():
        if n in TRASHED:
            trash.trash_source(session, source_id)
    return ids


def _walk(api: TestClient, params: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The first page's JSON and the hits of every page, in order."""
    first = api.get("/search.json", params=params).json()
    hits: list[dict[str, Any]] = []
    for page in range(1, first["pager"]["parts"] + 1):
        body = api.get("/search.json", params={**params, "page": page}).json()
        assert body["count"] == first["count"], "every page says the same count"
        assert body["pager"]["part"] == page
        hits += body["hits"]
    return first, hits


def _expected(numbered: dict[int, int], query: str) -> set[int]:
    wanted = ORACLE[query]
    return {i for i, n in numbered.items() if n not in TRASHED and wanted(n)}


def test_the_count_and_the_pages_hold_exactly_the_matching_sources(
    api: TestClient, numbered: dict[int, int]
) -> None:
    for query in ORACLE:  # one corpus for all: importing it is the slow part
        _check(api, numbered, query)


def _check(api: TestClient, numbered: dict[int, int], query: str) -> None:
    first, hits = _walk(api, {"q": query})
    expected = _expected(numbered, query)
    # Claim groups (from the dossier's comparison) follow the sources and count too.
    found = [h for h in hits if h["kind"] == "source"]
    claims = [h for h in hits if h["kind"] == "claim"]
    assert hits == found + claims
    ids = [h["id"] for h in found]
    assert first["count"] == len(expected) + len(claims) and first["count_exact"], query
    assert len(ids) == len(set(ids)), f"{query}: no hit on two pages"
    assert set(ids) == expected, query
    ranks = [h["rank"] for h in found]
    assert ranks == sorted(ranks), f"{query}: best first, across pages"
    for hit in found:  # every hit shows a matched word of its source
        assert any(part["hit"] for part in hit["snippet"]), (query, hit)


def test_filters_are_counted_in_the_database_too(api: TestClient, numbered: dict[int, int]) -> None:
    first, hits = _walk(api, {"q": "kestrel", "outlet": "outlet 3"})  # no claims: filtered
    expected = {i for i in _expected(numbered, "kestrel") if numbered[i] % 7 == 3}
    assert first["count"] == len(expected) == len(hits) > 0
    assert {h["id"] for h in hits} == expected


def test_a_page_past_the_end_shows_the_last_page(api: TestClient, numbered: dict[int, int]) -> None:
    body = api.get("/search.json", params={"q": "kestrel", "page": 99}).json()
    assert body["pager"]["part"] == body["pager"]["parts"] == 2
    assert len(body["hits"]) == body["count"] - 50 > 0
    assert body["pager"]["first"] == 50 and body["pager"]["last"] == body["count"]


def test_a_phrase_checked_on_part_of_its_candidates_says_about(
    api: TestClient, numbered: dict[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Few candidates may be matched past the page: the rest are estimated, and the page says so.
    monkeypatch.setattr(search_sources, "PHRASE_BUDGET", 3)
    monkeypatch.setattr("app.web.routes.search.SEARCH_PAGE", 5)
    expected = _expected(numbered, '"harbour pact"')
    body = api.get("/search.json", params={"q": '"harbour pact"'}).json()
    assert not body["count_exact"]
    assert [h["kind"] for h in body["hits"]] == ["source"] * 5
    assert {h["id"] for h in body["hits"]} <= expected
    # Candidates hold both words: half of them hold the phrase, so the estimate is near.
    assert len(expected) / 2 <= body["count"] <= len(expected) * 2
    html = api.get("/search", params={"q": '"harbour pact"'}).text
    assert f"about {body['count']} results" in html
    assert f"of about {body['count']}" in html  # the pager
    # With the whole budget, every candidate is matched: exact again.
    monkeypatch.setattr(search_sources, "PHRASE_BUDGET", 1000)
    api.app.state.page_cache.clear()  # type: ignore[attr-defined]  (a new budget: new code)
    exact = api.get("/search.json", params={"q": '"harbour pact"'}).json()
    claims = exact["count"] - len(expected)
    assert exact["count_exact"] and 0 <= claims < 10
    assert "about" not in api.get("/search", params={"q": '"harbour pact"'}).text.split("<h1")[1]


def test_more_of_the_query_ranks_first(session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Rank"))
    assert dossier.id is not None
    one = add(session, dossier.id, "The heron landed. Nothing else happened at the pier today.")
    both = add(session, dossier.id, "The heron and the egret landed. Nothing else happened.")
    from app.services import search  # noqa: PLC0415

    results = search.search(session, "heron OR egret")
    assert [h.ref_id for h in results.hits] == [both.id, one.id]
    assert results.total == 2 and results.exact


def test_the_outlet_list_names_each_live_outlet_once_as_first_stored(
    session: Session, api: TestClient
) -> None:
    kept = dossiers.create_dossier(session, DossierCreate(title="Outlets"))
    gone = dossiers.create_dossier(session, DossierCreate(title="Gone"))
    assert kept.id is not None and gone.id is not None
    add(session, kept.id, "First text.", outlet="Daily Norland")
    add(session, kept.id, "Second text.", outlet="DAILY NORLAND")  # the first spelling stays
    add(session, kept.id, "Third text.", outlet="  ")  # blank: not listed
    add(session, kept.id, "Fourth text.", outlet="apex wire")
    trashed = add(session, kept.id, "Fifth text.", outlet="Trashed Times")
    add(session, gone.id, "Sixth text.", outlet="Gone Gazette")
    assert trashed.id is not None
    trash.trash_source(session, trashed.id)
    trash.trash_dossier(session, gone.id)
    body = api.get("/search.json", params={"q": "text"}).json()
    assert body["outlets"] == ["apex wire", "Daily Norland"]


def test_claim_groups_of_two_dossiers_with_the_same_number_are_both_found(
    session: Session,
) -> None:
    from app import db  # noqa: PLC0415
    from app.services import search  # noqa: PLC0415

    made = []
    for title in ("North talks", "South talks"):
        dossier = dossiers.create_dossier(session, DossierCreate(title=title))
        assert dossier.id is not None
        db.index_claims(session.connection(), dossier.id, [(1, "Pelican quota", "A quota.")])
        made.append(dossier.id)
    session.commit()
    results = search.search(session, "pelican")
    assert sorted((h.kind, h.dossier_id, h.ref_id) for h in results.hits) == [
        ("claim", made[0], 1),
        ("claim", made[1], 1),
    ]
    assert results.total == 2
    assert {h.dossier_title for h in results.hits} == {"North talks", "South talks"}
