"""Search sources on the engine's normalised word keys, with ``AND``, ``OR`` and quotes.

A query is read as alternatives separated by ``OR``; each alternative is a list of terms
that must all occur in a source (``AND`` between them is optional). A term is a word or a
"phrase in quotes" (its words in a row). Words match on :func:`app.engine.normalize.match_key`,
so "7th" finds "seventh", "defence" finds "defense" and "agreed" finds "agrees"; the last bare
word of the query also matches as a prefix ("astro" finds "astronauts").

Invariants:
- any string is a valid query: operators are the upper-case words ``AND``/``OR`` only, an
  unbalanced quote runs to the end, and a query without words matches nothing;
- a hit names the first sentence (segment ``position``) holding a matched word, and its
  snippet is that sentence, with the matched words as hit parts (plain text, no markup);
- offsets are character indices into the source's stored text.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from app import db_sqlite_keys
from app.engine.normalize import fold, match_key, tokens

MAX_TERMS = 16
_PIECE = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    keys: tuple[str, ...]
    prefix: str = ""  # the folded word, when the term may also match as a prefix


@dataclass(frozen=True, slots=True)
class KeyQuery:
    alternatives: tuple[tuple[Term, ...], ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for alt in self.alternatives for t in alt)


def parse(query: str) -> KeyQuery:
    """Alternatives of terms (see module docstring); at most 16 terms in all."""
    alternatives: list[list[Term]] = [[]]
    count = 0
    last_bare: tuple[int, int] | None = None
    for phrase, bare in _PIECE.findall(query):
        if bare in ("AND", "OR"):
            if bare == "OR" and alternatives[-1]:
                alternatives.append([])
            continue
        words = _WORD.findall(phrase if phrase else bare)
        pieces = [" ".join(words)] if phrase and words else words
        for text in pieces:
            if count >= MAX_TERMS:
                break
            alternatives[-1].append(Term(text, tuple(match_key(w) for w in text.split())))
            count += 1
            last_bare = None if phrase else (len(alternatives) - 1, len(alternatives[-1]) - 1)
    if last_bare is not None:
        alt, n = last_bare
        term = alternatives[alt][n]
        alternatives[alt][n] = Term(term.text, term.keys, fold(term.text))
    return KeyQuery(tuple(tuple(a) for a in alternatives if a))


@dataclass(frozen=True, slots=True)
class KeyedText:
    """A text's words as (start, end) spans, indexed by key and by folded word, so a term is
    looked up instead of compared with every word."""

    spans: tuple[tuple[int, int], ...]
    keys: tuple[str, ...]
    by_key: dict[str, tuple[int, ...]]
    by_fold: dict[str, tuple[int, ...]]


class _Memo:
    """Keyed texts by (source id, hash of the text), so a search does not re-tokenise every
    text; keyed on the text itself, as a stored hash column may lag behind an edit."""

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, int], KeyedText] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source_id: int, text: str) -> KeyedText:
        key = (source_id, hash(text))
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        keyed = keyed_text(text)
        with self._lock:
            self._items[key] = keyed
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return keyed


def keyed_text(text: str) -> KeyedText:
    words = list(tokens(text))
    by_key: dict[str, list[int]] = {}
    by_fold: dict[str, list[int]] = {}
    for n, t in enumerate(words):
        by_key.setdefault(t.key, []).append(n)
        by_fold.setdefault(fold(t.text), []).append(n)
    return KeyedText(
        spans=tuple((t.start, t.end) for t in words),
        keys=tuple(t.key for t in words),
        by_key={k: tuple(v) for k, v in by_key.items()},
        by_fold={k: tuple(v) for k, v in by_fold.items()},
    )


_texts = _Memo()


def keyed_source(source_id: int, text: str) -> KeyedText:
    return _texts.get(source_id, text)


def _term_spans(term: Term, text: KeyedText) -> list[tuple[int, int]]:
    """Where ``term`` occurs: (start, end) of each occurrence."""
    n = len(term.keys)
    starts = set(text.by_key.get(term.keys[0], ()))
    if n == 1 and term.prefix:
        for word, positions in text.by_fold.items():
            if word.startswith(term.prefix):
                starts.update(positions)
    out = []
    for i in sorted(starts):
        # a slice running past the last word is shorter than the phrase, so never equal
        if n == 1 or text.keys[i + 1 : i + n] == term.keys[1:]:
            out.append((text.spans[i][0], text.spans[i + n - 1][1]))
    return out


def matches(query: KeyQuery, texts: Sequence[KeyedText]) -> list[list[tuple[int, int]]] | None:
    """Spans per text (in order) of the terms of every alternative that holds, or ``None``
    when none holds. Each term may occur in any of ``texts`` (e.g. text, title, outlet)."""
    found: list[list[tuple[int, int]]] = [[] for _ in texts]
    held = False
    for alternative in query.alternatives:
        spans: list[list[list[tuple[int, int]]]] = []
        for term in alternative:
            per_text = [_term_spans(term, text) for text in texts]
            if not any(per_text):
                break  # this alternative fails: no need to look up its other terms
            spans.append(per_text)
        else:
            held = True
            for per_text in spans:
                for n, s in enumerate(per_text):
                    found[n].extend(s)
    return [sorted(set(s)) for s in found] if held else None


# ---------------------------------------------------------------- PostgreSQL candidate filter
#
# On PostgreSQL each source's index row also holds a ``keys`` tsvector: its word keys and, as
# "f:<word>", its folded words (no positions: phrases and word order are checked here, in
# Python). A query becomes a tsquery that every matching source satisfies (each term's keys
# present; the prefix term's folded prefix as an alternative), so only those sources are read
# and matched. The filter is never stricter than :func:`matches`; a row without keys (NULL) is
# always a candidate.

FOLD_MARK = db_sqlite_keys.FOLD_MARK
#: PostgreSQL refuses lexemes over 2 KiB and tsvectors over 1 MiB; stay well inside both.
_MAX_LEXEME = 500
_MAX_VECTOR_CHARS = 512 * 1024


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def index_words(texts: Sequence[KeyedText]) -> set[str]:
    """The index words of ``texts``: every match key and, after :data:`FOLD_MARK`, every
    folded word (what PostgreSQL's ``keys`` and SQLite's ``source_keys`` hold)."""
    words: set[str] = set()
    for text in texts:
        words.update(text.by_key)
        words.update(FOLD_MARK + w for w in text.by_fold)
    return words


def index_vector(texts: Sequence[KeyedText]) -> str | None:
    """The tsvector literal of ``texts`` (text, title, outlet), or None when too big."""
    words = index_words(texts)
    if any(len(w) > _MAX_LEXEME for w in words):
        return None
    literal = " ".join(_lexeme(w) for w in sorted(words))
    return literal if len(literal) <= _MAX_VECTOR_CHARS else None


def index_query(query: KeyQuery) -> str:
    """A tsquery literal every text that :func:`matches` ``query`` satisfies ("" for none)."""
    alternatives = []
    for alternative in query.alternatives:
        terms = []
        for term in alternative:
            keys = " & ".join(_lexeme(k) for k in dict.fromkeys(term.keys))
            if term.prefix:
                keys = f"( {keys} | {_lexeme(FOLD_MARK + term.prefix)}:* )"
            terms.append(keys)
        alternatives.append("( " + " & ".join(terms) + " )")
    return " | ".join(alternatives)


def source_vector(text: str, title: str, outlet: str) -> str | None:
    """:func:`index_vector` of a source's text, title and outlet (the texts search matches)."""
    return index_vector([keyed_text(text), keyed_text(title), keyed_text(outlet)])


def source_words(text: str, title: str, outlet: str) -> set[str]:
    """:func:`index_words` of a source's text, title and outlet (SQLite's keys table)."""
    return index_words([keyed_text(text), keyed_text(title), keyed_text(outlet)])


def key_alternatives(query: KeyQuery) -> list[list[tuple[tuple[str, ...], str]]]:
    """Per alternative, each term's match keys and folded prefix (SQLite's candidate filter)."""
    return [[(t.keys, t.prefix) for t in alt] for alt in query.alternatives]
