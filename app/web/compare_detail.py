"""Builders of the side-by-side, source and claim pages from a :class:`DossierComparison`.

Invariants: every mark carried by a view lies inside the segment it is attached to (offsets
into the source text); a filter only hides rows, never changes them; the rows of ``a=X&b=Y``
are the mirror images of those of ``a=Y&b=X``.
"""

from __future__ import annotations

from app.models import DossierPublic, SegmentKind
from app.services.comparison_analysis import Mark, SegKey
from app.services.comparison_pairs import PairRow, pair_rows, row_marks_by_key
from app.services.comparisons import DossierComparison
from app.services.errors import InvalidInput, NotFound
from app.services.reviews import DecisionOut, ReviewedComparison
from app.services.sources import label as source_label
from app.services.sources import to_public
from app.web.compare_common import (
    cell,
    claim_url,
    compare_url,
    conflict_item,
    ref,
    refs,
    segment_url,
)
from app.web.compare_views import (
    ClaimMember,
    ClaimView,
    CompareFilter,
    CompareRow,
    CompareView,
    ConflictNote,
    FilterLink,
    MarkedSegment,
    SegmentStatus,
    SourcePageView,
    SourceRef,
)
from app.web.paging import COMPARE_PAGE, PIECE_SIDE, cut_by_weight
from app.web.review_views import claim_extras, row_review, sentence_choices

FILTER_LABELS: dict[CompareFilter, str] = {
    "all": "All",
    "shared": "Shared",
    "only-left": "Only left",
    "only-right": "Only right",
    "conflicts": "Conflicts",
}
MIRROR: dict[CompareFilter, CompareFilter] = {"only-left": "only-right", "only-right": "only-left"}


# ---------------------------------------------------------------- side by side


def _index(dc: DossierComparison, source_id: int) -> int:
    index = dc.index_of(source_id)
    if index is None:
        raise NotFound(f"There is no source {source_id} in this dossier.")
    return index


def _notes(dc: DossierComparison, row: PairRow) -> list[ConflictNote]:
    notes = []
    for a in row.alignments:
        for c in (dc.analysis.conflicts[n] for n in dc.analysis.alignments[a].conflicts):
            left_first = c.a in row.first
            left, right = (c.a_mark, c.b_mark) if left_first else (c.b_mark, c.a_mark)
            left_seg = dc.analysis.seg(c.a if left_first else c.b)
            right_seg = dc.analysis.seg(c.b if left_first else c.a)
            notes.append(
                ConflictNote(
                    id=c.id,
                    kind=c.kind,
                    explanation=c.explanation,
                    left_text=_slice(left_seg.text, left_seg.start, left.start, left.end),
                    right_text=_slice(right_seg.text, right_seg.start, right.start, right.end),
                    left_position=left_seg.index,
                )
            )
    return notes


def _slice(text: str, offset: int, start: int, end: int) -> str:
    return text[max(start - offset, 0) : max(end - offset, 0)]


def _compare_row(
    dc: DossierComparison, n: int, row: PairRow, review: ReviewedComparison | None, sides: set[int]
) -> CompareRow:
    claim = next(
        (dc.analysis.claim_of[k] for k in row.first + row.second if k in dc.analysis.claim_of), None
    )
    kind = "shared" if row.shared else "only_left" if row.first else "only_right"
    als = [dc.analysis.alignments[a] for a in row.alignments]
    marks = row_marks_by_key(dc.analysis, row)
    return CompareRow(
        id=f"r{n}",
        kind=kind,
        claim_id=claim,
        claim_url=claim_url(dc, claim) if claim is not None else None,
        partial=any(al.kind != "equivalent" for al in als),
        left=[cell(dc, k, marks.get(k, ())) for k in row.first],
        right=[cell(dc, k, marks.get(k, ())) for k in row.second],
        conflicts=_notes(dc, row),
        **_row_review(review, row, sides),
    )


def _row_review(
    review: ReviewedComparison | None, row: PairRow, sides: set[int]
) -> dict[str, list[object]]:
    if review is None:
        return {}
    badges, pairs = row_review(review, row, sides)
    return {"review": list(badges), "pairs": list(pairs)}


