"""Data model of a comparison: plain frozen dataclasses (serialised by ``app.engine.jsonout``).

Invariants shared by every type here:
- ``source`` is the index of the text in the order given to :func:`app.engine.compare`;
- ``start``/``end`` are character (``str``) indices into that text, ``0 <= start < end <= len``;
- ``text`` (where present) equals ``texts[source][start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SegmentKind = Literal[
    "sentence",
    "heading",
    "caption",
    "list_item",
    "byline",
    "dateline",
    "credit",
    "timestamp",
    "boilerplate",
]
# Article furniture: segments that frame a report (who wrote it, where and when it was filed,
# what a photo shows) and are never a claim, an alignment's member or a unique fact.
FURNITURE_KINDS: frozenset[str] = frozenset(
    {"byline", "dateline", "caption", "credit", "timestamp", "boilerplate"}
)
AlignmentKind = Literal["equivalent", "partial"]
DiffOpKind = Literal["equal", "only_a", "only_b"]
ConflictKind = Literal["number", "date", "ordinal", "person", "place", "modality", "time"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of one source text."""

    source: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence, heading, caption or list item; ``index`` is its position in its source."""

    source: int
    index: int
    start: int
    end: int
    kind: SegmentKind
    text: str


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One word-level diff operation; an ``equal`` op has both sides, ``only_a``/``only_b`` one."""

    op: DiffOpKind
    a: Span | None
    b: Span | None


@dataclass(frozen=True, slots=True)
class Conflict:
    """A detail that disagrees between two aligned segments, with a one-line explanation."""

    kind: ConflictKind
    a: Span
    b: Span
    explanation: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two segments of different sources that report the same claim (``a.source < b.source``)."""

    a: Span
    b: Span
    score: float
    kind: AlignmentKind
    diff: tuple[DiffOp, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class UniqueSpan:
    """A span only one source reports: a whole unpartnered segment or a phrase inside one."""

    span: Span
    scope: Literal["segment", "phrase"]
    reason: str


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Segments across sources reporting one claim; ``label`` is a short phrase from the texts."""

    id: int
    label: str
    members: tuple[Span, ...]
    sources: tuple[int, ...]
    partial: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceWarning:
    """Something the reader must know about a whole source (``kind`` "different_event": the
    source reports another event than most sources of the dossier, so it is not aligned)."""

    kind: Literal["different_event"]
    source: int
    reason: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything the engine found for N texts."""

    segments: tuple[tuple[Segment, ...], ...]
    alignments: tuple[Alignment, ...]
    groups: tuple[ClaimGroup, ...]
    unique: tuple[UniqueSpan, ...]
    engine_version: str = field(default="")
    warnings: tuple[SourceWarning, ...] = ()
