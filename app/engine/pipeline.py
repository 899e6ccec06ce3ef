"""The ``compare`` pipeline: segment, weigh, align, group, and find unique facts.

Invariants of :func:`compare`:
- ``segments[k]`` are the segments of ``texts[k]`` (see :func:`segment_text`);
- every alignment has ``a.source < b.source``, a score in [0, 1], and spans equal to whole
  segments; alignments are sorted by (a.source, a.start, b.source, b.start);
- unique spans never overlap an aligned segment's shared words; a segment is reported whole
  (scope "segment") exactly when it is not article furniture and its source has no alignment
  at all; a segment without an alignment in a source that has some gives its content units
  (scope "phrase"); furniture is never linked nor unique;
- no segment of a source named in ``warnings`` (another event) is aligned or grouped;
- the result does not depend on the order of the texts except through source indices.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from app.engine.align import FLOOR, Link, decide_links
from app.engine.event import different_events, signature
from app.engine.groups import claim_groups
from app.engine.model import (
    FURNITURE_KINDS,
    Alignment,
    AlignmentKind,
    Comparison,
    Conflict,
    DiffOp,
    Segment,
    SourceWarning,
    Span,
)
from app.engine.segment import segment_text
from app.engine.similarity import (
    SegmentTerms,
    candidate_pairs,
    defined_acronyms,
    document_similarity,
    segment_terms,
    tfidf_matrix,
)
from app.engine.unique import find_uniques

if TYPE_CHECKING:
    import numpy as np

_DIGIT = re.compile(r"\d")
EQUIVALENT = 0.6
# Furniture of an article (photo captions and credits, bylines, datelines) is never a claim.
# A section heading (not the title) names a topic in a few words: a moderate cosine with it is
# one shared topic word, not a claim.
HEADING_MIN = 0.25
UNLINKED_KINDS = FURNITURE_KINDS
DIFF_BUDGET = 5000
# Links of repeated segments checked for conflicts (after every first segment's link).
COPY_BUDGET = 1000
DOC_REF = 0.25
DOC_POWER = 1.0
# Kinship of two sources: their document cosine over the nearer of the two sources' cosines
# with its closest other source. A report of another event of the same kind shares topic words
# with every report, but is less alike to them than each report is to its closest fellow, so
# links between the two kinds are weakened by (kinship / KIN_REF) ** KIN_POWER below KIN_REF.
# A source of a few segments (a headline, a brief) has a low cosine with everyone and says
# little of its event by it, so its links keep their score. With two sources kinship is 1.
# ECB+ dev (two events of one kind per case): groups P 0.888 -> 0.912, align F1 0.854 -> 0.855.
KIN_REF = 0.7
KIN_POWER = 2.0
KIN_MIN_SEGMENTS = 6

DiffFn = Callable[[str, Span, str, Span], tuple[DiffOp, ...]]
ConflictFn = Callable[[str, Span, str, Span], tuple[Conflict, ...]]


_PAIR_FUNCTIONS = (("app.engine.diffs", "word_diff"), ("app.engine.conflicts", "find_conflicts"))


def _validate(texts: Sequence[str]) -> None:
    if isinstance(texts, str):
        raise ValueError("compare() takes a sequence of texts, not one string")
    if len(texts) < 2:
        raise ValueError(f"need at least 2 texts to compare, got {len(texts)}")
    for n, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"text {n} is not a string ({type(text).__name__})")
        if not text.strip():
            raise ValueError(f"text {n} is empty or only whitespace")


def _pair_functions() -> tuple[DiffFn | None, ConflictFn | None]:
    """The word-diff and conflict finders, when those modules are installed."""
    import importlib

    found: list[object] = []
    for module, name in _PAIR_FUNCTIONS:
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            found.append(None)
    return found[0], found[1]  # type: ignore[return-value]


def _span(st: SegmentTerms) -> Span:
    seg = st.segment
    return Span(seg.source, seg.start, seg.end, seg.text)


def _alignments(
    terms: Sequence[SegmentTerms],
    links: Sequence[Link],
    texts: Sequence[str],
    rep_of: Sequence[int] | None = None,
) -> tuple[Alignment, ...]:
    """Alignments sorted by position; the ``DIFF_BUDGET`` strongest carry diffs and conflicts.

    Links given to a repeated segment (``rep_of[n] != n``, see :func:`repeats`) carry
    conflicts but no diff: the first of the repeats shows the wording, and a source that
    repeats one sentence a thousand times does not cost a thousand diffs, while a changed
    date in a repeat is still found (for the ``COPY_BUDGET`` strongest such links).

    A diff and its conflicts cost about 70 µs (C++ diff-match-patch, per-segment caches); a
    dossier of a hundred sources can have ten thousand links, so past the budget the weakest
    links keep empty ``diff``/``conflicts`` rather than making the whole comparison slow
    (100 sources x 50 sentences: 9,900 links; the budget keeps the process under 2 s).
    """
    word_diff, find_conflicts = _pair_functions()
    ranked = sorted(range(len(links)), key=lambda n: (-links[n].score, links[n].i, links[n].j))
    if rep_of is not None:
        is_copy = [rep_of[lk.i] != lk.i or rep_of[lk.j] != lk.j for lk in links]
        copies = [n for n in ranked if is_copy[n]][:COPY_BUDGET]
        ranked = [n for n in ranked if not is_copy[n]] + copies
    detailed = set(ranked[:DIFF_BUDGET])
    spans: dict[int, Span] = {}  # a segment takes part in several links; its span is made once

    def span_of(seg: int) -> Span:
        if seg not in spans:
            spans[seg] = _span(terms[seg])
        return spans[seg]

    out = []
    for n, link in enumerate(links):
        x, y = link.i, link.j
        if terms[y].segment.source < terms[x].segment.source:
            x, y = y, x
        sa, sb = span_of(x), span_of(y)
        ta, tb = texts[sa.source], texts[sb.source]
        diff: tuple[DiffOp, ...] = ()
        conflicts: tuple[Conflict, ...] = ()
        if n in detailed:
            first = rep_of is None or (rep_of[link.i] == link.i and rep_of[link.j] == link.j)
            diff = word_diff(ta, sa, tb, sb) if word_diff and first else ()
            conflicts = find_conflicts(ta, sa, tb, sb) if find_conflicts else ()
        kind: AlignmentKind = "equivalent" if link.score >= EQUIVALENT else "partial"
        out.append(
            Alignment(sa, sb, round(min(max(link.score, 0.0), 1.0), 6), kind, diff, conflicts)
        )
    out.sort(key=lambda al: (al.a.source, al.a.start, al.b.source, al.b.start))
    return tuple(out)


def repeats(terms: Sequence[SegmentTerms]) -> list[int]:
    """For each segment, the first segment of its source with the same wording (itself if none).

    Two segments of one source repeat each other when their features agree once numbers are
    set aside ("The minister met the envoy 3 times." / "... 4 times."); a segment without a
    word feature repeats nothing. Matching runs on the first of each set only, so a source that
    repeats itself costs no more than one that does not.
    """
    first: dict[tuple[int, frozenset[str]], int] = {}
    every_key: set[str] = set()
    for st in terms:
        every_key.update(st.features)
    with_digits = {k for k in every_key if _DIGIT.search(k)}
    out = []
    for n, st in enumerate(terms):
        words = frozenset(st.features.keys() - with_digits)
        if not words:
            out.append(n)
            continue
        out.append(first.setdefault((st.segment.source, words), n))
    return out


def _expand_repeats(links: Sequence[Link], rep_of: Sequence[int]) -> list[Link]:
    """Links of each first segment given to the segments that repeat it (one hop, no pairs of
    repeats with repeats: output stays linear in the number of segments)."""
    copies: dict[int, list[int]] = {}
    for n, rep in enumerate(rep_of):
        if rep != n:
            copies.setdefault(rep, []).append(n)
    if not copies:
        return list(links)
    out = list(links)
    for link in links:
        for end, other in ((link.i, link.j), (link.j, link.i)):
            for copy in copies.get(end, ()):
                out.append(Link(min(copy, other), max(copy, other), link.score))
    return out


def link_segments(
    texts: Sequence[str], apart: frozenset[int] = frozenset()
) -> tuple[tuple[tuple[Segment, ...], ...], list[SegmentTerms], list[Link]]:
    """Segment and weigh every text and decide the links between segments of different texts.

    The first half of :func:`compare`, public so that diagnostics (``bench/``) can inspect the
    evidence behind unique facts without repeating the pipeline. Sources in ``apart`` (another
    event, see :mod:`app.engine.event`) and article furniture (captions, bylines) get no link;
    a segment that repeats an earlier one of its source (:func:`repeats`) gets that one's links.
    Raises ``ValueError`` on bad input, like :func:`compare`.
    """
    _validate(texts)
    linked = _linked(texts, apart)
    return linked.segments, linked.terms, linked.links


class _Linked(NamedTuple):
    segments: tuple[tuple[Segment, ...], ...]
    terms: list[SegmentTerms]
    links: list[Link]
    rep_of: list[int]  # each segment's :func:`repeats` entry
    acronyms: dict[str, str]  # long form -> acronym, see ``defined_acronyms``


def _linked(texts: Sequence[str], apart: frozenset[int]) -> _Linked:
    """:func:`link_segments` on validated texts, with what the later steps reuse."""
    segments = tuple(segment_text(text, k) for k, text in enumerate(texts))
    acronyms = defined_acronyms(texts)
    terms = [segment_terms(seg, texts[seg.source], acronyms) for segs in segments for seg in segs]
    rep_of = repeats(terms)
    firsts = [n for n, rep in enumerate(rep_of) if rep == n]
    first_links = _link_firsts([terms[n] for n in firsts], len(texts), apart)
    links = [Link(firsts[lk.i], firsts[lk.j], lk.score) for lk in first_links]
    return _Linked(segments, terms, _expand_repeats(links, rep_of), rep_of, acronyms)


def _link_firsts(terms: Sequence[SegmentTerms], n_texts: int, apart: frozenset[int]) -> list[Link]:
    """Links among ``terms`` (indices into it), see :func:`link_segments`."""
    import numpy as np

    if not terms:
        return []
    source_of = np.array([st.segment.source for st in terms], dtype=np.int64)
    matrix = tfidf_matrix(terms)
    i, j, s = candidate_pairs(matrix, source_of, FLOOR)
    docs = document_similarity(matrix, source_of, n_texts)
    s = s * np.minimum(1.0, docs[source_of[i], source_of[j]] / DOC_REF) ** DOC_POWER
    kinship = kinship_factor(docs, np.bincount(source_of, minlength=n_texts))
    s = s * kinship[source_of[i], source_of[j]]
    linkable = np.array(
        [st.segment.kind not in UNLINKED_KINDS and st.segment.source not in apart for st in terms],
        dtype=bool,
    )
    heading = np.array(
        [st.segment.kind == "heading" and st.segment.index > 0 for st in terms], dtype=bool
    )
    keep = linkable[i] & linkable[j] & ((s >= HEADING_MIN) | ~(heading[i] | heading[j]))
    return decide_links(i[keep], j[keep], s[keep], source_of)


def kinship_factor(docs: np.ndarray, segment_counts: np.ndarray) -> np.ndarray:
    """The n_sources² factor that weakens links between sources of unlike kinship (KIN_REF).

    ``docs`` is :func:`document_similarity`; ``segment_counts[k]`` the segments of source k.
    Every factor is in (0, 1]; it is 1 on the diagonal, with two sources, and for a source of
    fewer than KIN_MIN_SEGMENTS segments.
    """
    import numpy as np

    off = docs.copy()
    np.fill_diagonal(off, 0.0)
    closest = off.max(axis=1)
    closest[closest == 0] = 1.0
    kinship = off / np.minimum(closest[:, np.newaxis], closest[np.newaxis, :])
    factor = np.minimum(1.0, kinship / KIN_REF) ** KIN_POWER
    short = segment_counts < KIN_MIN_SEGMENTS
    factor[short, :] = 1.0
    factor[:, short] = 1.0
    np.fill_diagonal(factor, 1.0)
    return np.maximum(factor, 1e-9)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its previous state on exit.

    A comparison allocates a few hundred thousand small tuples and dataclasses, none of them in
    reference cycles, so reference counting frees them all; the collector's passes over them
    find nothing (a cold 20 x 60 comparison in process: median 0.364 s -> 0.338 s).

    On exit the objects made meanwhile join the oldest generation (``freeze`` then ``unfreeze``
    moves them there without a pass): left young, they would make the first allocation after
    ``enable`` traverse all of them at once (~30 ms of a 100 x 50 comparison). A full
    collection still looks at them, as at any long-lived object.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def compare(texts: Sequence[str]) -> Comparison:
    """Compare N >= 2 news texts; raises ``ValueError`` with a readable message on bad input."""
    from app.engine import ENGINE_VERSION

    with cyclic_gc_paused():
        _validate(texts)
        # A source is told apart only against a majority of two others (event.py), so with
        # two sources no signature is read: on a 1 MB pair that is a second of regex scans.
        signatures = [signature(text) for text in texts] if len(texts) >= 3 else []
        warnings = different_events(signatures)
        segments, terms, links, rep_of, acronyms = _linked(
            texts, frozenset(w.source for w in warnings)
        )
        return Comparison(
            segments=segments,
            alignments=_alignments(terms, links, texts, rep_of),
            groups=claim_groups(terms, links),
            unique=find_uniques(terms, links, texts, acronyms),
            engine_version=ENGINE_VERSION,
            warnings=tuple(SourceWarning("different_event", w.source, w.reason) for w in warnings),
        )
