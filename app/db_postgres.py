"""Everything PostgreSQL-specific lives here (search index, backups), as db_sqlite does for SQLite.

Full-text search: one ordinary table ``search_index`` holds every searchable text, as the FTS5
table does on SQLite: sources (kind 'source', ``ref_id`` = source id, kept in sync by triggers
on ``source``) and claim-group labels (kind 'claim', written by :func:`index_claims`). Its
``document`` column is a ``tsvector`` (title weight A, outlet B, body D) under a GIN index;
queries go through ``websearch_to_tsquery`` one term at a time (so no user text is ever parsed
as an operator), are ranked by ``ts_rank`` and cut into snippets by ``ts_headline``. Rows of a
deleted dossier go with it (foreign key ``ON DELETE CASCADE``). A source's row also holds
``keys``, the engine's word keys as a tsvector (``app.services.key_search.index_vector``),
written by the ORM hook of :func:`install_source_keys`; the trigger resets it to
:data:`ANY_SOURCE` whenever the text changes (such a row is always a search candidate, so a
write that bypasses the ORM can make search slower, never wrong).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection

from app.db_sqlite import ELLIPSIS, MARK_END, MARK_START, SNIPPET_TOKENS, FtsRow

SEARCH_TABLE = "search_index"
#: Text search configuration: 'simple' lower-cases without stemming (sources are matched on
#: the engine's own word keys; this index serves claims and the candidate filter).
CONFIG = "simple"
#: The ``keys`` of a row whose keys are unknown (the trigger's default, or a text too big for a
#: tsvector): a lexeme no word can produce (words hold no space); every query also asks for it.
ANY_SOURCE = "any source"
ANY_SOURCE_VECTOR = f"''{ANY_SOURCE}''"
_CLEAN = "replace(replace(coalesce({}, ''), chr(57344), ''), chr(57345), '')"
_DOCUMENT = (
    "setweight(to_tsvector('simple', {title}), 'A') || "
    "setweight(to_tsvector('simple', {outlet}), 'B') || "
    "setweight(to_tsvector('simple', {body}), 'D')"
)

_CLEANED_NEW = (
    " FROM (SELECT "
    + _CLEAN.format("NEW.title || ' ' || NEW.filename")
    + " AS t, "
    + _CLEAN.format("NEW.outlet")
    + " AS o, "
    + _CLEAN.format("NEW.text")
    + " AS b) AS cleaned; "
)

_SEARCH_DDL = (
    "CREATE TABLE IF NOT EXISTS search_index ("
    " id bigserial PRIMARY KEY,"
    " kind varchar(10) NOT NULL,"
    " ref_id integer NOT NULL,"
    " dossier_id integer NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,"
    " title text NOT NULL,"
    " outlet text NOT NULL,"
    " body text NOT NULL,"
    " document tsvector NOT NULL,"
    f" keys tsvector NOT NULL DEFAULT '{ANY_SOURCE_VECTOR}')",
    "CREATE INDEX IF NOT EXISTS ix_search_index_document ON search_index USING gin (document)",
    "CREATE INDEX IF NOT EXISTS ix_search_index_keys ON search_index USING gin (keys)",
    "CREATE INDEX IF NOT EXISTS ix_search_index_ref ON search_index (kind, ref_id)",
    "CREATE OR REPLACE FUNCTION search_index_source() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    " IF TG_OP <> 'INSERT' THEN "
    "  DELETE FROM search_index WHERE kind = 'source' AND ref_id = OLD.id; "
    " END IF; "
    " IF TG_OP <> 'DELETE' THEN "
    "  BEGIN "
    "   INSERT INTO search_index (kind, ref_id, dossier_id, title, outlet, body, document) "
    "   SELECT 'source', NEW.id, NEW.dossier_id, t, o, b, "
    + _DOCUMENT.format(title="t", outlet="o", body="b")
    + _CLEANED_NEW
    + "  EXCEPTION WHEN program_limit_exceeded THEN "
    # A body past tsvector's 1 MB limit: title and outlet only (sources match on their keys).
    "   INSERT INTO search_index (kind, ref_id, dossier_id, title, outlet, body, document) "
    "   SELECT 'source', NEW.id, NEW.dossier_id, t, o, b, "
    + _DOCUMENT.format(title="t", outlet="o", body="''")
    + _CLEANED_NEW
    + "  END; "
    " END IF; "
    " RETURN NULL; "
    "END $$",
    "DROP TRIGGER IF EXISTS search_source_changed ON source",
    "CREATE TRIGGER search_source_changed "
    "AFTER INSERT OR DELETE OR UPDATE OF text, title, outlet, filename, dossier_id ON source "
    "FOR EACH ROW EXECUTE FUNCTION search_index_source()",
)
_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS search_source_changed ON source",
    "DROP FUNCTION IF EXISTS search_index_source()",
    "DROP TABLE IF EXISTS search_index",
)


def create_search_index(conn: Connection) -> None:
    """Create the table, its GIN index and the trigger if missing, and (re)index every source."""
    for statement in _SEARCH_DDL:
        conn.exec_driver_sql(statement)
    rebuild_source_index(conn)


def drop_search_index(conn: Connection) -> None:
    for statement in _SEARCH_DROP:
        conn.exec_driver_sql(statement)


def rebuild_source_index(conn: Connection) -> None:
    """Replace the index rows of every source with their current text and metadata."""
    conn.exec_driver_sql("DELETE FROM search_index WHERE kind = 'source'")
    title = _CLEAN.format("title || ' ' || filename")
    cleaned = (
        f"SELECT id, dossier_id, {title} AS t, {_CLEAN.format('outlet')} AS o, "
        f"{_CLEAN.format('text')} AS b FROM source"
    )
    conn.exec_driver_sql(
        "INSERT INTO search_index (kind, ref_id, dossier_id, title, outlet, body, document) "
        f"SELECT 'source', id, dossier_id, t, o, b, "
        f"{_DOCUMENT.format(title='t', outlet='o', body='b')} FROM ({cleaned}) AS cleaned"
    )


KeysOf = Callable[[str, str, str], "str | None"]
_installed: list[KeysOf] = []


def install_source_keys(keys_of: KeysOf) -> None:
    """After each ORM insert or update of a source's indexed columns on PostgreSQL, store
    ``keys_of(text, title, outlet)`` as its row's ``keys`` (once per process)."""
    if _installed:
        return
    _installed.append(keys_of)
    from sqlalchemy import event, inspect  # noqa: PLC0415

    from app.models import Source  # noqa: PLC0415

    def _store(_mapper: Any, conn: Connection, source: Source, *, inserted: bool) -> None:
        if conn.dialect.name != "postgresql":
            return
        state = inspect(source)
        watched = ("text", "title", "outlet", "filename", "dossier_id")
        if not inserted and not any(state.attrs[n].history.has_changes() for n in watched):
            return
        title = f"{source.title} {source.filename}"
        vector = keys_of(_clean(source.text), _clean(title), _clean(source.outlet))
        if vector is None:
            return  # the trigger's ANY_SOURCE stays
        conn.exec_driver_sql(
            "UPDATE search_index SET keys = %s::tsvector WHERE kind = 'source' AND ref_id = %s",
            (vector, source.id),
        )

    event.listen(Source, "after_insert", lambda m, c, s: _store(m, c, s, inserted=True))
    event.listen(Source, "after_update", lambda m, c, s: _store(m, c, s, inserted=False))


