"""Builders of the side-by-side, source and claim pages from a :class:`DossierComparison`.

Invariants: every mark carried by a view lies inside the segment it is attached to (offsets
into the source text); a filter only hides rows, never changes them; the rows of ``a=X&b=Y``
are the mirror images of those of ``a=Y&b=X``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models import DossierPublic, SegmentKind
from app.services.comparison_analysis import Mark, Seg, SegKey
from app.services.comparison_pairs import PairRow, marks_against
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
from app.web.compare_pieces import (
    ComparePlan,
    Piece,
    is_furniture,
    piece_with_conflict,
    plan,
    row_kind,
)
from app.web.compare_views import (
    CellSegment,
    ClaimMember,
    ClaimView,
    CompareFilter,
    CompareRow,
    CompareView,
    ConflictNote,
    FilterLink,
    MarkedSegment,
    PartnerSentence,
    SegmentStatus,
    SourcePageView,
)
from app.web.page_memo import memo_view
from app.web.paging import COMPARE_PAGE, SOURCE_PART, cut, cut_by_weight
from app.web.review_views import choices_of, claim_extras, row_badges, row_pairs

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


def _notes(dc: DossierComparison, piece: Piece, left: int) -> list[ConflictNote]:
    notes = []
    for a in piece.alignments:
        for c in (dc.analysis.conflicts[n] for n in dc.analysis.alignments[a].conflicts):
            left_first = c.a[0] == left
            left_mark, right_mark = (c.a_mark, c.b_mark) if left_first else (c.b_mark, c.a_mark)
            left_seg = dc.analysis.seg(c.a if left_first else c.b)
            right_seg = dc.analysis.seg(c.b if left_first else c.a)
            notes.append(
                ConflictNote(
                    id=c.id,
                    kind=c.kind,
                    explanation=c.explanation,
                    left_text=_slice(left_seg.text, left_seg.start, left_mark.start, left_mark.end),
                    right_text=_slice(
                        right_seg.text, right_seg.start, right_mark.start, right_mark.end
                    ),
                    left_position=left_seg.index,
                )
            )
    return notes


def _slice(text: str, offset: int, start: int, end: int) -> str:
    return text[max(start - offset, 0) : max(end - offset, 0)]


@dataclass(frozen=True)
class _RowFacts:
    """What a row's pieces share: the claim of its first grouped sentence and whether any
    of its alignments is partial."""

    claim: int | None
    partial: bool


def _row_facts(dc: DossierComparison, row: PairRow) -> _RowFacts:
    claim = next(
        (dc.analysis.claim_of[k] for k in row.first + row.second if k in dc.analysis.claim_of), None
    )
    partial = any(dc.analysis.alignments[a].kind != "equivalent" for a in row.alignments)
    return _RowFacts(claim, partial)


def _cells(
    dc: DossierComparison, keys: tuple[SegKey, ...], other: int, shared: bool
) -> list[CellSegment]:
    return [cell(dc, k, marks_against(dc.analysis, k, other) if shared else ()) for k in keys]


def _compare_row(
    dc: DossierComparison,
    piece: Piece,
    row: PairRow,
    facts: _RowFacts,
    sides: tuple[int, int],
    review: ReviewedComparison | None,
) -> CompareRow:
    left, right = sides
    pairs = row_pairs(review, PairRow(piece.left, piece.right, piece.alignments)) if review else []
    # The row's badges are said once, on its first piece (only then worth gathering).
    badges = row_badges(review, row, set(sides)) if review is not None and piece.n == 0 else []
    return CompareRow(
        id=piece.id,
        kind=row_kind(row),
        claim_id=facts.claim,
        claim_url=claim_url(dc, facts.claim) if facts.claim is not None else None,
        partial=facts.partial,
        left=_cells(dc, piece.left, right, row.shared),
        right=_cells(dc, piece.right, left, row.shared),
        conflicts=_notes(dc, piece, left),
        review=badges,
        pairs=pairs,
        furniture=is_furniture(dc.analysis, row),
    )


def _touching(review: ReviewedComparison | None, source_ids: set[int | None]) -> list[DecisionOut]:
    if review is None:
        return []
    return [d for d in review.decisions if any(a.source_id in source_ids for a in d.anchors)]


def _filters(
    dc: DossierComparison, counts: dict[CompareFilter, int], left: int, right: int, active: str
) -> list[FilterLink]:
    return [
        FilterLink(
            name=name,
            label=label,
            url=compare_url(dc, left, right, name),
            count=counts[name],
            active=name == active,
        )
        for name, label in FILTER_LABELS.items()
    ]


def _plan(
    dc: DossierComparison,
    left: int,
    right: int,
    filter: CompareFilter,
    review: ReviewedComparison | None,
) -> ComparePlan:
    # The reviewed fingerprint adds the decisions' version: a decision changes the rows.
    fingerprint = review.fingerprint if review is not None else dc.fingerprint
    key = ("compare_plan", fingerprint, left, right, filter)
    return memo_view(key, lambda: plan(dc.analysis, left, right, filter, review is not None))


def compare_view(
    dc: DossierComparison,
    left_id: int,
    right_id: int,
    filter: CompareFilter,
    review: ReviewedComparison | None = None,
    part: int = 1,
    conflict: int | None = None,
) -> CompareView:
    """Page ``part`` of the rows of aligned claims of two sources of the dossier, filtered by
    ``filter`` (or the page showing conflict ``conflict``). Long rows are cut into pieces
    (:mod:`app.web.compare_pieces`); a page holds about :data:`COMPARE_PAGE` sentences and
    aligned pairs (more only when one piece alone weighs more). Only the page's rows are
    built, so a page costs the same whatever the size of the two sources.

    With ``review``, ``dc`` is taken from it (decisions applied), rows carry their review and
    the link form offers the sentences shown.
    """
    if left_id == right_id:
        raise InvalidInput("Choose two different sources to compare.")
    dc = review.dc if review is not None else dc
    left, right = _index(dc, left_id), _index(dc, right_id)
    whole = _plan(dc, left, right, filter, review)
    at = piece_with_conflict(dc.analysis, whole.pieces, conflict) if conflict is not None else None
    url = compare_url(dc, left, right, filter)
    pieces, pager = cut_by_weight(whole.pieces, whole.weights, part, COMPARE_PAGE, url, at)
    facts: dict[int, _RowFacts] = {}
    rows = []
    for piece in pieces:
        row = whole.rows[piece.row]
        if piece.row not in facts:
            facts[piece.row] = _row_facts(dc, row)
        rows.append(_compare_row(dc, piece, row, facts[piece.row], (left, right), review))
    shown_left = [k for p in pieces for k in p.left]
    shown_right = [k for p in pieces for k in p.right]
    return CompareView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=url,
        left=ref(dc, left),
        right=ref(dc, right),
        filter=filter,
        filters=_filters(dc, whole.counts, left, right, filter),
        rows=rows,
        pager=pager,
        swap_url=compare_url(dc, right, left, MIRROR.get(filter, filter)),
        sources=refs(dc),
        decisions=_touching(review, {left_id, right_id}),
        left_sentences=choices_of(dc, shown_left) if review is not None else [],
        right_sentences=choices_of(dc, shown_right) if review is not None else [],
    )


# ---------------------------------------------------------------- source page


def _status(dc: DossierComparison, key: SegKey) -> SegmentStatus:
    if dc.analysis.is_furniture(key):
        return "furniture"  # never linked, and never a fact only this source reports
    if dc.analysis.conflicts_of(key):
        return "conflict"
    return "shared" if dc.analysis.alignments_of.get(key) else "unique"


def _shared_with(dc: DossierComparison, key: SegKey) -> list[PartnerSentence]:
    """Aligned sentences of other sources, in dossier order (a source's sentences together)."""
    out = []
    for p in sorted(set(dc.analysis.partners(key))):
        r = ref(dc, p[0])
        out.append(PartnerSentence(id=r.id, label=r.label, url=segment_url(dc, p), sentence=p[1]))
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


def source_page_view(dc: DossierComparison, source_id: int, part: int = 1) -> SourcePageView:
    """Part ``part`` of a source's text (:data:`SOURCE_PART` sentences), sentence by sentence,
    each marked shared, unique or conflict; ``counts`` cover the whole source. ``text`` is the
    stretch from the start of the part's first sentence to the start of the next part's (the
    first part from offset 0, the last to the end), so the parts' texts in order make the
    whole text. Only the part's sentences are built: a part costs the same in any source."""
    index = _index(dc, source_id)
    source = dc.sources[index]
    url = f"/sources/{source_id}"
    every = dc.analysis.segments[index]
    counts: dict[SegmentStatus, int] = {"shared": 0, "unique": 0, "conflict": 0, "furniture": 0}
    for s in every:
        counts[_status(dc, s.key)] += 1
    chosen, pager = cut(every, part, SOURCE_PART, url, param="part")
    start, end = 0, len(source.text)
    if pager.parts > 1:
        start = chosen[0].start if pager.part > 1 else 0
        end = every[pager.last].start if pager.last < pager.total else len(source.text)
    return SourcePageView(
        source=to_public(source),
        label=source_label(source),
        dossier=DossierPublic.model_validate(dc.dossier),
        text=source.text[start:end],
        segments=[_marked(dc, s.key) for s in chosen],
        counts=counts,
        url=url,
        pager=pager,
        text_start=start,
    )


# ---------------------------------------------------------------- claim group


def claim_marks(seg: Seg, per_partner: list[tuple[Mark, ...]]) -> list[Mark]:
    """Highlights of a claim member against all its partners in the claim: a word is "worded
    differently" only when no partner uses it (the diffs of every pair intersected: their
    union painted nearly every word of a claim reported three ways); each conflict once."""
    others = [m for marks in per_partner for m in marks if m.kind != "diff"]
    if not per_partner:
        return others
    common = set.intersection(
        *(
            {k for m in marks if m.kind == "diff" for k in range(m.start, m.end)}
            for marks in per_partner
        )
    )
    diffs: list[Mark] = []
    run_start: int | None = None
    for k in range(seg.start, seg.end + 1):
        inside = k in common and k < seg.end
        if inside and run_start is None:
            run_start = k
        elif not inside and run_start is not None:
            lo, hi = run_start, k
            while lo < hi and seg.text[lo - seg.start].isspace():
                lo += 1
            while hi > lo and seg.text[hi - 1 - seg.start].isspace():
                hi -= 1
            if hi > lo:
                diffs.append(Mark(lo, hi, "diff"))
            run_start = None
    return diffs + list(dict.fromkeys(others))


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
        return claim_marks(
            dc.analysis.seg(key), [al.marks_for(key) for al in als if key in (al.a, al.b)]
        ) + list(dc.analysis.phrases.get(key, ()))

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
