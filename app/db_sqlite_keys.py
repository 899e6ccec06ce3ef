"""SQLite's search candidate filter: an FTS5 table of each source's word keys (migration 0011).

The twin of PostgreSQL's ``keys`` tsvector (:mod:`app.db_postgres`): ``source_keys`` holds,
per source (``rowid`` = source id), the words that ``app.services.key_search.index_words``
gives (the engine's match keys and, marked, the folded words). Each word is stored as one
token of letters and digits, a kind letter then the hex of its UTF-8 bytes, so FTS5's
tokenizer can neither split nor fold it, and a prefix of a folded word stays a prefix of its
token. A query becomes an FTS5 expression that every matching source satisfies; phrases and
word order are checked in Python afterwards, so the filter only narrows which rows are read.

Invariant: a source without a row here is always a candidate. The ORM hook of
:func:`install_source_keys` writes the row at insert and at every change of the matched
columns; a trigger deletes it when those columns change or the source goes, so a write that
bypasses the ORM can make search slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection

KEYS_TABLE = "source_keys"
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
#: The mark key_search puts before a folded word (as opposed to a match key).
FOLD_MARK = "f:"

#: ``words_of(text, title, outlet)``: the source's index words, or None when unknown.
WordsOf = Callable[[str, str, str], "set[str] | None"]
#: One alternative of a query: per term, its match keys and its folded prefix ("" for none).
Alternative = Sequence[tuple[Sequence[str], str]]

_DDL = (
    # detail=none: no positions are needed (phrases are checked in Python); AND/OR/prefix work.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {KEYS_TABLE} USING fts5("
    "keys, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
    "CREATE TRIGGER IF NOT EXISTS source_keys_au "
    "AFTER UPDATE OF text, title, outlet, filename ON source BEGIN "
    f"DELETE FROM {KEYS_TABLE} WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS source_keys_ad AFTER DELETE ON source BEGIN "
    f"DELETE FROM {KEYS_TABLE} WHERE rowid = old.id; END",
)
_DROP = (
    "DROP TRIGGER IF EXISTS source_keys_au",
    "DROP TRIGGER IF EXISTS source_keys_ad",
    f"DROP TABLE IF EXISTS {KEYS_TABLE}",
)


def is_keys_table(name: str | None) -> bool:
    """True for the FTS5 keys table and its shadow tables (outside the SQLModel metadata)."""
    return name is not None and name in {KEYS_TABLE, *(KEYS_TABLE + s for s in SHADOW_SUFFIXES)}


def token(word: str) -> str:
    """The FTS5 token of an index word: "k" + hex for a match key, "f" + hex for a folded word."""
    if word.startswith(FOLD_MARK):
        return "f" + word[len(FOLD_MARK) :].encode().hex()
    return "k" + word.encode().hex()


def _document(words: Iterable[str]) -> str:
    return " ".join(sorted(token(w) for w in words))


def create_keys_table(conn: Connection, words_of: WordsOf) -> int:
    """Create the table and its triggers if missing and fill it for every source."""
    for statement in _DDL:
        conn.exec_driver_sql(statement)
    return fill_missing_keys(conn, words_of)


def drop_keys_table(conn: Connection) -> None:
    for statement in _DROP:
        conn.exec_driver_sql(statement)


def has_keys_table(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (KEYS_TABLE,)
    ).first()
    return found is not None


def store_keys(conn: Connection, source_id: int, words: set[str] | None) -> None:
    """Replace the source's row (none when ``words`` is None: always a candidate)."""
    conn.exec_driver_sql(f"DELETE FROM {KEYS_TABLE} WHERE rowid = ?", (source_id,))
    if words is not None:
        conn.exec_driver_sql(
            f"INSERT INTO {KEYS_TABLE}(rowid, keys) VALUES (?, ?)", (source_id, _document(words))
        )


def fill_missing_keys(conn: Connection, words_of: WordsOf, batch: int = 200) -> int:
    """Write the rows of the sources that have none (after a migration, copy-db or a raw
    update). Returns the rows written."""
    filled, after = 0, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT id, text, title || ' ' || filename, outlet FROM source "
            f"WHERE id > ? AND id NOT IN (SELECT rowid FROM {KEYS_TABLE}) ORDER BY id LIMIT ?",
            (after, batch),
        ).all()
        for source_id, text, title, outlet in rows:
            words = words_of(text, title, outlet)
            if words is not None:
                store_keys(conn, int(source_id), words)
                filled += 1
            after = int(source_id)
        if len(rows) < batch:
            return filled


def match_expression(alternatives: Sequence[Alternative]) -> str:
    """An FTS5 MATCH string every source whose words can satisfy a query satisfies: per
    alternative, every key of every term (or, for the prefix term, its folded prefix)."""
    groups = []
    for alternative in alternatives:
        terms = []
        for keys, prefix in alternative:
            term = " AND ".join(f'"{token(k)}"' for k in dict.fromkeys(keys))
            if prefix:
                term = f'({term} OR "{token(FOLD_MARK + prefix)}"*)'
            terms.append(f"({term})")
        groups.append("(" + " AND ".join(terms) + ")")
    return " OR ".join(groups)