def fill_missing_keys(conn: Connection, keys_of: KeysOf, batch: int = 200) -> int:
    """Write ``keys`` of the source rows that have none (after copy-db or a raw update);
    a text too big for a tsvector stays :data:`ANY_SOURCE`. Returns the rows filled."""
    filled, after = 0, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT ref_id, body, title, outlet FROM search_index WHERE kind = 'source' "
            "AND keys = %s::tsvector AND ref_id > %s ORDER BY ref_id LIMIT %s",
            (f"'{ANY_SOURCE}'", after, batch),
        ).all()
        for ref_id, body, title, outlet in rows:
            vector = keys_of(body, title, outlet)
            if vector is not None:
                conn.exec_driver_sql(
                    "UPDATE search_index SET keys = %s::tsvector "
                    "WHERE kind = 'source' AND ref_id = %s",
                    (vector, ref_id),
                )
                filled += 1
            after = int(ref_id)
        if len(rows) < batch:
            return filled


def candidate_ids(conn: Connection, tsquery: str) -> list[int]:
    """Ids of the sources whose keys can satisfy ``tsquery`` (a GIN index scan), rows of
    unknown keys included."""
    rows = conn.exec_driver_sql(
        "SELECT ref_id FROM search_index WHERE kind = 'source' "
        "AND keys @@ (%s::tsquery || %s::tsquery)",
        (tsquery, f"'{ANY_SOURCE}'"),
    )
    return [int(r) for r in rows.scalars()]


