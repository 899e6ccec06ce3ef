"""Search across sources (and claim-group labels, once they are indexed).

Sources are matched in Python on the engine's normalised word keys (see
:mod:`app.services.key_search`: "7th" finds "seventh", ``AND``/``OR``/quotes), ranked by the
number of matched words, each hit naming the sentence it opens at. Only the sources whose
stored word keys can satisfy the query are read and matched: PostgreSQL's ``keys`` tsvector
(:mod:`app.db_postgres`), SQLite's ``source_keys`` FTS5 table (:mod:`app.db_sqlite_keys`).
Claim-group labels are searched through the database's full-text index (migration 0003)
when it exists: FTS5 on SQLite, ``tsvector`` with ``websearch_to_tsquery``/``ts_rank``/
``ts_headline`` on PostgreSQL.

Invariants:
- any query string is safe: it is cut into words (letters and digits) and each word, or each
  phrase the user put in balanced double quotes, becomes a quoted FTS5 string, so no FTS
  syntax (``*``, ``^``, ``:``, ``NEAR``, ``AND``, ``-``, brackets) ever reaches the parser;
  a query without words gives no hits and no error;
- a snippet is a list of :class:`SnippetPart` in text order: plain text, never markup; the
  web layer escapes each part and wraps hits in ``<mark>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from app import db, db_postgres, db_sqlite, db_sqlite_keys
from app.models import Dossier, Segment, Source
from app.services import key_search, sources

MAX_WORDS = 16
MAX_LIMIT = 200
SNIPPET_CHARS = 90
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^"\s]+)')
_WORD = re.compile(r"\w+", re.UNICODE)

Backend = Literal["fts", "like"]
CLAIM = "claim"


@dataclass(frozen=True, slots=True)
class SnippetPart:
    text: str
    hit: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching source (or claim group); ``rank``: lower is better."""

    kind: Literal["source", "claim"]
    ref_id: int
    dossier_id: int
    dossier_title: str
    label: str
    outlet: str
    published_date: date | None
    snippet: tuple[SnippetPart, ...]
    rank: float
    position: int | None = None  # the source's first sentence holding a matched word


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    terms: tuple[str, ...]
    backend: Backend
    hits: tuple[SearchHit, ...] = field(default=())


def query_terms(query: str) -> list[str]:
    """Words and quoted phrases of a user query (phrases as space-joined words), at most 16."""
    terms: list[str] = []
    for phrase, bare in _PHRASE_OR_WORD.findall(query):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                terms.append(" ".join(words))
        else:
            terms.extend(_WORD.findall(bare))
    return terms[:MAX_WORDS]


def fts_match(terms: list[str], *, prefix_last: bool = True) -> str:
    """An FTS5 MATCH expression: every term quoted (implicit AND); the last bare word is a
    prefix ("astro" finds "astronauts"). Returns "" for no terms."""
    quoted = ['"' + t.replace('"', "") + '"' for t in terms]
    if quoted and prefix_last and " " not in terms[-1]:
        quoted[-1] += "*"
    return " ".join(quoted)


