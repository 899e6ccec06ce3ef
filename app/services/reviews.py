"""Review decisions: record, undo, list (anchors re-resolved) and apply on top of a comparison.

Invariants:
- a decision is stored with text anchors only (see :mod:`app.models_review`); the engine's
  cached result is never changed: decisions are applied when the views are built;
- every decision listed carries a status: ``ok`` (all anchors where they were), ``moved``
  (found elsewhere in the current text) or ``needs_second_look`` (an anchor could not be
  found; the decision is kept and shown, but not applied);
- an anchor maps to the segment that overlaps its span the most (offsets are character
  indices into the source's stored text);
- :attr:`ReviewedComparison.fingerprint` extends the comparison's fingerprint with the
  dossier's decisions version, so memoised pages never show stale reviews;
- the functions that write commit exactly once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from app.ids import parse_id
from app.models import Source
from app.models_review import NOTE_MAX, ReviewDecision
from app.services import comparisons, dossiers
from app.services import sources as sources_service
from app.services.anchors import Anchor, AnchorState, Resolution, make_anchor, resolve
from app.services.comparison_analysis import Analysis, SegKey
from app.services.comparisons import DossierComparison
from app.services.errors import InvalidInput, NotFound
from app.services.review_overlay import Applied, Overlay, apply

ReviewKind = Literal["alignment", "membership", "claim", "unique"]
ReviewAction = Literal[
    "confirm", "reject", "link", "move", "detach", "split", "merge", "verify", "dispute"
]
DecisionStatus = Literal["ok", "moved", "needs_second_look"]
ACTIONS: dict[str, tuple[str, ...]] = {
    "alignment": ("confirm", "reject", "link"),
    "membership": ("move", "detach", "split", "merge"),
    "claim": ("verify", "dispute"),
    "unique": ("verify", "dispute"),
}
NEEDS_B = {"confirm", "reject", "link", "move", "split", "merge"}
LOCAL_USER = "local user"
ID_MAX = 2**53
OFFSET_MAX = 2**31
STATUS_OF: dict[AnchorState, DecisionStatus] = {
    AnchorState.ok: "ok",
    AnchorState.moved: "moved",
    AnchorState.lost: "needs_second_look",
}
RANK: dict[DecisionStatus, int] = {"ok": 0, "moved": 1, "needs_second_look": 2}


class SpanIn(BaseModel):
    """A span of a source: character offsets into its stored text (``start < end``)."""

    source_id: int = Field(ge=1, le=ID_MAX)
    start: int = Field(ge=0, le=OFFSET_MAX)
    end: int = Field(ge=1, le=OFFSET_MAX)


class DecisionCreate(BaseModel):
    """A decision: ``alignment`` confirm/reject/link (``a``, ``b`` sentences of two sources),
    ``membership`` move (``a`` joins ``b``'s group) or detach, ``claim``/``unique`` verify or
    dispute (``a`` only)."""

    kind: ReviewKind
    action: ReviewAction
    a: SpanIn
    b: SpanIn | None = None
    note: str = Field(default="", max_length=NOTE_MAX)


class AnchorOut(BaseModel):
    """An anchor as stored and where it is now (``current_*`` are ``None`` when lost)."""

    source_id: int
    start: int
    end: int
    text: str
    status: DecisionStatus
    current_start: int | None
    current_end: int | None
    reason: str = ""


class DecisionOut(BaseModel):
    id: int
    dossier_id: int
    kind: ReviewKind
    action: ReviewAction
    note: str
    author: str
    created_at: datetime
    status: DecisionStatus
    reason: str = Field(description="why the decision needs a second look, if it does")
    anchors: list[AnchorOut]


# ---------------------------------------------------------------- reading


def _anchors(row: ReviewDecision) -> list[Anchor]:
    out = [Anchor(row.a_source_id, row.a_start, row.a_end, row.a_text, row.a_before, row.a_after)]
    if row.b_source_id is not None and row.b_text is not None:
        out.append(
            Anchor(
                row.b_source_id,
                row.b_start or 0,
                row.b_end or 0,
                row.b_text,
                row.b_before or "",
                row.b_after or "",
            )
        )
    return out


def _anchor_out(anchor: Anchor, found: Resolution) -> AnchorOut:
    return AnchorOut(
        source_id=anchor.source_id,
        start=anchor.start,
        end=anchor.end,
        text=anchor.text,
        status=STATUS_OF[found.state],
        current_start=found.start,
        current_end=found.end,
        reason=found.reason,
    )


def resolve_decision(row: ReviewDecision, texts: dict[int, str]) -> DecisionOut:
    """``row`` with each anchor re-found in ``texts`` (source id → current text)."""
    assert row.id is not None
    anchors = [_anchor_out(a, resolve(a, texts.get(a.source_id))) for a in _anchors(row)]
    status = max((a.status for a in anchors), key=RANK.__getitem__)
    return DecisionOut(
        id=row.id,
        dossier_id=row.dossier_id,
        kind=row.kind,
        action=row.action,
        note=row.note,
        author=row.author,
        created_at=row.created_at,
        status=status,
        reason="; ".join(a.reason for a in anchors if a.status == "needs_second_look"),
        anchors=anchors,
    )


def _rows(session: Session, dossier_id: int) -> list[ReviewDecision]:
    return list(
        session.exec(
            select(ReviewDecision)
            .where(ReviewDecision.dossier_id == dossier_id)
            .order_by(col(ReviewDecision.id).desc())
        ).all()
    )


def _texts(rows: Sequence[Source]) -> dict[int, str]:
    return {s.id: s.text for s in rows if s.id is not None}


def list_decisions(session: Session, dossier_id: int) -> list[DecisionOut]:
    """Every decision of the dossier, newest first, with anchors resolved against the current
    texts. Raises :class:`NotFound` when the dossier does not exist."""
    dossiers.get_dossier(session, dossier_id)
    texts = _texts(sources_service.list_sources(session, dossier_id))
    return [resolve_decision(row, texts) for row in _rows(session, dossier_id)]


def get_decision(session: Session, decision_id: int) -> ReviewDecision:
    row = session.get(ReviewDecision, decision_id)
    if row is None:
        raise NotFound(f"There is no decision {decision_id}.")
    return row


# ---------------------------------------------------------------- writing


def _source_text(session: Session, dossier_id: int, source_id: int) -> str:
    source = session.get(Source, source_id)
    if source is None or source.dossier_id != dossier_id:
        raise InvalidInput(f"There is no source {source_id} in this dossier.")
    return source.text


def _anchor(session: Session, dossier_id: int, span: SpanIn) -> Anchor:
    text = _source_text(session, dossier_id, span.source_id)
    source = session.get(Source, span.source_id)
    if source is not None and source.deleted_at is not None:
        raise InvalidInput(
            f"Source {span.source_id} is in the trash; restore it before reviewing it.", 409
        )
    try:
        return make_anchor(span.source_id, text, span.start, span.end)
    except ValueError as exc:
        raise InvalidInput(f"The span {span.start}–{span.end} is not inside the source.") from exc


def _check(data: DecisionCreate) -> None:
    if data.action not in ACTIONS[data.kind]:
        raise InvalidInput(f"A {data.kind} decision cannot be '{data.action}'.")
    if (data.action in NEEDS_B) != (data.b is not None):
        needs = "needs" if data.action in NEEDS_B else "takes no"
        raise InvalidInput(f"'{data.action}' {needs} a second span (b).")
    if data.kind == "alignment" and data.b is not None and data.b.source_id == data.a.source_id:
        raise InvalidInput("Link sentences of two different sources.")
    if data.action in ("split", "merge") and data.b is not None and data.b == data.a:
        raise InvalidInput(f"To {data.action}, choose two different sentences.")


def record_decision(
    session: Session, dossier_id: int, data: DecisionCreate, author: str
) -> DecisionOut:
    """Store ``data`` by ``author``, anchored to the current texts; commits."""
    dossiers.get_dossier(session, dossier_id)
    _check(data)
    a = _anchor(session, dossier_id, data.a)
    b = _anchor(session, dossier_id, data.b) if data.b is not None else None
    row = ReviewDecision(
        dossier_id=dossier_id,
        kind=data.kind,
        action=data.action,
        note=data.note.strip(),
        author=author,
        a_source_id=a.source_id,
        a_start=a.start,
        a_end=a.end,
        a_text=a.text,
        a_before=a.before,
        a_after=a.after,
    )
    if b is not None:
        row.sqlmodel_update(
            {
                "b_source_id": b.source_id,
                "b_start": b.start,
                "b_end": b.end,
                "b_text": b.text,
                "b_before": b.before,
                "b_after": b.after,
            }
        )
    session.add(row)
    session.commit()
    session.refresh(row)
    texts = {s.source_id: _source_text(session, dossier_id, s.source_id) for s in (a, b) if s}
    return resolve_decision(row, texts)


def delete_decision(session: Session, decision_id: int) -> int:
    """Undo (delete) a decision; returns its dossier's id; commits."""
    row = get_decision(session, decision_id)
    dossier_id = row.dossier_id
    session.delete(row)
    session.commit()
    return dossier_id


# ---------------------------------------------------------------- applying


def segment_at(analysis: Analysis, index: int, start: int, end: int) -> SegKey | None:
    """The segment of source ``index`` overlapping ``start:end`` the most (first on ties)."""
    best: tuple[int, int] | None = None
    for seg in analysis.segments[index]:
        overlap = min(end, seg.end) - max(start, seg.start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, seg.index)
    return (index, best[1]) if best is not None else None


def _key(dc: DossierComparison, anchor: AnchorOut) -> SegKey | None:
    index = dc.index_of(anchor.source_id)
    if index is None or anchor.current_start is None or anchor.current_end is None:
        return None
    return segment_at(dc.analysis, index, anchor.current_start, anchor.current_end)


def applicable(dc: DossierComparison, decisions: Sequence[DecisionOut]) -> list[Applied]:
    """Decisions whose anchors were found, mapped to segments, oldest first."""
    out = []
    for d in sorted(decisions, key=lambda d: d.id):
        keys = [_key(dc, a) for a in d.anchors]
        if d.status == "needs_second_look" or any(k is None for k in keys):
            continue
        b = keys[1] if len(keys) > 1 else None
        out.append(Applied(d, d.kind, d.action, keys[0], b))  # type: ignore[arg-type]
    return out


@dataclass(frozen=True)
class ReviewedComparison:
    """A comparison with the dossier's decisions applied (``dc.analysis`` is the overlay's)."""

    dc: DossierComparison
    overlay: Overlay
    decisions: list[DecisionOut]

    @property
    def version(self) -> tuple[int, int]:
        return (len(self.decisions), max((d.id for d in self.decisions), default=0))

    @property
    def fingerprint(self) -> tuple[object, ...]:
        return (*self.dc.fingerprint, ("review", self.version))

    def decision(self, decision_id: int) -> DecisionOut | None:
        return next((d for d in self.decisions if d.id == decision_id), None)


class _OverlayMemo:
    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[tuple[object, ...], Overlay] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> Overlay | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: tuple[object, ...], value: Overlay) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_overlays = _OverlayMemo()