def ranked_ids(
    conn: Connection,
    tsquery: str,
    words: Sequence[tuple[str, bool]],
    where: str,
    params: dict[str, Any],
    *,
    limit: int,
    offset: int,
) -> tuple[list[tuple[int, float]], int]:
    """Keyed candidates (``keys`` satisfies ``tsquery``) ``offset`` to ``offset + limit`` as
    (source id, minus ``ts_rank``), best (lowest) first, ties by id, and how many there are in
    all. The rank is ``ts_rank`` of the weighted ``document`` (title A, outlet B, body D) for
    any of ``words`` (text, also as a prefix), so frequent words and words in the title count
    more; a source holding the query only in another form ("seventh" for "7th") ranks 0.
    ``where`` filters ``source`` and ``dossier`` (joined) with named ``params``."""
    rank_sql, rank_params = _any_word_query(words)
    # Only the keys condition in the CTE, so the GIN index answers it alone (its tsvector
    # matches are exact: no row's keys are read); the kind is checked after.
    joined = (
        "FROM keyed si JOIN source ON source.id = si.ref_id "
        "JOIN dossier ON dossier.id = source.dossier_id "
        f"WHERE si.kind = 'source' AND {where}"
    )
    keyed = (
        "WITH keyed AS MATERIALIZED (SELECT ref_id, kind, document FROM search_index "
        "WHERE keys @@ CAST(:query AS tsquery)) "
    )
    sql = sql_text(
        f"{keyed}SELECT source.id, -ts_rank(si.document, {rank_sql}) AS score, "
        f"count(*) OVER () AS total {joined} ORDER BY score, source.id LIMIT :limit OFFSET :offset"
    )
    bound = {**params, **rank_params, "query": tsquery}
    # The planner prices that bitmap scan as if it re-read every matching row's toasted keys
    # and picks a sequential scan, which does read them: ~5x slower for a query most sources
    # match. Within this statement only, it must take an index.
    # No try/finally: a failed statement aborts the transaction, which ends the SET LOCAL
    # too, and a reset there would fail in turn and hide the first error.
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    rows = conn.execute(sql, {**bound, "limit": limit, "offset": offset}).all()
    total = int(rows[0][2]) if rows else None
    if total is None:
        counted = sql_text(f"{keyed}SELECT count(*) {joined}")
        total = int(conn.execute(counted, {**params, "query": tsquery}).scalar() or 0)
    conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
    return [(int(r[0]), float(r[1])) for r in rows], total


def _any_word_query(words: Sequence[tuple[str, bool]]) -> tuple[str, dict[str, str]]:
    """SQL for a tsquery holding any of ``words`` (phrases as phrases, each through
    ``websearch_to_tsquery`` quoted, so no operator is parsed), with named parameters."""
    parts: list[str] = []
    params: dict[str, str] = {}
    for n, (term, prefix) in enumerate(words):
        clean = term.replace('"', " ").split()
        if not clean:
            continue
        params[f"rank_{n}"] = '"' + " ".join(clean) + '"'
        piece = f"websearch_to_tsquery('{CONFIG}', :rank_{n})"
        if prefix and len(clean) == 1:
            # A lexeme of letters and digits only, so the quoted literal cannot break out.
            params[f"prefix_{n}"] = "'" + clean[0].lower().replace("'", "") + "':*"
            piece = f"({piece} || to_tsquery('{CONFIG}', :prefix_{n}))"
        parts.append(piece)
    return ("(" + " || ".join(parts) + ")" if parts else "''::tsquery"), params


def unkeyed_ids(conn: Connection, where: str, params: dict[str, Any]) -> list[int]:
    """Ids of the sources (passing ``where``) whose keys are unknown: always candidates."""
    sql = sql_text(
        "SELECT source.id FROM search_index si JOIN source ON source.id = si.ref_id "
        "JOIN dossier ON dossier.id = source.dossier_id "
        f"WHERE si.kind = 'source' AND si.keys @@ CAST(:unknown AS tsquery) AND {where} "
        "ORDER BY source.id"
    )
    found = conn.execute(sql, {**params, "unknown": f"'{ANY_SOURCE}'"})
    return [int(r) for r in found.scalars()]