def _parts(marked: str) -> tuple[SnippetPart, ...]:
    """Split an FTS5 snippet with private-use markers into plain and highlighted parts."""
    parts: list[SnippetPart] = []
    pattern = re.compile(re.escape(db_sqlite.MARK_START) + "(.*?)" + re.escape(db_sqlite.MARK_END))
    pos = 0
    for match in pattern.finditer(marked):
        if match.start() > pos:
            parts.append(SnippetPart(marked[pos : match.start()]))
        parts.append(SnippetPart(match.group(1), True))
        pos = match.end()
    rest = marked[pos:].replace(db_sqlite.MARK_START, "").replace(db_sqlite.MARK_END, "")
    if rest:
        parts.append(SnippetPart(rest))
    return tuple(parts)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _window(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> tuple[SnippetPart, ...]:
    """``text[lo:hi]`` (cut to a window around the first span when long), spans as hits."""
    inside = [(a, b) for a, b in spans if a >= lo and b <= hi]
    if hi - lo > 3 * SNIPPET_CHARS:
        centre = inside[0][0] if inside else lo
        lo, hi = max(lo, centre - SNIPPET_CHARS), min(hi, centre + 2 * SNIPPET_CHARS)
        inside = [(a, b) for a, b in inside if a >= lo and b <= hi]
    parts: list[SnippetPart] = [SnippetPart(db_sqlite.ELLIPSIS)] if lo > 0 else []
    pos = lo
    for a, b in inside:
        if a < pos:
            continue
        if a > pos:
            parts.append(SnippetPart(text[pos:a]))
        parts.append(SnippetPart(text[a:b], True))
        pos = b
    if pos < hi:
        parts.append(SnippetPart(text[pos:hi]))
    if hi < len(text):
        parts.append(SnippetPart(db_sqlite.ELLIPSIS))
    return tuple(parts)


def _source_hit(
    source: Source,
    dossier: Dossier | None,
    snippet: tuple[SnippetPart, ...],
    rank: float,
    position: int | None,
) -> SearchHit:
    assert source.id is not None
    return SearchHit(
        kind="source",
        ref_id=source.id,
        dossier_id=source.dossier_id,
        dossier_title=dossier.title if dossier else "",
        label=sources.label(source),
        outlet=source.outlet,
        published_date=source.published_date,
        snippet=snippet,
        rank=rank,
        position=position,
    )


@dataclass(frozen=True, slots=True)
class _Filters:
    dossier_id: int | None
    outlet: str | None
    date_from: date | None
    date_to: date | None


def _candidates(session: Session, f: _Filters, query: key_search.KeyQuery) -> list[Source]:
    # The uploaded original (up to max_upload_bytes each) is never needed to search.
    statement = (
        select(Source)
        .options(defer(Source.original))  # type: ignore[arg-type]
        .join(Dossier, col(Dossier.id) == col(Source.dossier_id))
        .where(col(Source.deleted_at).is_(None), col(Dossier.deleted_at).is_(None))
    )
    if f.dossier_id is not None:
        statement = statement.where(Source.dossier_id == f.dossier_id)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # Only the sources holding every key of some alternative are read and matched.
        ids = db_postgres.candidate_ids(conn, key_search.index_query(query))
        if not ids:
            return []
        statement = statement.where(col(Source.id).in_(ids))
    elif db_sqlite_keys.has_keys_table(conn):
        keyed = db_sqlite_keys.candidate_ids(conn, key_search.key_alternatives(query))
        if not keyed:
            return []
        statement = statement.where(col(Source.id).in_(keyed))
    if f.outlet:
        statement = statement.where(col(Source.outlet).ilike(_escape_like(f.outlet), escape="\\"))
    if f.date_from is not None:
        statement = statement.where(col(Source.published_date) >= f.date_from)
    if f.date_to is not None:
        statement = statement.where(col(Source.published_date) <= f.date_to)
    return list(session.exec(statement.order_by(col(Source.id))).all())


def _segment_at(session: Session, source_id: int, offset: int) -> Segment | None:
    return session.exec(
        select(Segment)
        .where(Segment.source_id == source_id, col(Segment.end) > offset)
        .order_by(col(Segment.position))
        .limit(1)
    ).first()


def _search_sources(
    session: Session, query: key_search.KeyQuery, filters: _Filters, limit: int
) -> list[SearchHit]:
    scored: list[tuple[float, Source, list[tuple[int, int]]]] = []
    for source in _candidates(session, filters, query):
        assert source.id is not None
        texts = [
            key_search.keyed_source(source.id, source.text),
            key_search.keyed_text(source.title),
            key_search.keyed_text(source.outlet),
        ]
        found = key_search.matches(query, texts)
        if found is not None:
            scored.append((-float(sum(map(len, found))), source, found[0]))
    scored.sort(key=lambda item: (item[0], item[1].id or 0))
    hits = []
    for rank, source, spans in scored[:limit]:
        assert source.id is not None
        seg = _segment_at(session, source.id, spans[0][0]) if spans else None
        lo, hi = (seg.start, seg.end) if seg is not None else (0, min(len(source.text), 180))
        snippet = _window(source.text, lo, hi, spans)
        dossier = session.get(Dossier, source.dossier_id)
        hits.append(_source_hit(source, dossier, snippet, rank, seg.position if seg else None))
    return hits


def _search_claims(
    session: Session, query: key_search.KeyQuery, dossier_id: int | None, limit: int
) -> list[SearchHit]:
    """Claim-group labels, through the full-text index (raw words: claims are short labels)."""
    hits: dict[int, SearchHit] = {}
    conn = session.connection()
    for alternative in query.alternatives:
        words = [t.text for t in alternative]
        if conn.dialect.name == "postgresql":
            rows = db_postgres.search_fts(
                conn, words, dossier_id=dossier_id, limit=limit, kind=CLAIM
            )
        else:
            match = fts_match(words)
            rows = db_sqlite.search_fts(conn, match, dossier_id=dossier_id, limit=limit, kind=CLAIM)
        for row in rows:
            if row.kind != "claim" or row.ref_id in hits:
                continue
            dossier = session.get(Dossier, row.dossier_id)
            snippet = _parts(row.snippet)
            hits[row.ref_id] = SearchHit(
                kind="claim",
                ref_id=row.ref_id,
                dossier_id=row.dossier_id,
                dossier_title=dossier.title if dossier else "",
                label="".join(p.text for p in snippet)[:80],
                outlet="",
                published_date=None,
                snippet=snippet,
                rank=row.rank,
            )
    return sorted(hits.values(), key=lambda h: h.rank)


def search(
    session: Session,
    query: str,
    dossier_id: int | None = None,
    outlet: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    *,
    use_fts: bool | None = None,
) -> SearchResults:
    """Search every source (and indexed claim group) for ``query``, best match first.

    Sources match on the engine's word keys with ``AND``/``OR``/quotes (see
    :mod:`app.services.key_search`), ranked by the number of matched words; claim groups
    follow, from the FTS5 index when it exists (``backend`` "fts"; "like" without it or
    with ``use_fts=False``, and then no claims).
    Filters: ``dossier_id``; ``outlet`` (exact, case-insensitive); ``date_from``/``date_to``
    on the publication date (inclusive; undated sources are left out when a bound is given;
    claims are left out by the outlet and date filters). Read-only: never commits.
    """
    parsed = key_search.parse(query)
    limit = max(1, min(limit, MAX_LIMIT))
    fts = db.has_search_index(session.connection()) if use_fts is None else use_fts
    backend: Backend = "fts" if fts else "like"
    terms = tuple(t.text for t in parsed.terms)
    if not terms:
        return SearchResults(query=query, terms=(), backend=backend)
    filters = _Filters(dossier_id, outlet or None, date_from, date_to)
    hits = _search_sources(session, parsed, filters, limit)
    if fts and not outlet and date_from is None and date_to is None:
        hits += _search_claims(session, parsed, dossier_id, limit)
    return SearchResults(query=query, terms=terms, backend=backend, hits=tuple(hits[:limit]))


def outlet_choices(session: Session) -> list[str]:
    """The outlets of the stored sources, each once (as first stored), by name."""
    rows = session.exec(
        select(Source.outlet)
        .join(Dossier, col(Dossier.id) == col(Source.dossier_id))
        .where(col(Source.deleted_at).is_(None), col(Dossier.deleted_at).is_(None))
        .order_by(col(Source.id))
    ).all()
    seen: dict[str, str] = {}
    for name in rows:
        if name.strip():
            seen.setdefault(name.strip().lower(), name.strip())
    return sorted(seen.values(), key=str.lower)


def dossier_choices(session: Session) -> list[tuple[int, str]]:
    """Every dossier as (id, title), by title, for the search form."""
    return [
        (d.id, d.title)
        for d in session.exec(select(Dossier).order_by(col(Dossier.title))).all()
        if d.id is not None and d.deleted_at is None
    ]