def reviewed_comparison(
    session: Session, dossier_id: int, showing: Sequence[int] = ()
) -> ReviewedComparison:
    """The dossier's comparison (cached engine result) with its decisions applied on top.

    ``showing``: sources the page must find in it (see ``comparisons.dossier_comparison``).
    """
    dc = comparisons.dossier_comparison(session, dossier_id, showing=showing)
    decisions = [resolve_decision(r, _texts(dc.sources)) for r in _rows(session, dossier_id)]
    if not decisions:
        return ReviewedComparison(dc, Overlay(dc.analysis), decisions)
    key = (str(session.get_bind().engine.url), dc.fingerprint, tuple(d.id for d in decisions))
    overlay = _overlays.get(key)
    if overlay is None:
        overlay = apply(dc.analysis, applicable(dc, decisions))
        _overlays.put(key, overlay)
    return ReviewedComparison(replace(dc, analysis=overlay.analysis), overlay, decisions)


def author_name(username: str | None) -> str:
    """Who a decision is recorded as: the signed-in user, or the personal install's user."""
    return username or LOCAL_USER


def segment_span(dc: DossierComparison, ref: str) -> SpanIn:
    """The span of the segment ``ref`` = ``"<source id>:<position>"`` of the comparison."""
    source_part, _, position_part = ref.partition(":")
    source_id, position = parse_id(source_part), parse_id(position_part)
    if source_id is None or position is None:
        raise InvalidInput(f"'{ref[:40]}' does not name a sentence.")
    index = dc.index_of(source_id)
    if index is None or position >= len(dc.analysis.segments[index]):
        raise InvalidInput(f"There is no sentence {ref} in this dossier.")
    seg = dc.analysis.segments[index][position]
    return SpanIn(source_id=source_id, start=seg.start, end=seg.end)


def segment_key(dc: DossierComparison, ref: str) -> SegKey:
    """The segment named by ``ref`` = ``"<source id>:<position>"`` (see :func:`segment_span`)."""
    span = segment_span(dc, ref)
    index, position = dc.index_of(span.source_id), parse_id(ref.partition(":")[2])
    assert index is not None and position is not None  # segment_span checked both
    return (index, position)


def check_regroup(rc: ReviewedComparison, action: str, a_ref: str, b_ref: str) -> None:
    """Refuse a split of sentences that are not in one claim and a merge of one claim with
    itself (the reviewed claims, as the editor sees them)."""
    if action not in ("split", "merge"):
        return
    claim_of = rc.dc.analysis.claim_of
    a, b = claim_of.get(segment_key(rc.dc, a_ref)), claim_of.get(segment_key(rc.dc, b_ref))
    same = a is not None and a == b
    if action == "split" and not same:
        raise InvalidInput("To split a claim, choose two different sentences of that claim.")
    if action == "merge" and same:
        raise InvalidInput("These sentences are already in one claim.")
