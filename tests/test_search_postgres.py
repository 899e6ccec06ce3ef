"""PostgreSQL search: the keys filter (a tsvector of word keys under GIN) only narrows which
sources are read; it never changes the results. Each query is answered with the filter and
again with every row's keys reset to "unknown" (always a candidate), and both must agree. Texts
made up for the tests."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app import db_postgres
from app.models import DossierCreate
from app.services import dossiers, key_search, search
from tests.test_search import add

pytestmark = pytest.mark.postgresql_only
UNKNOWN = f"'{db_postgres.ANY_SOURCE}'"

TEXTS = [
    ("The ministers met in Valmora for their seventh round. A defense pact was agreed.", "Norland"),
    ("A walrus was seen in the harbour. The 7th ferry was late; 1,000 people waited.", "Sudavia"),
    ("Zero tolerance for smuggling, the defence ministers of Zürich said.", "Daily Norland"),
    ("Astronauts will train together. The naïve plan agrees with l'accord.", "Ørsted Post"),
    ("Nothing to see here, only gulls.", "Gull Weekly"),
]
QUERIES = [
    "7th",
    "seventh round",
    "defence",
    "agreed",
    "astro",
    "zurich",
    "Zürich",
    "naive",
    '"zero tolerance"',
    '"tolerance zero"',
    "walrus OR pact",
    "walrus AND defence",
    "1000",
    "1,000 people",
    "orsted",
    "gull",
    "norland",
    "l'accord",
    "ministers OR astronauts OR gulls",
]


def _answers(session: Session) -> dict[str, tuple[int, list[tuple[int, tuple[str, ...]]]]]:
    """Per query: the count, and every hit (source, matched words) by source id. The hits'
    order is the index's rank, which a source without keys lacks (it comes after the keyed
    ones): the ranking is checked in tests/test_search_counts.py."""
    out = {}
    for query in QUERIES:
        results = search.search(session, query)
        assert results.exact
        hits = sorted((h.ref_id, tuple(p.text for p in h.snippet if p.hit)) for h in results.hits)
        out[query] = (results.total, hits)
    return out


def test_the_keys_filter_never_changes_what_search_finds(session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Valmora"))
    assert dossier.id is not None
    for text, outlet in TEXTS:
        add(session, dossier.id, text, outlet=outlet)
    conn = session.connection()
    stored = conn.exec_driver_sql(
        "SELECT count(*) FROM search_index WHERE kind = 'source' AND keys <> %s::tsvector",
        (UNKNOWN,),
    ).scalar()
    assert stored == len(TEXTS), "every import wrote its keys"
    filtered = _answers(session)
    assert all(total == len(hits) for total, hits in filtered.values())
    assert filtered["7th"][1] and filtered["astro"][1] and filtered["gull"][1]

    conn.exec_driver_sql("UPDATE search_index SET keys = %s::tsvector", (UNKNOWN,))
    assert _answers(session) == filtered
    # copy-db's backfill writes them again, with the same answers.
    assert db_postgres.fill_missing_keys(conn, key_search.source_vector) == len(TEXTS)
    assert _answers(session) == filtered


def test_an_edit_through_the_orm_refreshes_the_keys(session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Edits"))
    assert dossier.id is not None
    source = add(session, dossier.id, "An okapi was seen near the embassy.")
    source.text = "A giraffe was seen near the embassy."
    session.add(source)
    session.commit()
    keys = (
        session.connection()
        .exec_driver_sql(
            "SELECT keys::text FROM search_index WHERE kind = 'source' AND ref_id = %s",
            (source.id,),
        )
        .scalar()
    )
    assert keys is not None and "'f:giraffe'" in keys and "okapi" not in keys
    assert [h.ref_id for h in search.search(session, "giraffe").hits] == [source.id]
    assert search.search(session, "okapi").hits == ()


def test_a_text_too_big_for_a_tsvector_is_stored_and_found(session: Session) -> None:
    # 120,000 distinct words: past PostgreSQL's 1 MB tsvector limit (each lexeme keeps its
    # position), so the index row holds title and outlet only and the keys stay unknown.
    words = " ".join(f"w{n:06d}x" for n in range(120_000))
    dossier = dossiers.create_dossier(session, DossierCreate(title="Huge"))
    assert dossier.id is not None
    source = add(session, dossier.id, f"The capybara spoke. {words}.", outlet="Vast Post")
    assert [h.ref_id for h in search.search(session, "capybara").hits] == [source.id]
    assert [h.ref_id for h in search.search(session, "w119999x").hits] == [source.id]
    assert [h.ref_id for h in search.search(session, "vast").hits] == [source.id]
