"""Facts that only one source reports: unpartnered segments and phrases inside aligned ones.

Invariants: every :class:`UniqueSpan` has ``span.text == texts[source][start:end]``, starts
and ends on a word, and lies inside one segment; phrase spans of a segment do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
        n for n, tok in enumerate(terms.tokens)
        if tok.start in content and tok.key not in partner_keys
    }
    out: list[UniqueSpan] = []
    source = terms.segment.source
    for run in _runs(terms, novel, text):
        start, end = run[0].start, run[-1].end
        out.append(UniqueSpan(Span(source, start, end, text[start:end]), "phrase",
                              _reason(run, names)))
    return out