def _touching(review: ReviewedComparison | None, source_ids: set[int | None]) -> list[DecisionOut]:
    if review is None:
        return []
    return [d for d in review.decisions if any(a.source_id in source_ids for a in d.anchors)]


def _keep(row: CompareRow, filter: CompareFilter) -> bool:
    if filter == "all":
        return True
    if filter == "conflicts":
        return bool(row.conflicts)
    return row.kind == filter.replace("-", "_")


def _filters(
    dc: DossierComparison, rows: list[CompareRow], left: int, right: int, active: CompareFilter
) -> list[FilterLink]:
    return [
        FilterLink(
            name=name,
            label=label,
            url=compare_url(dc, left, right, name),
            count=sum(_keep(r, name) for r in rows),
            active=name == active,
        )
        for name, label in FILTER_LABELS.items()
    ]


def compare_view(
    dc: DossierComparison,
    left_id: int,
    right_id: int,
    filter: CompareFilter,
    review: ReviewedComparison | None = None,
) -> CompareView:
    """Rows of aligned claims of two sources of the dossier, filtered by ``filter``.

    With ``review``, ``dc`` is taken from it (decisions applied) and rows carry their review.
    """
    if left_id == right_id:
        raise InvalidInput("Choose two different sources to compare.")
    dc = review.dc if review is not None else dc
    left, right = _index(dc, left_id), _index(dc, right_id)
    pairs = pair_rows(dc.analysis, left, right)
    rows = [_compare_row(dc, n, r, review, {left, right}) for n, r in enumerate(pairs)]
    return CompareView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=compare_url(dc, left, right, filter),
        left=ref(dc, left),
        right=ref(dc, right),
        filter=filter,
        filters=_filters(dc, rows, left, right, filter),
        rows=[r for r in rows if _keep(r, filter)],
        swap_url=compare_url(dc, right, left, MIRROR.get(filter, filter)),
        sources=refs(dc),
        decisions=_touching(review, {left_id, right_id}),
        left_sentences=sentence_choices(dc, left, set()) if review is not None else [],
        right_sentences=sentence_choices(dc, right, set()) if review is not None else [],
    )


