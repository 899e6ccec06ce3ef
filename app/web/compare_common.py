"""Helpers shared by the comparison view builders: references, URLs, cells, conflicts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast
from urllib.parse import urlencode

from markupsafe import Markup

from app.models import SegmentKind
from app.services import sources
from app.services.comparison_analysis import ConflictInfo, Mark, SegKey
from app.services.comparisons import DossierComparison
from app.web.compare_views import (
    CellSegment,
    ConflictItem,
    MarkedSegment,
    MarkKind,
    MarkOut,
    SourceRef,
)
from app.web.highlight import highlight
from app.web.paging import sentence_url


def source_id(dc: DossierComparison, index: int) -> int:
    sid = dc.sources[index].id
    assert sid is not None
    return sid


def ref(dc: DossierComparison, index: int) -> SourceRef:
    source = dc.sources[index]
    return SourceRef(
        id=source_id(dc, index), label=sources.label(source), url=f"/sources/{source.id}"
    )


def refs(dc: DossierComparison) -> list[SourceRef]:
    return [ref(dc, n) for n in range(len(dc.sources))]


def dossier_url(dc: DossierComparison) -> str:
    return f"/dossiers/{dc.dossier.id}"


def claim_url(dc: DossierComparison, claim_id: int) -> str:
    return f"{dossier_url(dc)}/claims/{claim_id}"


def compare_url(dc: DossierComparison, left: int, right: int, filter: str = "all") -> str:
    """URL of the side-by-side page for engine indices ``left``/``right``."""
    query = {"a": source_id(dc, left), "b": source_id(dc, right)}
    if filter != "all":
        query["filter"] = filter  # type: ignore[assignment]
    return f"{dossier_url(dc)}/compare?{urlencode(query)}"


def segment_url(dc: DossierComparison, key: SegKey) -> str:
    """The source page at the part holding sentence ``key``, scrolled to it."""
    return sentence_url(source_id(dc, key[0]), key[1])


def mark_out(mark: Mark) -> MarkOut:
    kind = cast(MarkKind, mark.kind if mark.kind in ("diff", "unique", "conflict") else "diff")
    return MarkOut(start=mark.start, end=mark.end, kind=kind, note=mark.note)


def cell(dc: DossierComparison, key: SegKey, marks: Iterable[Mark] = ()) -> CellSegment:
    seg = dc.analysis.seg(key)
    return CellSegment(
        source_id=source_id(dc, key[0]),
        position=seg.index,
        start=seg.start,
        end=seg.end,
        kind=SegmentKind(seg.kind),
        text=seg.text,
        marks=[mark_out(m) for m in sorted(marks, key=lambda m: (m.start, m.end, m.kind))],
        claim_id=dc.analysis.claim_of.get(key),
        url=segment_url(dc, key),
    )


def conflict_item(dc: DossierComparison, c: ConflictInfo) -> ConflictItem:
    a, b = dc.analysis.seg(c.a), dc.analysis.seg(c.b)
    return ConflictItem(
        id=c.id,
        kind=c.kind,
        explanation=c.explanation,
        a=ref(dc, c.a[0]),
        b=ref(dc, c.b[0]),
        a_text=a.text,
        b_text=b.text,
        url=f"{compare_url(dc, c.a[0], c.b[0], 'conflicts')}&conflict={c.id}#conflict-{c.id}",
    )


CSS_OF_MARK = {"diff": "hl-diff", "unique": "hl-unique", "conflict": "hl-conflict"}


def css_spans(marks: Iterable[MarkOut]) -> list[tuple[int, int, str]]:
    """Marks as (start, end, css class) for :func:`app.web.highlight.highlight`."""
    return [(m.start, m.end, CSS_OF_MARK[m.kind]) for m in marks]


def render_segment(seg: CellSegment | MarkedSegment) -> Markup:
    """The segment's text, escaped, with its marks highlighted (template helper)."""
    return highlight(seg.text, css_spans(seg.marks), seg.start)
