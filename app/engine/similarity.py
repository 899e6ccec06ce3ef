"""Claim-specific similarity between segments of a dossier (sparse TF-IDF over rich features).

Every segment of a one-event dossier is "about" the event, so topic words link everything.
The features here weigh what is specific to a claim: terms rare within the dossier (IDF is
computed on the dossier itself), names (capitalised words not opening a sentence), numbers,
multiword terms (adjacent content words, order-free so "Pakistan-China" meets
"China-Pakistan"), and acronyms defined in the texts ("Economic Corridor (CPEC)").

Invariants: the similarity of two segments is a cosine in [0, 1]; pairs are found with one
sparse product X·Xᵀ (:mod:`app.engine.sparse`), never by scoring all pairs in Python; only
pairs of different sources are returned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.engine.details import MONTHS
from app.engine.model import Segment
from app.engine.normalize import Token, is_stopword, match_key, token_tuple, tokens
from app.engine.sparse import Rows, from_triples, gram_pairs

if TYPE_CHECKING:
    import numpy as np

NAME_WEIGHT = 1.6
NUMBER_WEIGHT = 1.6
BIGRAM_WEIGHT = 0.7
ACRONYM_WEIGHT = 1.5

# What ends a sentence or a line before a capital, so that the capital names nothing.
_SENTENCE_BREAK = re.compile('[.!?:\n"\u201c]')
_REPORTING = frozenset(
    [
        "said",
        "say",
        "says",
        "saying",
        "told",
        "tells",
        "stated",
        "states",
        "added",
        "adds",
        "according",
        "noted",
        "notes",
        "reported",
        "reports",
        "quoted",
        "quoting",
    ]
)
_MONTH_KEYS = {match_key(name): f"month:{n}" for name, n in MONTHS.items()}
_DATE_GAP = re.compile(r"\.?\s*(?:of\s+)?|(?:st|nd|rd|th)?\s+(?:of\s+)?")

_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'\u2019&-]*[\s\u2013\u2014-]+(?:(?:of|and|for|the|on|de)\s+)*){1,8})"
    r"\(([A-Z][A-Za-z&]{1,9})\)"
)


@dataclass(frozen=True, slots=True)
class SegmentTerms:
    """The tokens of one segment (offsets into the source text) and its weighted features."""

    segment: Segment
    tokens: tuple[Token, ...]
    content: tuple[Token, ...]
    features: dict[str, float]
    # the keys weighed as names or dates (not bare numbers), read by unique facts
    heavy: tuple[str, ...] = ()


def _initials(words: Sequence[str]) -> str:
    parts: list[str] = []
    for word in words:
        parts.extend(p for p in re.split(r"[-\u2013\u2014]", word) if p)
    return "".join(p[0].upper() for p in parts if p[0].isupper())


def defined_acronyms(texts: Sequence[str]) -> dict[str, str]:
    """Acronyms defined in the texts: long-form key sequence (space-joined) → acronym key.

    A definition is "Long Form Words (LFW)" where the capitals of the long form spell the
    acronym; "China–Pakistan Economic Corridor (CPEC)" gives "china pakistan economic
    corridor" → "cpec".
    """
    found: dict[str, str] = {}
    for text in texts:
        for match in _ACRONYM_DEF.finditer(text):
            acronym = match.group(2)
            words = match.group(1).split()
            for size in range(len(words), 0, -1):
                tail = words[-size:]
                if _initials(tail) == acronym.upper():
                    long_keys = [t.key for t in tokens(" ".join(tail)) if not is_stopword(t.text)]
                    found[" ".join(long_keys)] = match_key(acronym)
                    break
    return found


def _is_name(token: Token, previous: Token | None, text: str) -> bool:
    """A capitalised word that does not open a sentence or a line (a likely proper noun)."""
    if not token.text[:1].isupper() or token.text.isupper() and len(token.text) > 5:
        return False
    if previous is None:
        return False
    gap = text[previous.end : token.start]
    return gap == " " or _SENTENCE_BREAK.search(gap) is None


def _feature_keys(toks: Sequence[Token], text: str) -> list[str]:
    """The similarity key of each token: its match key, with calendar dates made whole.

    A day number next to a month ("4 January", "Jan. 4") becomes one date key, so that it
    meets the same date in other words and never a count ("three-day", "4 sectors"); month
    names and their abbreviations share a key.
    """
    keys = [_MONTH_KEYS.get(t.key, t.key) for t in toks]
    for n, tok in enumerate(toks):
        if not tok.text.isdigit() or len(tok.text) > 2:
            continue
        for m in (n - 1, n + 1):
            if 0 <= m < len(toks) and keys[m].startswith("month:"):
                lo, hi = sorted((toks[m].end, tok.start)) if m < n else (tok.end, toks[m].start)
                if _DATE_GAP.fullmatch(text[lo:hi]):
                    keys[n] = f"date:{keys[m][6:]}-{int(tok.text)}"
                    break
    return keys


def segment_terms(segment: Segment, text: str, acronyms: dict[str, str]) -> SegmentTerms:
    """Tokens and weighted features (term frequency times kind weight) of one segment.

    Reporting frames ("said", "according to") carry no evidence of what is reported and get
    no feature.
    """
    toks = token_tuple(text, segment.start, segment.end)
    is_content = [bool(t.key) and not is_stopword(t.text) for t in toks]
    content = tuple([t for t, c in zip(toks, is_content, strict=True) if c])
    feature_keys = _feature_keys(toks, text)
    features: dict[str, float] = {}
    keys: list[str] = []
    heavy: list[str] = []
    previous: Token | None = None
    for tok, key, c in zip(toks, feature_keys, is_content, strict=True):
        if c and tok.text.lower() not in _REPORTING:
            weight = 1.0
            if key.isdigit() or key.startswith("date:"):
                weight = NUMBER_WEIGHT
            elif _is_name(tok, previous, text):
                weight = NAME_WEIGHT
            if weight > features.get(key, 0.0):
                features[key] = weight
            if weight > 1.0 and not key.isdigit():
                heavy.append(key)
            keys.append(key)
        previous = tok
    for a, b in zip(keys, keys[1:], strict=False):
        if a != b:  # the pair in sorted order, as one key
            features[a + "|" + b if a < b else b + "|" + a] = BIGRAM_WEIGHT
    joined = " " + " ".join(keys) + " "
    for long_form, acronym in acronyms.items():
        if f" {long_form} " in joined or f" {acronym} " in joined:
            features["@" + acronym] = ACRONYM_WEIGHT
    return SegmentTerms(segment, toks, content, features, tuple(heavy))


def tfidf_matrix(terms: Sequence[SegmentTerms]) -> Rows:
    """Rows: L2-normalised feature weights times dossier IDF (smoothed, over segments)."""
    import numpy as np

    vocab: dict[str, int] = {}
    counts: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for st in terms:
        counts.append(len(st.features))
        for feat, w in st.features.items():
            cols.append(vocab.setdefault(feat, len(vocab)))
            vals.append(w)
    n = max(len(terms), 1)
    col = np.asarray(cols, dtype=np.int64)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.asarray(counts, dtype=np.int64), out=indptr[1:])
    df = np.bincount(col, minlength=len(vocab))
    idf = np.log((n + 1) / (df + 1)) + 1.0
    data = np.asarray(vals, dtype=np.float64) * idf[col]
    x = Rows(indptr, col, data, len(vocab))
    norms = np.sqrt(np.bincount(x.row_of_entry(), weights=data * data, minlength=len(terms)))
    norms[norms == 0] = 1.0
    return Rows(indptr, col, data / norms[x.row_of_entry()], len(vocab))


def candidate_pairs(
    matrix: Rows, source_of: np.ndarray, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, score) with i < j, different sources and cosine >= ``floor``, via X·Xᵀ."""
    import numpy as np

    i, j, s = gram_pairs(matrix, floor)
    cross = source_of[i] != source_of[j]
    return i[cross], j[cross], np.minimum(s[cross], 1.0)


def document_similarity(matrix: Rows, source_of: np.ndarray, n_sources: int) -> np.ndarray:
    """Cosine between whole sources (sums of their segment rows): an n_sources² matrix.

    Reports of a different event of the same kind share topic words but few names, dates
    and rare terms, so their documents are less alike than reports of the same event.
    """
    import numpy as np

    rows = source_of[matrix.row_of_entry()]
    docs = from_triples(rows, matrix.indices, matrix.data, n_sources, matrix.n_cols)
    i, j, v = gram_pairs(docs, 0.0)
    sims = np.zeros((n_sources, n_sources))
    sims[i, j] = v
    sims[j, i] = v
    diag = np.bincount(docs.row_of_entry(), weights=docs.data**2, minlength=n_sources)
    sims[np.arange(n_sources), np.arange(n_sources)] = diag
    norms = np.sqrt(diag)
    norms[norms == 0] = 1.0
    sims /= norms[:, np.newaxis] * norms[np.newaxis, :]
    return sims