def _pieces(row: CompareRow) -> list[CompareRow]:
    """``row`` cut into rows of at most :data:`PIECE_SIDE` sentences a side (id ``<row>-<n>``;
    both sides cut in proportion, so aligned stretches stay roughly level)."""
    longest = max(len(row.left), len(row.right))
    if longest <= PIECE_SIDE:
        return [row]
    count = -(-longest // PIECE_SIDE)
    out = []
    for n in range(count):
        left = row.left[n * len(row.left) // count : (n + 1) * len(row.left) // count]
        right = row.right[n * len(row.right) // count : (n + 1) * len(row.right) // count]
        refs = {f"{seg.source_id}:{seg.position}" for seg in left}
        # Each pair is shown once, beside its left sentence (a repeated sentence has many).
        pairs = [p for p in row.pairs if p.left_ref in refs]
        here = {seg.position for seg in left}
        # A conflict goes with its left sentence (notes without one, with the first piece).
        notes = [c for c in row.conflicts if c.left_position in here or (not n and not left)]
        if not n:
            notes += [c for c in row.conflicts if c.left_position is None]
        update = {
            "id": f"{row.id}-{n + 1}",
            "left": left,
            "right": right,
            "pairs": pairs,
            "conflicts": notes,
            "review": row.review if not n else [],  # said once, on the first piece
        }
        out.append(row.model_copy(update=update))
    return out


def compare_part(view: CompareView, part: int, conflict: int | None = None) -> CompareView:
    """``view`` cut to page ``part`` of its rows (long rows cut into pieces first); a page
    holds about :data:`COMPARE_PAGE` sentences and aligned pairs (more only when one piece
    alone weighs more), or the page holding conflict ``conflict``; the link form offers the
    sentences shown."""
    pieces = [piece for row in view.rows for piece in _pieces(row)]
    weights = [len(r.left) + len(r.right) + len(r.pairs) for r in pieces]
    at = next((n for n, r in enumerate(pieces) if any(c.id == conflict for c in r.conflicts)), None)
    rows, pager = cut_by_weight(pieces, weights, part, COMPARE_PAGE, view.url, at)
    shown = {f"{seg.source_id}:{seg.position}" for r in rows for seg in (*r.left, *r.right)}
    return view.model_copy(
        update={
            "rows": rows,
            "pager": pager,
            "left_sentences": [s for s in view.left_sentences if s.ref in shown],
            "right_sentences": [s for s in view.right_sentences if s.ref in shown],
        }
    )


# ---------------------------------------------------------------- source page


def _status(dc: DossierComparison, key: SegKey) -> SegmentStatus:
    if dc.analysis.conflicts_of(key):
        return "conflict"
    return "shared" if dc.analysis.alignments_of.get(key) else "unique"


def _shared_with(dc: DossierComparison, key: SegKey) -> list[SourceRef]:
    partners = sorted(set(dc.analysis.partners(key)))
    out = []
    for p in partners:
        r = ref(dc, p[0])
        out.append(r.model_copy(update={"url": segment_url(dc, p)}))
    return out


def _marked(dc: DossierComparison, key: SegKey) -> MarkedSegment:
    seg = dc.analysis.seg(key)
    marks = cell(
        dc,
        key,
        [
            *dc.analysis.phrases.get(key, ()),
            *(c.a_mark if c.a == key else c.b_mark for c in dc.analysis.conflicts_of(key)),
        ],
    ).marks
    claim = dc.analysis.claim_of.get(key)
    return MarkedSegment(
        position=seg.index,
        start=seg.start,
        end=seg.end,
        kind=SegmentKind(seg.kind),
        text=seg.text,
        status=_status(dc, key),
        claim_id=claim,
        claim_url=claim_url(dc, claim) if claim is not None else None,
        shared_with=_shared_with(dc, key),
        marks=marks,
        conflicts=[conflict_item(dc, c) for c in dc.analysis.conflicts_of(key)],
    )


def source_page_view(dc: DossierComparison, source_id: int) -> SourcePageView:
    """A source's full text, sentence by sentence, each marked shared, unique or conflict."""
    index = _index(dc, source_id)
    source = dc.sources[index]
    segments = [_marked(dc, s.key) for s in dc.analysis.segments[index]]
    counts: dict[SegmentStatus, int] = {"shared": 0, "unique": 0, "conflict": 0}
    for seg in segments:
        counts[seg.status] += 1
    return SourcePageView(
        source=to_public(source),
        label=source_label(source),
        dossier=DossierPublic.model_validate(dc.dossier),
        text=source.text,
        segments=segments,
        counts=counts,
        url=f"/sources/{source_id}",
    )


# ---------------------------------------------------------------- claim group


def claim_view(
    dc: DossierComparison, claim_id: int, review: ReviewedComparison | None = None
) -> ClaimView:
    """One claim: each source's wording side by side, differences highlighted; with
    ``review`` (decisions applied), what editors decided and what could move into it."""
    dc = review.dc if review is not None else dc
    claim = dc.analysis.claim(claim_id)
    if claim is None:
        raise NotFound(f"There is no claim {claim_id} in this dossier.")
    members = set(claim.members)
    als = [al for al in dc.analysis.alignments if al.a in members and al.b in members]
    by_source: dict[int, list[SegKey]] = {}
    for key in claim.members:
        by_source.setdefault(key[0], []).append(key)

    def marks(key: SegKey) -> list[Mark]:
        return [m for al in als for m in al.marks_for(key)] + list(dc.analysis.phrases.get(key, ()))

    conflicts = [c for al in als for c in (dc.analysis.conflicts[n] for n in al.conflicts)]
    return ClaimView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=claim_url(dc, claim_id),
        claim_id=claim_id,
        label=claim.label,
        source_count=len(claim.sources),
        only_in=source_label(dc.sources[claim.sources[0]]) if claim.single else None,
        members=[
            ClaimMember(source=ref(dc, s), segments=[cell(dc, k, marks(k)) for k in keys])
            for s, keys in sorted(by_source.items())
        ],
        missing=[ref(dc, n) for n in range(len(dc.sources)) if n not in by_source],
        conflicts=[conflict_item(dc, c) for c in conflicts],
        **(claim_extras(review, claim) if review is not None else {}),
    )
