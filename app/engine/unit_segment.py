"""One segment's tokens seen as :mod:`app.engine.units` reads them: which tokens are one
stretch of a clause, which are function words, names, dates or verbs, computed once per segment.

Invariants: every per-token list has one entry per token; ``joined(n)`` is False at the last
token and wherever a clause mark (comma, colon, semicolon, bracket, quote) parts ``n`` from
``n + 1``; offsets are character indices into the segment's original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.engine import lexicon as lx
from app.engine.normalize import STOPWORDS, Token, match_key

_JOIN = re.compile(r"^[ \t]*$|^[ \t]*[-\u2010\u2011\u2013\u2014][ \t]*$")  # inside one unit
_ADVERB_SKIP = lx.GENERIC_MODIFIERS | {"not", "also", "further"}
DATE_KEYS = lx.MONTHS | lx.WEEKDAYS
_HYPHENS = ("-", "\u2010", "\u2011")  # a real hyphen, as dossier_index.hyphen_joins reads it


@dataclass(frozen=True, slots=True)
class Unit:
    """Tokens ``first..last`` (inclusive) of a segment, with what kind of fact they hold."""

    first: int
    last: int
    kind: str  # "name", "date", "number", "phrase", "commitment", "list", "attribution"


class Segment:
    """The tokens of one segment with their classes, computed once."""

    def __init__(
        self,
        toks: Sequence[Token],
        text: str,
        known: Callable[[int], bool],
        names: set[str],
        governed: Container[str] = frozenset(),
    ):
        self.toks = toks
        self.governed = governed
        self.text = text
        # the gap after each token decides most questions, so it is read once
        join = _JOIN.match
        self._joined = [
            gap == " " or join(gap) is not None
            for gap in [text[a.end : b.start] for a, b in zip(toks, toks[1:], strict=False)]
        ]
        self._joined.append(False)
        self._verb: list[bool | None] = [None] * len(toks)
        self.known = list(map(known, range(len(toks))))
        self.stop = [_is_stop(t.text, t.key) for t in toks]
        for first, last in _complex_prepositions(toks):
            for m in range(first, last + 1):
                self.stop[m] = True
        self.name = self._names(names)
        self.date = [t.key.isdigit() or t.key in DATE_KEYS for t in toks]

    def _names(self, names: set[str]) -> list[bool]:
        """Capitalised words written as names, and those that open a name ("Mohammad Dar")."""
        found = [False] * len(self.toks)
        for n in range(len(self.toks) - 1, -1, -1):
            tok = self.toks[n]
            if not tok.text[:1].isupper() or tok.key in lx.HONORIFICS or self.stop[n]:
                continue
            opens = n + 1 < len(self.toks) and found[n + 1] and self.joined(n)
            found[n] = tok.key in names or opens
        return found

    def gap(self, n: int) -> str:
        """The text between token ``n`` and token ``n + 1``."""
        return self.text[self.toks[n].end : self.toks[n + 1].start]

    def hyphenated(self, n: int) -> bool:
        """Whether token ``n`` and the next are one word parted by a hyphen ("all-weather")."""
        return n + 1 < len(self.toks) and self.gap(n) in _HYPHENS

    def joined(self, n: int) -> bool:
        """Whether token ``n`` and the next are one stretch of a clause (no clause break)."""
        return 0 <= n < len(self._joined) and self._joined[n]

    def previous_word(self, n: int) -> str | None:
        """The key of the word before ``n`` in the same clause, skipping adverbs."""
        m = n - 1
        while m >= 0 and self._joined[m]:
            if self.toks[m].key not in _ADVERB_SKIP:
                return self.toks[m].key
            m -= 1
        return None

    def is_verb(self, n: int) -> bool:
        """A lower-case word placed as a verb: after "to", a modal or a pronoun, or in -ed."""
        found = self._verb[n]
        if found is None:
            found = self._verb[n] = self._placed_as_verb(n)
        return found

    def _placed_as_verb(self, n: int) -> bool:
        tok = self.toks[n]
        if not tok.text[:1].islower() or self.date[n]:
            return False
        before = self.previous_word(n)
        if before in _VERB_CUES:
            return not tok.text.lower().endswith(lx.NOUN_SUFFIXES + lx.ADJECTIVE_SUFFIXES)
        if before in lx.DETERMINERS:
            return False
        if tok.text.lower().endswith("ed"):
            return True
        if tok.key in lx.COMMON_VERBS:
            return n == 0 or not self.joined(n - 1) or self.stop[n - 1] or self.name[n - 1]
        return False


@lru_cache(maxsize=65536)
def _is_stop(text: str, key: str) -> bool:
    """A function word or preposition (remembered per spelling: texts repeat their words)."""
    return text.lower().strip("'\u2019") in STOPWORDS or not key or key in lx.PREPOSITIONS


_COMPLEX_FIRST_KEYS = frozenset(match_key(first) for first in lx.COMPLEX_BY_FIRST)
_VERB_CUES = frozenset({"to"}) | lx.MODALS | lx.SUBJECT_PRONOUNS


def _complex_prepositions(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Token ranges of multiword prepositions and conjunctions ("in order to", "as well as")."""
    found = []
    by_first = lx.COMPLEX_BY_FIRST
    for n, tok in enumerate(toks):
        if tok.key not in _COMPLEX_FIRST_KEYS:
            continue  # most words open none: one set lookup instead of lower() and a dict
        for phrase in by_first.get(tok.text.lower(), ()):
            words = [t.text.lower() for t in toks[n : n + len(phrase)]]
            if tuple(words) == phrase:
                found.append((n, n + len(phrase) - 1))
    return found


def closed(seg: Segment, n: int) -> bool:
    """A word that is never a fact alone (attribution, reference, grading, a light noun)."""
    key = seg.toks[n].key
    word = seg.toks[n].text.lower()
    return (
        seg.stop[n]
        or key in lx.NEVER_FACT
        or word in lx.GENERIC_MODIFIER_WORDS
        or word in lx.LIGHT_NOUN_WORDS
        or key in lx.PARTY_NOUNS
        or key in lx.TIME_WORDS
    )
