"""Full-text search across sources (and claim-group labels, once they are indexed).

On SQLite with the FTS5 index (migration 0003) the search ranks by bm25 and highlights with
FTS5's ``snippet()``; on any other database (or with ``use_fts=False``) it falls back to a
portable query: every word must occur (``ILIKE``) in the title, outlet or text, and the
snippet is cut in Python. Both return the same :class:`SearchResults`.

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

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from app import db_sqlite
from app.models import Dossier, Source
from app.services import sources

MAX_WORDS = 16
MAX_LIMIT = 200
SNIPPET_CHARS = 90
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^"\s]+)')
_WORD = re.compile(r"\w+", re.UNICODE)

Backend = Literal["fts", "like"]


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


def _like_snippet(text: str, terms: list[str]) -> tuple[SnippetPart, ...]:
    """A window of ``text`` around the first hit, every occurrence of a term highlighted."""
    if not terms:
        return (SnippetPart(text[: 2 * SNIPPET_CHARS]),)
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    centre = first.start() if first else 0
    lo = max(0, centre - SNIPPET_CHARS)
    hi = min(len(text), centre + SNIPPET_CHARS)
    window = text[lo:hi]
    parts: list[SnippetPart] = [SnippetPart(db_sqlite.ELLIPSIS)] if lo > 0 else []
    pos = 0
    for match in pattern.finditer(window):
        if match.start() > pos:
            parts.append(SnippetPart(window[pos : match.start()]))
        parts.append(SnippetPart(match.group(), True))
        pos = match.end()
    if pos < len(window):
        parts.append(SnippetPart(window[pos:]))
    if hi < len(text):
        parts.append(SnippetPart(db_sqlite.ELLIPSIS))
    return tuple(parts)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _source_hit(
    source: Source, dossier: Dossier | None, snippet: tuple[SnippetPart, ...], rank: float
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
    )


def _search_fts(
    session: Session,
    terms: list[str],
    dossier_id: int | None,
    outlet: str | None,
    date_from: date | None,
    date_to: date | None,
    limit: int,
) -> list[SearchHit]:
    rows = db_sqlite.search_fts(
        session.connection(),
        fts_match(terms),
        dossier_id=dossier_id,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )
    hits: list[SearchHit] = []
    for row in rows:
        dossier = session.get(Dossier, row.dossier_id)
        if row.kind == "source":
            source = session.get(Source, row.ref_id)
            if source is not None:
                hits.append(_source_hit(source, dossier, _parts(row.snippet), row.rank))
            continue
        snippet = _parts(row.snippet)
        hits.append(
            SearchHit(
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
        )
    return hits


def _search_like(
    session: Session,
    terms: list[str],
    dossier_id: int | None,
    outlet: str | None,
    date_from: date | None,
    date_to: date | None,
    limit: int,
) -> list[SearchHit]:
    words = [w for t in terms for w in t.split()]
    statement = (
        select(Source)
        .join(Dossier, col(Dossier.id) == col(Source.dossier_id))
        .where(col(Source.deleted_at).is_(None), col(Dossier.deleted_at).is_(None))
    )
    for word in words:
        like = f"%{_escape_like(word)}%"
        statement = statement.where(
            or_(
                col(Source.text).ilike(like, escape="\\"),
                col(Source.title).ilike(like, escape="\\"),
                col(Source.outlet).ilike(like, escape="\\"),
            )
        )
    if dossier_id is not None:
        statement = statement.where(Source.dossier_id == dossier_id)
    if outlet:
        statement = statement.where(col(Source.outlet).ilike(_escape_like(outlet), escape="\\"))
    if date_from is not None:
        statement = statement.where(and_(col(Source.published_date) >= date_from))
    if date_to is not None:
        statement = statement.where(and_(col(Source.published_date) <= date_to))
    found = session.exec(statement.order_by(col(Source.id))).all()

    def score(source: Source) -> float:
        lowered = source.text.lower()
        return -float(sum(lowered.count(w.lower()) for w in words))

    ranked = sorted(found, key=lambda s: (score(s), s.id or 0))[:limit]
    return [
        _source_hit(s, session.get(Dossier, s.dossier_id), _like_snippet(s.text, words), score(s))
        for s in ranked
    ]


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

    Filters: ``dossier_id``; ``outlet`` (exact, case-insensitive); ``date_from``/``date_to``
    on the publication date (inclusive; undated sources are left out when a bound is given;
    claims are left out by the outlet and date filters). ``use_fts``: ``None`` picks FTS5
    when the index exists, ``False`` forces the portable fallback. Read-only: never commits.
    """
    terms = query_terms(query)
    limit = max(1, min(limit, MAX_LIMIT))
    fts = db_sqlite.has_search_index(session.connection()) if use_fts is None else use_fts
    backend: Backend = "fts" if fts else "like"
    if not terms:
        return SearchResults(query=query, terms=(), backend=backend)
    run = _search_fts if fts else _search_like
    hits = run(session, terms, dossier_id, outlet or None, date_from, date_to, limit)
    return SearchResults(query=query, terms=tuple(terms), backend=backend, hits=tuple(hits))


def dossier_choices(session: Session) -> list[tuple[int, str]]:
    """Every dossier as (id, title), by title, for the search form."""
    return [
        (d.id, d.title)
        for d in session.exec(select(Dossier).order_by(col(Dossier.title))).all()
        if d.id is not None and d.deleted_at is None
    ]
