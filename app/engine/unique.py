"""Facts that only one source reports: unpartnered segments and phrases inside aligned ones.

Invariants: every :class:`UniqueSpan` has ``span.text == texts[source][start:end]``, starts
and ends on a word, and lies inside one segment; phrase spans of a segment do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from app.engine.align import Link
from app.engine.model import Span, UniqueSpan
from app.engine.normalize import Token
from app.engine.similarity import SegmentTerms

# A run of unique words may continue over function words and list commas, not over a clause.
_BRIDGE = re.compile(r"^(?:[\s,'\"\u2019\u201d\u201c-]*\w+){0,3}[\s,'\"\u2019\u201d\u201c-]*$")


def segment_unique(terms: SegmentTerms) -> UniqueSpan:
    """A whole segment that no other source reports."""
    seg = terms.segment
    span = Span(seg.source, seg.start, seg.end, seg.text)
    return UniqueSpan(span, "segment", "no other source reports this")


def _reason(run: Sequence[Token], names: set[str]) -> str:
    if any(t.key.isdigit() for t in run):
        return "a number or date the aligned sources do not give"
    if any(t.key in names for t in run):
        return "a name or place the aligned sources do not mention"
    return "a detail the aligned sources do not report"


def _runs(terms: SegmentTerms, novel: set[int], text: str) -> Iterable[list[Token]]:
    """Maximal runs of novel content tokens; a known content word or a clause mark ends one."""
    content = {t.start for t in terms.content}
    run: list[Token] = []
    for n, tok in enumerate(terms.tokens):
        if n in novel:
            if run and not _BRIDGE.match(text[run[-1].end : tok.start]):
                yield run
                run = []
            run.append(tok)
        elif tok.start in content and run:
            yield run
            run = []
    if run:
        yield run


def phrase_uniques(
    terms: SegmentTerms, partner_keys: set[str], text: str, names: set[str]
) -> list[UniqueSpan]:
    """Phrases of an aligned segment whose content words no partner segment contains."""
    content = {t.start for t in terms.content}
    novel = {
        n
        for n, tok in enumerate(terms.tokens)
        if tok.start in content and tok.key not in partner_keys
    }
    out: list[UniqueSpan] = []
    source = terms.segment.source
    for run in _runs(terms, novel, text):
        start, end = run[0].start, run[-1].end
        out.append(
            UniqueSpan(Span(source, start, end, text[start:end]), "phrase", _reason(run, names))
        )
    return out


def best_partners(terms: Sequence[SegmentTerms], links: Sequence[Link]) -> dict[int, set[int]]:
    """For each linked segment, its best-scoring partner in each other source.

    A segment may link to several of a source's segments; the best one is its counterpart
    for that claim, and the others only share part of it, so they do not vouch for its words.
    """
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for link in links:
        for seg, other in ((link.i, link.j), (link.j, link.i)):
            key = (seg, terms[other].segment.source)
            if (link.score, -other) > (best.get(key, (0.0, 0))[0], -best.get(key, (0.0, 0))[1]):
                best[key] = (link.score, other)
    mates: dict[int, set[int]] = {}
    for (seg, _), (_, other) in best.items():
        mates.setdefault(seg, set()).add(other)
    return mates


def find_uniques(
    terms: Sequence[SegmentTerms], links: Sequence[Link], texts: Sequence[str]
) -> tuple[UniqueSpan, ...]:
    """Unique spans of a dossier, sorted by (source, start).

    A segment without a link is unique whole; in a linked segment, the words that none of its
    best partners (one per other source) contains form unique phrases.
    """
    mates = best_partners(terms, links)
    names = {k for st in terms for k, w in st.features.items() if w > 1.0 and "|" not in k}
    out: list[UniqueSpan] = []
    for n, st in enumerate(terms):
        if n not in mates:
            out.append(segment_unique(st))
            continue
        known = {t.key for p in mates[n] for t in terms[p].tokens}
        out.extend(phrase_uniques(st, known, texts[st.segment.source], names))
    out.sort(key=lambda u: (u.span.source, u.span.start))
    return tuple(out)
