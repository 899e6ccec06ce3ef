"""The dossier overview: sources with claim counts, coverage matrix, chart, conflicts, pairs.

Invariants: a source's ``claim_count`` is the number of matrix rows where it reports the
claim, ``unique_count`` the number of those rows it alone reports, ``shared_count`` the rest;
the chart draws exactly these numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from app.engine import ENGINE_VERSION
from app.models import DossierPublic
from app.services.comparison_analysis import Claim, ConflictInfo, SegKey
from app.services.comparisons import DossierComparison
from app.services.reviews import ReviewedComparison
from app.services.sources import label as source_label
from app.services.sources import to_public
from app.web.compare_common import (
    claim_url,
    compare_url,
    conflict_item,
    dossier_url,
    ref,
    segment_url,
    source_id,
)
from app.web.compare_views import (
    Chart,
    ChartBar,
    MatrixCell,
    MatrixRow,
    MatrixSort,
    OverviewSource,
    OverviewView,
    PairLink,
    SourceWarningOut,
)
from app.web.paging import CONFLICTS_SHOWN
from app.web.review_views import claim_badges

PAIR_LINKS_MAX_SOURCES = 6
CHART_WIDTH = 400
CHART_BAR_X = 0
CHART_BAR_MAX = 398
CHART_ROW = 50


def _counts(dc: DossierComparison) -> list[tuple[int, int]]:
    """(claims, unique) per engine source index."""
    claims = [0] * len(dc.sources)
    unique = [0] * len(dc.sources)
    for claim in dc.analysis.claims:
        for s in claim.sources:
            claims[s] += 1
            unique[s] += claim.single
    return list(zip(claims, unique, strict=True))


def _overview_sources(dc: DossierComparison) -> list[OverviewSource]:
    counts = _counts(dc)
    return [
        OverviewSource(
            source=to_public(s),
            label=source_label(s),
            url=f"/sources/{s.id}",
            segment_count=len(dc.analysis.segments[n]),
            claim_count=counts[n][0],
            shared_count=counts[n][0] - counts[n][1],
            unique_count=counts[n][1],
        )
        for n, s in enumerate(dc.sources)
    ]


def _row(dc: DossierComparison, claim: Claim, review: ReviewedComparison | None) -> MatrixRow:
    first: dict[int, SegKey] = {}
    for key in claim.members:
        first.setdefault(key[0], key)
    cells = [
        MatrixCell(
            source_id=source_id(dc, n),
            reported=n in first,
            text=dc.analysis.seg(first[n]).text if n in first else "",
            url=segment_url(dc, first[n]) if n in first else "",
        )
        for n in range(len(dc.sources))
    ]
    return MatrixRow(
        claim_id=claim.id,
        label=claim.label,
        url=claim_url(dc, claim.id),
        source_count=len(claim.sources),
        only_in=source_label(dc.sources[claim.sources[0]]) if claim.single else None,
        cells=cells,
        review=claim_badges(review, claim) if review is not None else [],
    )


def _sorted_claims(dc: DossierComparison, sort: MatrixSort) -> list[Claim]:
    """``order``: reading order (first source, position); ``coverage``: most sources first."""
    claims = sorted(dc.analysis.claims, key=lambda c: min(c.members))
    if sort == "coverage":
        claims.sort(key=lambda c: -len(c.sources))
    return claims


def _chart(items: list[OverviewSource], claim_total: int) -> Chart:
    top = max([i.claim_count for i in items] + [1])
    scale = CHART_BAR_MAX / top
    bars = [
        ChartBar(
            source_id=i.source.id,
            label=i.label,
            shared=i.shared_count,
            unique=i.unique_count,
            claims=i.claim_count,
            y=4 + n * CHART_ROW,
            shared_width=round(i.shared_count * scale, 1),
            unique_width=round(i.unique_count * scale, 1),
        )
        for n, i in enumerate(items)
    ]
    parts = [f"{b.label}: {b.claims} claims, {b.shared} shared, {b.unique} only here" for b in bars]
    return Chart(
        claim_total=claim_total,
        width=CHART_WIDTH,
        height=8 + len(bars) * CHART_ROW,
        bar_x=CHART_BAR_X,
        bars=bars,
        description=f"{claim_total} claims in the dossier. " + "; ".join(parts) + ".",
    )


def _pairs(dc: DossierComparison) -> list[PairLink]:
    if len(dc.sources) > PAIR_LINKS_MAX_SOURCES:
        return []
    return [
        PairLink(a=ref(dc, i), b=ref(dc, j), url=compare_url(dc, i, j))
        for i, j in combinations(range(len(dc.sources)), 2)
    ]


def _one_per_discrepancy(conflicts: Sequence[ConflictInfo]) -> list[ConflictInfo]:
    """The first conflict of each discrepancy: a detail repeated in several aligned pairs of
    sentences (same kind, sources and values, hence the same explanation) is listed once."""
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for c in conflicts:
        key = (c.kind, c.a[0], c.b[0], c.explanation)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def overview_view(
    dc: DossierComparison, sort: MatrixSort, review: ReviewedComparison | None = None
) -> OverviewView:
    """Everything the dossier page shows; rows sorted by ``sort``. With ``review``, ``dc`` is
    taken from it (decisions applied) and every row says what editors decided."""
    dc = review.dc if review is not None else dc
    items = _overview_sources(dc)
    conflicts = _one_per_discrepancy(dc.analysis.conflicts)
    return OverviewView(
        dossier=DossierPublic.model_validate(dc.dossier),
        url=dossier_url(dc),
        sources=items,
        sort=sort,
        claims=[_row(dc, c, review) for c in _sorted_claims(dc, sort)],
        chart=_chart(items, len(dc.analysis.claims)),
        conflicts=[conflict_item(dc, c) for c in conflicts[:CONFLICTS_SHOWN]],
        conflicts_total=len(conflicts),
        pairs=_pairs(dc),
        compare_url=f"{dossier_url(dc)}/compare",
        engine_version=ENGINE_VERSION,
        audit_url=f"{dossier_url(dc)}/audit",
        decisions=review.decisions if review is not None else [],
        warnings=[
            SourceWarningOut(kind=w.kind, source=ref(dc, w.source), reason=w.reason)
            for w in dc.analysis.warnings
            if 0 <= w.source < len(dc.sources)
        ],
    )
