"""The sources a search shows: ranked and counted in the database, matched in Python only
for the page shown.

The keys index (SQLite's ``source_keys`` FTS5 table, PostgreSQL's ``keys`` tsvector) holds each
source's word keys and folded words, the very words :func:`app.services.key_search.matches`
compares, so for a query without phrases a keyed source is a candidate exactly when it
matches: the database gives the count and the ranked page, and only that page is tokenised
and matched (for its spans and snippet). Ranking: the full-text index's relevance of the
query's words as written, any of them (SQLite: FTS5 ``bm25`` with title, outlet and body
weighted 5, 2, 1; PostgreSQL: ``ts_rank`` of the A/B/D-weighted document): more and rarer
occurrences, in the title above all, first; a source holding the words only in another form
("seventh" for "7th") ranks 0, after those; ties by source id, so pages never overlap.

A phrase's word order is not in the index: its candidates are matched in rank order until the
page is filled, at most :data:`PHRASE_BUDGET` candidates past the page's end. When candidates
are left unmatched the count is an estimate (the share of the matched candidates that hold
the phrase, times the candidates) and ``exact`` is False: the page says "about N".

Sources without keys (written past the ORM) are matched in Python, every one, and follow the
keyed sources (rank 0). A database without a keys index (SQLite before migration 0011) matches
every source in Python, ranked by the number of matched words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.engine import Connection
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from app import db_postgres, db_sqlite_keys
from app.models import Dossier, Source
from app.services import key_search

#: A phrase query matches at most this many candidates past the end of the page it shows.
PHRASE_BUDGET = 1000
_BATCH = 200

Spans = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Filters:
    dossier_id: int | None
    outlet: str | None
    date_from: date | None
    date_to: date | None


@dataclass(frozen=True, slots=True)
class Found:
    source: Source
    spans: Spans  # matched words in the source's text
    rank: float  # lower is better


@dataclass(frozen=True, slots=True)
class SourcePage:
    found: list[Found]
    total: int
    exact: bool


class _Ranker(Protocol):
    def __call__(self, *, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]: ...


def find(
    session: Session, query: key_search.KeyQuery, filters: Filters, offset: int, limit: int
) -> SourcePage:
    """Matching sources ``offset`` to ``offset + limit`` (best first) and how many match."""
    conn = session.connection()
    where, params = _where(conn, filters)
    ranker, unkeyed = _keyed(conn, query, where, params)
    if ranker is None:
        return _full_scan(session, query, filters, offset, limit)
    loose = [f for f in _matched(session, query, unkeyed, 0.0) if f is not None]
    if any(len(term.keys) > 1 for term in query.terms):
        keyed, total, exact = _walk(session, query, ranker, offset + limit)
        keyed = keyed[offset:]
    else:
        keyed, total, exact = _page(session, query, ranker, offset, limit)
    shown = keyed[:limit]
    if len(shown) < limit:
        start = max(0, offset - total)
        shown += loose[start : start + limit - len(shown)]
    return SourcePage(shown, total + len(loose), exact)


def _keyed(
    conn: Connection, query: key_search.KeyQuery, where: str, params: dict[str, Any]
) -> tuple[_Ranker | None, list[int]]:
    """The database's ranker of keyed candidates and the ids of the unkeyed sources."""
    words = _rank_words(query)
    if conn.dialect.name == "postgresql":
        tsquery = key_search.index_query(query)

        def pg(*, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
            return db_postgres.ranked_ids(
                conn, tsquery, words, where, params, limit=limit, offset=offset
            )

        return pg, db_postgres.unkeyed_ids(conn, where, params)
    if db_sqlite_keys.has_keys_table(conn):
        alternatives = key_search.key_alternatives(query)
        rank_match = " OR ".join(
            '"' + text.replace('"', "") + '"' + ("*" if prefix else "") for text, prefix in words
        )

        def sqlite(*, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
            return db_sqlite_keys.ranked_ids(
                conn, alternatives, rank_match, where, params, limit=limit, offset=offset
            )

        return sqlite, db_sqlite_keys.unkeyed_ids(conn, where, params)
    return None, []


def _rank_words(query: key_search.KeyQuery) -> list[tuple[str, bool]]:
    """The query's words and phrases as written, each once, and whether one is the prefix
    word: what the full-text index ranks a candidate by."""
    seen: dict[str, bool] = {}
    for term in query.terms:
        seen[term.text] = seen.get(term.text, False) or bool(term.prefix)
    return list(seen.items())


def _page(
    session: Session, query: key_search.KeyQuery, ranker: _Ranker, offset: int, limit: int
) -> tuple[list[Found], int, bool]:
    """No phrase: every keyed candidate matches; the page is matched only for its spans."""
    rows, total = ranker(limit=limit, offset=offset)
    found = _matched_rows(session, query, rows)
    # A candidate that does not match (it cannot, while keys follow the texts) is not shown
    # and not counted.
    return [f for f in found if f is not None], total - found.count(None), True


def _walk(
    session: Session, query: key_search.KeyQuery, ranker: _Ranker, wanted: int
) -> tuple[list[Found], int, bool]:
    """Phrases: match candidates in rank order until ``wanted`` match (one more, to know a
    next page exists) or the budget is spent; the count is exact when none is left."""
    found: list[Found] = []
    seen = 0
    _, total = ranker(limit=1, offset=0)
    wanted = min(wanted, total)  # a page past the candidates needs none of them matched
    while len(found) <= wanted and seen < wanted + PHRASE_BUDGET:
        size = min(_BATCH, wanted + PHRASE_BUDGET - seen)
        rows, total = ranker(limit=size, offset=seen)
        found += [f for f in _matched_rows(session, query, rows) if f is not None]
        seen += len(rows)
        if len(rows) < size:
            return found, len(found), True
    if seen >= total:
        return found, len(found), True
    estimate = round(total * len(found) / seen) if seen else total
    return found, max(estimate, len(found)), False


def _matched_rows(
    session: Session, query: key_search.KeyQuery, rows: Sequence[tuple[int, float]]
) -> list[Found | None]:
    ranks = dict(rows)
    return _matched(session, query, [source_id for source_id, _ in rows], ranks)


def _matched(
    session: Session,
    query: key_search.KeyQuery,
    ids: Iterable[int],
    ranks: dict[int, float] | float,
) -> list[Found | None]:
    """Per id (in order), the source with its spans when it matches, else None."""
    wanted = list(ids)
    if not wanted:
        return []
    loaded = {s.id: s for s in _load(session, col(Source.id).in_(wanted))}
    out: list[Found | None] = []
    for source_id in wanted:
        source = loaded.get(source_id)
        spans = _spans(query, source) if source is not None else None
        if source is None or spans is None:
            out.append(None)
            continue
        rank = ranks if isinstance(ranks, float) else ranks[source_id]
        out.append(Found(source, spans, rank))
    return out


def _spans(query: key_search.KeyQuery, source: Source) -> Spans | None:
    """The matched words of the source's text, or None when it does not match. Title and
    file name count as one text, as in the keys index."""
    assert source.id is not None
    texts = [
        key_search.keyed_source(source.id, source.text),
        key_search.keyed_text(f"{source.title} {source.filename}"),
        key_search.keyed_text(source.outlet),
    ]
    found = key_search.matches(query, texts)
    return None if found is None else found[0]


def _load(session: Session, *conditions: Any) -> list[Source]:
    # The uploaded original (up to max_upload_bytes each) is never needed to search.
    statement = (
        select(Source)
        .options(defer(Source.original))  # type: ignore[arg-type]
        .join(Dossier, col(Dossier.id) == col(Source.dossier_id))
        .where(col(Source.deleted_at).is_(None), col(Dossier.deleted_at).is_(None), *conditions)
    )
    return list(session.exec(statement.order_by(col(Source.id))).all())


def _full_scan(
    session: Session, query: key_search.KeyQuery, filters: Filters, offset: int, limit: int
) -> SourcePage:
    """No keys index: every source is matched, ranked by minus its matched words."""
    conditions: list[Any] = []
    if filters.dossier_id is not None:
        conditions.append(col(Source.dossier_id) == filters.dossier_id)
    if filters.outlet:
        outlet = _escape_like(filters.outlet)
        conditions.append(col(Source.outlet).ilike(outlet, escape="\\"))
    if filters.date_from is not None:
        conditions.append(col(Source.published_date) >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(col(Source.published_date) <= filters.date_to)
    found = []
    for source in _load(session, *conditions):
        spans = _spans(query, source)
        if spans is not None:
            found.append(Found(source, spans, -float(len(spans))))
    found.sort(key=lambda f: (f.rank, f.source.id or 0))
    return SourcePage(found[offset : offset + limit], len(found), True)


def _where(conn: Connection, f: Filters) -> tuple[str, dict[str, Any]]:
    """SQL conditions on ``source`` and ``dossier`` for the filters, with named parameters."""
    parts = ["source.deleted_at IS NULL", "dossier.deleted_at IS NULL"]
    params: dict[str, Any] = {}
    # SQLite stores dates as ISO text; PostgreSQL as dates.
    sqlite = conn.dialect.name == "sqlite"
    if f.dossier_id is not None:
        parts.append("source.dossier_id = :dossier_id")
        params["dossier_id"] = f.dossier_id
    if f.outlet:
        parts.append("lower(source.outlet) LIKE lower(:outlet) ESCAPE '\\'")
        params["outlet"] = _escape_like(f.outlet)
    if f.date_from is not None:
        parts.append("source.published_date >= :date_from")
        params["date_from"] = f.date_from.isoformat() if sqlite else f.date_from
    if f.date_to is not None:
        parts.append("source.published_date <= :date_to")
        params["date_to"] = f.date_to.isoformat() if sqlite else f.date_to
    return " AND ".join(parts), params


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
