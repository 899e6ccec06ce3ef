"""View models of the comparison pages: what each page shows, and the schema of its JSON twin.

Offsets (``start``/``end`` of segments and marks) are character indices into the source's
stored text; marks are never HTML — the pages highlight them on the server, escaped.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.models import DossierPublic, SegmentKind, SourcePublic
from app.services.comparison_jobs import ComparisonStatus
from app.services.reviews import DecisionOut
from app.web.paging import Pager
from app.web.review_views import ReviewBadge, RowPair, SentenceChoice

MarkKind = Literal["diff", "unique", "conflict"]
# "furniture": a byline, dateline, caption, credit, timestamp or boilerplate line (not a claim).
SegmentStatus = Literal["shared", "unique", "conflict", "furniture"]
RowKind = Literal["shared", "only_left", "only_right"]
CompareFilter = Literal["all", "shared", "only-left", "only-right", "conflicts"]
MatrixSort = Literal["coverage", "order"]


class SourceRef(BaseModel):
    id: int
    label: str
    url: str


class PartnerSentence(BaseModel):
    """A sentence of another source aligned with this one: ``sentence`` is its position."""

    id: int
    label: str
    url: str
    sentence: int


class MarkOut(BaseModel):
    """A highlighted range: ``diff`` (wording the partner lacks), ``unique`` or ``conflict``."""

    start: int
    end: int
    kind: MarkKind
    note: str = ""


class CellSegment(BaseModel):
    """One segment of a source shown in a comparison cell, with its highlights."""

    source_id: int
    position: int
    start: int
    end: int
    kind: SegmentKind
    text: str
    marks: list[MarkOut]
    claim_id: int | None
    url: str


class ConflictItem(BaseModel):
    id: int
    kind: str
    explanation: str
    a: SourceRef
    b: SourceRef
    a_text: str
    b_text: str
    url: str = Field(description="the side-by-side comparison where the conflict occurs")


# ---------------------------------------------------------------- dossier overview


class OverviewSource(BaseModel):
    source: SourcePublic
    label: str
    url: str
    segment_count: int
    claim_count: int
    shared_count: int
    unique_count: int


class MatrixCell(BaseModel):
    source_id: int
    reported: bool
    text: str = ""
    url: str = ""


class MatrixRow(BaseModel):
    claim_id: int
    label: str
    url: str
    source_count: int
    only_in: str | None = Field(description="label of the one source reporting it, if one")
    cells: list[MatrixCell]
    review: list[ReviewBadge] = Field(default=[], description="editors' decisions on this claim")


class ChartBar(BaseModel):
    source_id: int
    label: str
    shared: int
    unique: int
    claims: int
    y: int
    shared_width: float
    unique_width: float


class Chart(BaseModel):
    claim_total: int
    width: int
    height: int
    bar_x: int
    bars: list[ChartBar]
    description: str


class PairLink(BaseModel):
    a: SourceRef
    b: SourceRef
    url: str


class SourceWarningOut(BaseModel):
    """A source the engine set apart: ``different_event`` means it reports another event
    than most sources of the dossier, so none of its sentences is aligned."""

    kind: str
    source: SourceRef
    reason: str


class OverviewView(BaseModel):
    dossier: DossierPublic
    url: str
    sources: list[OverviewSource]
    sort: MatrixSort
    claims: list[MatrixRow]
    chart: Chart
    conflicts: list[ConflictItem]
    conflicts_total: int = Field(default=0, description="conflicts in all (the list is capped)")
    pairs: list[PairLink]
    compare_url: str
    engine_version: str
    audit_url: str = ""
    decisions: list[DecisionOut] = Field(default=[], description="review decisions, newest first")
    warnings: list[SourceWarningOut] = Field(
        default=[], description="sources set apart by the engine (kind different_event)"
    )
    comparison: ComparisonStatus | None = Field(
        default=None, description="whether the comparison shown is current, being made, or failed"
    )


# ---------------------------------------------------------------- side by side


class ConflictNote(BaseModel):
    id: int
    kind: str
    explanation: str
    left_text: str
    right_text: str
    left_position: int | None = Field(default=None, description="the left sentence's position")


class CompareRow(BaseModel):
    id: str
    kind: RowKind
    claim_id: int | None
    claim_url: str | None
    partial: bool
    left: list[CellSegment]
    right: list[CellSegment]
    conflicts: list[ConflictNote]
    review: list[ReviewBadge] = Field(default=[], description="editors' decisions on this row")
    pairs: list[RowPair] = Field(default=[], description="the row's aligned sentence pairs")
    furniture: bool = Field(
        default=False,
        description="every sentence of the row is article furniture (byline, dateline, caption, "
        "credit, timestamp, boilerplate): not a claim, so no filter but `all` lists it",
    )


class FilterLink(BaseModel):
    name: CompareFilter
    label: str
    url: str
    count: int
    active: bool


class CompareView(BaseModel):
    dossier: DossierPublic
    url: str
    left: SourceRef
    right: SourceRef
    filter: CompareFilter
    filters: list[FilterLink]
    rows: list[CompareRow]
    pager: Pager | None = Field(default=None, description="which rows this page holds (`page`)")
    swap_url: str
    sources: list[SourceRef]
    decisions: list[DecisionOut] = Field(default=[], description="decisions on these two sources")
    left_sentences: list[SentenceChoice] = []
    right_sentences: list[SentenceChoice] = []
    comparison: ComparisonStatus | None = Field(
        default=None, description="whether the comparison shown is current, being made, or failed"
    )


# ---------------------------------------------------------------- source page


class MarkedSegment(BaseModel):
    position: int
    start: int
    end: int
    kind: SegmentKind
    text: str
    status: SegmentStatus
    claim_id: int | None
    claim_url: str | None
    shared_with: list[PartnerSentence]
    marks: list[MarkOut]
    conflicts: list[ConflictItem]


class SourcePageView(BaseModel):
    source: SourcePublic
    label: str
    dossier: DossierPublic
    text: str
    segments: list[MarkedSegment]
    counts: dict[SegmentStatus, int]
    url: str
    pager: Pager | None = Field(
        default=None,
        description="which sentences this part holds (`part`); `text` is the part's stretch",
    )
    text_start: int = Field(default=0, description="offset of `text` in the whole source text")
    comparison: ComparisonStatus | None = Field(
        default=None, description="whether the comparison shown is current, being made, or failed"
    )


# ---------------------------------------------------------------- claim group


class ClaimMember(BaseModel):
    source: SourceRef
    segments: list[CellSegment]


class ClaimView(BaseModel):
    dossier: DossierPublic
    url: str
    claim_id: int
    label: str
    source_count: int
    only_in: str | None
    members: list[ClaimMember]
    missing: list[SourceRef]
    conflicts: list[ConflictItem]
    review: list[ReviewBadge] = Field(default=[], description="editors' decisions on this claim")
    decisions: list[DecisionOut] = Field(default=[], description="decisions on its sentences")
    move_choices: list[SentenceChoice] = Field(
        default=[], description="sentences of other claims that could be moved into this one"
    )
    split_choices: list[SentenceChoice] = Field(
        default=[], description="its sentences, to split the claim between two of them"
    )
    merge_choices: list[SentenceChoice] = Field(
        default=[], description="the other claims (by their first sentence) to merge it with"
    )
    comparison: ComparisonStatus | None = Field(
        default=None, description="whether the comparison shown is current, being made, or failed"
    )