def has_search_index(conn: Connection) -> bool:
    """True on PostgreSQL when the search table exists (migration 0003 has run)."""
    if conn.dialect.name != "postgresql":
        return False
    return conn.exec_driver_sql("SELECT to_regclass('search_index')").scalar() is not None


def _clean(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def index_claims(conn: Connection, dossier_id: int, claims: Sequence[tuple[int, str, str]]) -> None:
    """Replace the claim-group rows of one dossier with ``(group_id, label, text)`` triples.

    The caller commits.
    """
    conn.exec_driver_sql(
        "DELETE FROM search_index WHERE kind = 'claim' AND dossier_id = %s", (dossier_id,)
    )
    document = _DOCUMENT.format(title="%(label)s", outlet="''", body="%(text)s")
    for group_id, label, text in claims:
        conn.exec_driver_sql(
            "INSERT INTO search_index (kind, ref_id, dossier_id, title, outlet, body, document) "
            f"VALUES ('claim', %(ref)s, %(dossier)s, %(label)s, '', %(text)s, {document})",
            {"ref": group_id, "dossier": dossier_id, "label": _clean(label), "text": _clean(text)},
        )


def term_query(terms: Sequence[str], *, prefix_last: bool = True) -> tuple[str, list[str]]:
    """SQL for a tsquery holding every term (AND) and its parameters.

    Each term (a word, or space-joined words of a phrase) goes through ``websearch_to_tsquery``
    as a quoted phrase, so ``-``, ``or`` or quotes inside it are plain words; the last bare
    word also matches as a prefix ("astro" finds "astronauts")."""
    parts: list[str] = []
    params: list[str] = []
    for n, term in enumerate(terms):
        words = term.replace('"', " ").split()
        if not words:
            continue
        piece = f"websearch_to_tsquery('{CONFIG}', %s)"
        params.append('"' + " ".join(words) + '"')
        if prefix_last and n == len(terms) - 1 and len(words) == 1:
            # A lexeme of letters and digits only, so the quoted literal cannot break out.
            piece = f"({piece} || to_tsquery('{CONFIG}', %s || ':*'))"
            params.append("'" + words[0].lower().replace("'", "") + "'")
        parts.append(piece)
    return " && ".join(parts), params


def search_fts(
    conn: Connection,
    terms: Sequence[str],
    *,
    dossier_id: int | None = None,
    outlet: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    kind: str | None = None,
) -> list[FtsRow]:
    """Rows holding every term, best (highest ``ts_rank``, returned negated) first.

    Same filters and shape as :func:`app.db_sqlite.search_fts`; snippets come from
    ``ts_headline`` with the same private-use markers around each hit."""
    query_sql, query_params = term_query(terms)
    if not query_sql:
        return []
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, FragmentDelimiter={ELLIPSIS}, "
        f"MaxWords={SNIPPET_TOKENS}, MinWords={SNIPPET_TOKENS // 3}, MaxFragments=1"
    )
    sql = (
        f"WITH q AS (SELECT {query_sql} AS query) "
        "SELECT si.kind, si.ref_id, si.dossier_id, "
        f"ts_headline('{CONFIG}', si.title || ' ' || si.body, q.query, %s), "
        "-ts_rank(si.document, q.query) AS rank "
        "FROM search_index si CROSS JOIN q "
        "LEFT JOIN source ON si.kind = 'source' AND source.id = si.ref_id "
        "JOIN dossier ON dossier.id = si.dossier_id "
        "WHERE si.document @@ q.query AND source.deleted_at IS NULL "
        "AND dossier.deleted_at IS NULL"
    )
    params: list[Any] = [*query_params, options]
    if kind is not None:
        # Before the headline is cut: a source's headline re-reads its whole text.
        sql += " AND si.kind = %s"
        params.append(kind)
    if dossier_id is not None:
        sql += " AND si.dossier_id = %s"
        params.append(dossier_id)
    if outlet:
        sql += " AND lower(source.outlet) = lower(%s)"
        params.append(outlet)
    if date_from is not None:
        sql += " AND source.published_date >= %s"
        params.append(date_from)
    if date_to is not None:
        sql += " AND source.published_date <= %s"
        params.append(date_to)
    sql += " ORDER BY rank, si.id LIMIT %s"
    params.append(limit)
    rows = conn.exec_driver_sql(sql, tuple(params)).all()
    return [FtsRow(str(r[0]), int(r[1]), int(r[2]), str(r[3]), float(r[4])) for r in rows]
