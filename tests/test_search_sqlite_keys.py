"""SQLite search: the keys filter (an FTS5 table of word keys, migration 0011) only narrows
which sources are read; it never changes the results. Each query of the PostgreSQL twin
(tests/test_search_postgres.py) is answered with the filter and again with the keys table
emptied (every source a candidate, as a full scan), and both must agree. Texts made up."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app import db_sqlite_keys
from app.models import DossierCreate, Source
from app.services import dossiers, key_search, search, trash
from tests.test_search import add
from tests.test_search_postgres import QUERIES, TEXTS

pytestmark = pytest.mark.sqlite_only


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


def _keyed_rows(session: Session) -> int:
    conn = session.connection()
    return int(conn.exec_driver_sql("SELECT count(*) FROM source_keys").scalar() or 0)


def _candidates(session: Session, query: str) -> set[int]:
    alternatives = key_search.key_alternatives(key_search.parse(query))
    return db_sqlite_keys.candidate_ids(session.connection(), alternatives)


def _import_texts(session: Session) -> list[Source]:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Valmora"))
    assert dossier.id is not None
    return [add(session, dossier.id, text, outlet=outlet) for text, outlet in TEXTS]


def test_the_keys_filter_never_changes_what_search_finds(session: Session) -> None:
    imported = _import_texts(session)
    assert _keyed_rows(session) == len(TEXTS), "every import wrote its keys"
    filtered = _answers(session)
    assert all(total == len(hits) for total, hits in filtered.values())
    assert filtered["7th"][1] and filtered["astro"][1] and filtered["gull"][1]
    assert filtered['"tolerance zero"'] == (0, [])
    assert [ref for ref, _ in filtered["walrus OR pact"][1]] == [imported[0].id, imported[1].id]

    session.connection().exec_driver_sql("DELETE FROM source_keys")
    assert _answers(session) == filtered
    # copy-db's and the migration's backfill write them again, with the same answers.
    conn = session.connection()
    assert db_sqlite_keys.fill_missing_keys(conn, key_search.source_words) == len(TEXTS)
    assert _answers(session) == filtered


def test_the_filter_reads_only_sources_whose_keys_can_match(session: Session) -> None:
    imported = [s.id for s in _import_texts(session)]
    assert _candidates(session, "walrus") == {imported[1]}
    assert _candidates(session, "7th") == {imported[0], imported[1]}  # "seventh" too
    assert _candidates(session, "astro") == {imported[3]}  # prefix of the last word
    assert _candidates(session, "walrus AND defence") == set()
    assert _candidates(session, "ministers OR gulls") == {imported[0], imported[2], imported[4]}
    # a phrase needs all its words; their order is checked afterwards, in Python
    assert _candidates(session, '"tolerance zero"') == {imported[2]}
    assert _candidates(session, "capybara") == set()


def test_edits_and_raw_writes_keep_the_filter_right(session: Session) -> None:
    dossier = dossiers.create_dossier(session, DossierCreate(title="Edits"))
    assert dossier.id is not None
    source = add(session, dossier.id, "An okapi was seen near the embassy.")
    assert source.id is not None
    source.text = "A giraffe was seen near the embassy."
    session.add(source)
    session.commit()
    assert _candidates(session, "giraffe") == {source.id}
    assert [h.ref_id for h in search.search(session, "giraffe").hits] == [source.id]
    assert search.search(session, "okapi").hits == ()

    # A write past the ORM drops the stale keys: the source is a candidate for anything.
    conn = session.connection()
    conn.exec_driver_sql("UPDATE source SET text = 'A tapir.' WHERE id = ?", (source.id,))
    session.expire_all()
    assert source.id in _candidates(session, "capybara")
    assert [h.ref_id for h in search.search(session, "tapir").hits] == [source.id]

    trash.trash_source(session, source.id)
    assert search.search(session, "tapir").hits == ()
    conn = session.connection()
    conn.exec_driver_sql("DELETE FROM source WHERE id = ?", (source.id,))
    assert _keyed_rows(session) == 0


def test_any_word_is_stored_as_one_token(session: Session) -> None:
    # Words FTS5's tokenizer would split or fold (apostrophes, accents, digits, scripts).
    dossier = dossiers.create_dossier(session, DossierCreate(title="Scripts"))
    assert dossier.id is not None
    source = add(session, dossier.id, "Ðeir straße l'accord 東京 Ωmega_x 1,000 naïve.")
    queries = ("straße", "strasse", "東京", "Ωmega_x", "ωmeg", "naive", "1000", "accord", "ðeir")
    filtered = {q: [h.ref_id for h in search.search(session, q).hits] for q in queries}
    assert filtered["東京"] == filtered["straße"] == [source.id]
    session.connection().exec_driver_sql("DELETE FROM source_keys")
    assert {q: [h.ref_id for h in search.search(session, q).hits] for q in queries} == filtered