def candidate_ids(conn: Connection, alternatives: Sequence[Alternative]) -> set[int]:
    """Ids of the sources whose keys can satisfy the query, sources without keys included."""
    rows = conn.exec_driver_sql(
        f"SELECT rowid FROM {KEYS_TABLE} WHERE {KEYS_TABLE} MATCH ? "
        f"UNION SELECT id FROM source WHERE id NOT IN (SELECT rowid FROM {KEYS_TABLE})",
        (match_expression(alternatives),),
    )
    return {int(r) for r in rows.scalars()}


def ranked_ids(
    conn: Connection,
    alternatives: Sequence[Alternative],
    rank_match: str,
    where: str,
    params: dict[str, Any],
    *,
    limit: int,
    offset: int,
) -> tuple[list[tuple[int, float]], int]:
    """Keyed candidates ``offset`` to ``offset + limit`` as (source id, rank), best (lowest)
    first, ties by id, and how many there are in all. The rank is the source's bm25 in the
    full-text index (``search_index``: title, outlet and body weighted 5, 2, 1) for the FTS5
    expression ``rank_match`` (the query's words, any of them), 0 when it holds none of them
    as written ("seventh" for "7th"): the keys table has no word counts (``detail = none``),
    and its bm25 would re-read every candidate's keys. ``where`` filters ``source`` and
    ``dossier`` (joined) with named ``params``; ``rank_match`` must be quoted strings only."""
    # Each keyed candidate once, with its bm25 when the full-text index holds a query word
    # (source rows there have rowid = source id; claim rows negative ones).
    grouped = (
        "(SELECT id, min(score) AS score FROM ("
        f"SELECT rowid AS id, 0.0 AS score, 1 AS keyed FROM {KEYS_TABLE} "
        f"WHERE {KEYS_TABLE} MATCH :match UNION ALL "
        "SELECT rowid, bm25(search_index, 5.0, 2.0, 1.0, 0.0, 0.0, 0.0), 0 FROM search_index "
        "WHERE search_index MATCH :rank_match AND rowid > 0) "
        "GROUP BY id HAVING max(keyed) = 1) AS g "
        "JOIN source ON source.id = g.id JOIN dossier ON dossier.id = source.dossier_id "
        f"WHERE {where}"
    )
    sql = sql_text(
        f"SELECT g.id, g.score, count(*) OVER () AS total FROM {grouped} "
        "ORDER BY g.score, g.id LIMIT :limit OFFSET :offset"
    )
    bound = {**params, "match": match_expression(alternatives), "rank_match": rank_match}
    rows = conn.execute(sql, {**bound, "limit": limit, "offset": offset}).all()
    if rows:
        return [(int(r[0]), float(r[1])) for r in rows], int(rows[0][2])
    return [], int(conn.execute(sql_text(f"SELECT count(*) FROM {grouped}"), bound).scalar() or 0)


def unkeyed_ids(conn: Connection, where: str, params: dict[str, Any]) -> list[int]:
    """Ids of the sources (passing ``where``) without a keys row: always candidates."""
    sql = sql_text(
        "SELECT source.id FROM source JOIN dossier ON dossier.id = source.dossier_id "
        # The docsize shadow table: one plain row per keyed source (the FTS5 table would scan).
        f"WHERE source.id NOT IN (SELECT id FROM {KEYS_TABLE}_docsize) AND {where} "
        "ORDER BY source.id"
    )
    return [int(r) for r in conn.execute(sql, params).scalars()]


_installed: list[WordsOf] = []


def install_source_keys(words_of: WordsOf) -> None:
    """After each ORM insert or update of a source's matched columns on SQLite (when the
    table exists), store ``words_of(text, title, outlet)`` as its row (once per process)."""
    if _installed:
        return
    _installed.append(words_of)
    from sqlalchemy import event, inspect  # noqa: PLC0415

    from app.models import Source  # noqa: PLC0415

    def _store(_mapper: Any, conn: Connection, source: Any, *, inserted: bool) -> None:
        if conn.dialect.name != "sqlite" or not has_keys_table(conn):
            return
        state = inspect(source)
        watched = ("text", "title", "outlet", "filename")
        if not inserted and not any(state.attrs[n].history.has_changes() for n in watched):
            return
        words = words_of(source.text, f"{source.title} {source.filename}", source.outlet)
        store_keys(conn, source.id, words)

    event.listen(Source, "after_insert", lambda m, c, s: _store(m, c, s, inserted=True))
    event.listen(Source, "after_update", lambda m, c, s: _store(m, c, s, inserted=False))
