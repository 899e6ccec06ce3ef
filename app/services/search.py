"""Search across sources (and claim-group labels, once they are indexed).

Sources match on the engine's normalised word keys (see :mod:`app.services.key_search`:
"7th" finds "seventh", ``AND``/``OR``/quotes), each hit naming the sentence it opens at. The
database's index of those keys (PostgreSQL's ``keys`` tsvector, :mod:`app.db_postgres`;
SQLite's ``source_keys`` FTS5 table, :mod:`app.db_sqlite_keys`) picks, counts and ranks the
matching sources; only the page shown is tokenised in Python (see
:mod:`app.services.search_sources`).
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

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from app import db, db_postgres, db_sqlite
from app.db_sqlite import FtsRow
from app.models import Dossier, Source
from app.services import key_search, search_sources, sources

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
    """``hits``: the asked-for slice of all hits (sources, then claim groups); ``total``: how
    many there are in all, an estimate when ``exact`` is False (phrases, see
    :mod:`app.services.search_sources`)."""

    query: str
    terms: tuple[str, ...]
    backend: Backend
    hits: tuple[SearchHit, ...] = field(default=())
    total: int = 0
    exact: bool = True


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


@dataclass(frozen=True, slots=True)
class _Sentence:
    position: int
    start: int
    end: int


def _segments_at(session: Session, wanted: dict[int, int]) -> dict[int, _Sentence]:
    """Per source id, its first sentence ending after the offset ``wanted`` names: one
    statement of one index probe per source (``uq_segment_position``)."""
    if not wanted:
        return {}
    probes = " UNION ALL ".join(
        f'SELECT * FROM (SELECT source_id, position, start, "end" FROM segment '
        f'WHERE source_id = :s{n} AND "end" > :o{n} ORDER BY position LIMIT 1) AS p{n}'
        for n in range(len(wanted))
    )
    params: dict[str, int] = {}
    for n, (source_id, offset) in enumerate(wanted.items()):
        params[f"s{n}"], params[f"o{n}"] = source_id, offset
    rows = session.connection().execute(text(probes), params).all()
    return {int(r[0]): _Sentence(int(r[1]), int(r[2]), int(r[3])) for r in rows}


def _titles(session: Session, dossier_ids: set[int]) -> dict[int, str]:
    rows = session.exec(select(Dossier.id, Dossier.title).where(col(Dossier.id).in_(dossier_ids)))
    return {int(i): t for i, t in rows.all() if i is not None}


def _source_hits(session: Session, found: list[search_sources.Found]) -> list[SearchHit]:
    wanted = {f.source.id: f.spans[0][0] for f in found if f.spans and f.source.id is not None}
    segments = _segments_at(session, wanted)
    titles = _titles(session, {f.source.dossier_id for f in found})
    hits = []
    for item in found:
        source, spans = item.source, item.spans
        assert source.id is not None
        seg = segments.get(source.id) if spans else None
        lo, hi = (seg.start, seg.end) if seg is not None else (0, min(len(source.text), 180))
        hits.append(
            SearchHit(
                kind="source",
                ref_id=source.id,
                dossier_id=source.dossier_id,
                dossier_title=titles.get(source.dossier_id, ""),
                label=sources.label(source),
                outlet=source.outlet,
                published_date=source.published_date,
                snippet=_window(source.text, lo, hi, spans),
                rank=item.rank,
                position=seg.position if seg else None,
            )
        )
    return hits


def _search_claims(
    session: Session, query: key_search.KeyQuery, dossier_id: int | None, limit: int
) -> list[SearchHit]:
    """Claim-group labels, through the full-text index (raw words: claims are short labels)."""
    found: dict[tuple[int, int], FtsRow] = {}  # a group's id is unique within its dossier
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
            if row.kind == "claim":
                found.setdefault((row.dossier_id, row.ref_id), row)
    titles = _titles(session, {row.dossier_id for row in found.values()})
    hits = []
    for row in found.values():
        snippet = _parts(row.snippet)
        hits.append(
            SearchHit(
                kind="claim",
                ref_id=row.ref_id,
                dossier_id=row.dossier_id,
                dossier_title=titles.get(row.dossier_id, ""),
                label="".join(p.text for p in snippet)[:80],
                outlet="",
                published_date=None,
                snippet=snippet,
                rank=row.rank,
            )
        )
    return sorted(hits, key=lambda h: h.rank)


def search(
    session: Session,
    query: str,
    dossier_id: int | None = None,
    outlet: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    *,
    offset: int = 0,
    use_fts: bool | None = None,
) -> SearchResults:
    """Hits ``offset`` to ``offset + limit`` of a search of every source (and indexed claim
    group) for ``query``, best match first, and how many hits there are.

    Sources match on the engine's word keys with ``AND``/``OR``/quotes (see
    :mod:`app.services.key_search`), ranked in the database (see
    :mod:`app.services.search_sources`); claim groups follow, from the full-text index when
    it exists (``backend`` "fts"; "like" without it or with ``use_fts=False``, and then no
    claims; at most :data:`MAX_LIMIT` of them).
    Filters: ``dossier_id``; ``outlet`` (exact, case-insensitive); ``date_from``/``date_to``
    on the publication date (inclusive; undated sources are left out when a bound is given;
    claims are left out by the outlet and date filters). Read-only: never commits.
    """
    parsed = key_search.parse(query)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    fts = db.has_search_index(session.connection()) if use_fts is None else use_fts
    backend: Backend = "fts" if fts else "like"
    terms = tuple(t.text for t in parsed.terms)
    if not terms:
        return SearchResults(query=query, terms=(), backend=backend)
    filters = search_sources.Filters(dossier_id, outlet or None, date_from, date_to)
    page = search_sources.find(session, parsed, filters, offset, limit)
    hits = _source_hits(session, page.found)
    claims: list[SearchHit] = []
    if fts and not outlet and date_from is None and date_to is None:
        claims = _search_claims(session, parsed, dossier_id, MAX_LIMIT)[:MAX_LIMIT]
    # Claim groups come after every source hit: the page takes those past its sources.
    first_claim = max(0, offset - page.total)
    hits += claims[first_claim : first_claim + limit - len(hits)]
    return SearchResults(
        query=query,
        terms=terms,
        backend=backend,
        hits=tuple(hits),
        total=page.total + len(claims),
        exact=page.exact,
    )


def outlet_choices(session: Session) -> list[str]:
    """The outlets of the stored sources, each once (as first stored), by name."""
    # Grouped by outlet on its covering index (0012), not one row per source.
    rows = session.exec(
        select(Source.outlet, func.min(Source.id))
        .join(Dossier, col(Dossier.id) == col(Source.dossier_id))
        .where(col(Source.deleted_at).is_(None), col(Dossier.deleted_at).is_(None))
        .group_by(col(Source.outlet))
    ).all()
    seen: dict[str, str] = {}
    for name, _first in sorted(rows, key=lambda row: row[1] or 0):
        if name.strip():
            seen.setdefault(name.strip().lower(), name.strip())
    return sorted(seen.values(), key=str.lower)


def dossier_choices(session: Session) -> list[tuple[int, str]]:
    """Every dossier as (id, title), by title, for the search form."""
    # Two columns, not 500 ORM objects: this runs on every search page.
    rows = session.exec(
        select(Dossier.id, Dossier.title)
        .where(col(Dossier.deleted_at).is_(None))
        .order_by(col(Dossier.title), col(Dossier.id))
    ).all()
    return [(int(i), title) for i, title in rows if i is not None]
